import type { Context, MiddlewareFn } from 'telegraf';

export class HandlerTimeoutError extends Error {
  override readonly name = 'HandlerTimeoutError';
}

interface RunnerOptions {
  timeoutMs: number;
  /** Past this many updates in progress, intake waits (backpressure on getUpdates / the webhook). */
  maxConcurrent: number;
  onError: (err: unknown, ctx: Context) => Promise<void>;
}

/**
 * Runs each update detached from telegraf's intake so one slow search does not hold up everyone
 * else's updates (telegraf's polling waits for a whole batch; a webhook would make Telegram wait).
 * Updates of one chat run in order; each gets a timeout and the error boundary; `drain` waits for
 * what is in progress on shutdown.
 */
export class UpdateRunner {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly chains = new Map<number, Promise<void>>();

  constructor(private readonly opts: RunnerOptions) {}

  middleware(): MiddlewareFn<Context> {
    return (ctx, next) => {
      const chatId = ctx.chat?.id;
      const before = chatId === undefined ? undefined : this.chains.get(chatId);
      const task = (async () => {
        await before;
        await this.withTimeout(next());
      })().catch((err: unknown) => this.opts.onError(err, ctx).catch(() => undefined));
      this.inFlight.add(task);
      if (chatId !== undefined) this.chains.set(chatId, task);
      void task.finally(() => {
        this.inFlight.delete(task);
        if (chatId !== undefined && this.chains.get(chatId) === task) this.chains.delete(chatId);
      });
      return this.inFlight.size > this.opts.maxConcurrent ? task : Promise.resolve();
    };
  }

  get size(): number {
    return this.inFlight.size;
  }

  /** Waits for the updates in progress, at most `graceMs`; true when all finished. */
  async drain(graceMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
    const all = (async () => {
      while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
      return true as const;
    })();
    try {
      return await Promise.race([all, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async withTimeout(work: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HandlerTimeoutError(`update not handled within ${this.opts.timeoutMs} ms`)), this.opts.timeoutMs);
    });
    try {
      await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
