import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { TextKind } from '../encoder/encoder.js';
import type { Logger } from '../logging/logger.js';
import { EMBED_JOB_NAME, EmbedJobFailedError, EmbedJobResultSchema, quitRedis, reconnectDelayMs, type EmbedJob } from './embed-job.js';
import { abortPromise, EmbedderUnavailableError, type EmbedResult, type QueryEmbedder } from './query-embedder.js';

export interface RedisEmbedderOptions {
  redisUrl: string;
  queueName: string;
  prefix: string;
  /** The model the index was built with: workers serving another model refuse the job. */
  modelId: string;
  /** The longest one embed() waits for a worker, whatever the caller's own signal allows. */
  timeoutMs: number;
  logger: Logger;
}

interface Waiter {
  resolve(returnvalue: unknown): void;
  reject(err: Error): void;
}

/**
 * The producer side of the embed queue, used by every search replica: one BullMQ job per text,
 * answered by embed workers that batch whatever is queued.
 *
 * Redis down: `embed()` fails at once with EmbedderUnavailableError (the producer connection has no
 * offline queue and no per-command retries), calls waiting when the connection drops fail at that
 * moment too, and `ready()` is false; ioredis keeps reconnecting, and the same object works again
 * once Redis is back. Every call ends within `timeoutMs` at the latest.
 * A call that is aborted or times out removes its job if no worker has taken it yet, and every job
 * carries a deadline, so workers skip what nobody waits for any more.
 *
 * Results arrive through one QueueEvents stream reader shared by all calls (a map of waiters keyed
 * by job id, registered before the job is added). BullMQ's `job.waitUntilFinished` is not used: it
 * races with `removeOnComplete` ("Missing key for job", taskforcesh/bullmq#801) and adds two
 * listeners per call.
 */
export class RedisEmbedder implements QueryEmbedder {
  private readonly producer: Redis;
  private readonly queue: Queue<EmbedJob>;
  private readonly events: QueueEvents;
  /** The events reader's connection, once BullMQ has opened it (for ready()). */
  private eventsClient: { status: string } | undefined;
  private readonly waiters = new Map<string, Waiter>();
  private closing: Promise<void> | undefined;
  /** Set while Redis is unreachable and that has been logged (so an outage logs one warning). */
  private warnedDown = false;

  constructor(private readonly opts: RedisEmbedderOptions) {
    const log = opts.logger;
    this.producer = new Redis(opts.redisUrl, {
      // Fail fast: while disconnected a command is refused at once instead of buffered, and a
      // command in flight when the connection drops is failed instead of replayed later.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: opts.timeoutMs,
      retryStrategy: reconnectDelayMs,
      connectionName: `${opts.prefix}:${opts.queueName}:producer`,
    });
    this.producer.on('ready', () => {
      if (this.warnedDown) log.info({ queue: opts.queueName }, 'embed queue: Redis is back');
      this.warnedDown = false;
    });
    this.producer.on('close', () => {
      // Redis went away: the jobs in flight may be gone with it (compose runs it without
      // persistence), so their callers are told now rather than at their timeout; they may retry.
      for (const waiter of this.waiters.values())
        waiter.reject(new EmbedderUnavailableError('lost the connection to Redis while waiting for the embedding'));
    });
    this.producer.on('error', (err: Error) => {
      if (this.warnedDown || this.closing) return;
      this.warnedDown = true;
      log.warn({ queue: opts.queueName, err: err.message }, 'embed queue: Redis is unreachable; embeddings fail fast until it is back');
    });

    this.queue = new Queue<EmbedJob>(opts.queueName, {
      connection: this.producer,
      prefix: opts.prefix,
      defaultJobOptions: { attempts: 1, removeOnComplete: true, removeOnFail: true },
    });
    this.queue.on('error', (err) => this.logBackgroundError('queue', err));

    this.events = new QueueEvents(opts.queueName, {
      // The reader blocks on XREAD: its own connection, which waits out outages (BullMQ requires
      // maxRetriesPerRequest null on it).
      connection: { url: opts.redisUrl, maxRetriesPerRequest: null, retryStrategy: reconnectDelayMs },
      prefix: opts.prefix,
      // Read from the start of the (capped) event stream rather than "from now": with "$", a job
      // added before the reader's first XREAD reaches Redis could finish unseen. Old events are
      // read once at start-up and ignored (no waiter has their job id).
      lastEventId: '0',
    });
    this.events.on('completed', ({ jobId, returnvalue }) => this.waiters.get(jobId)?.resolve(returnvalue));
    this.events.on('failed', ({ jobId, failedReason }) => this.waiters.get(jobId)?.reject(new EmbedJobFailedError(failedReason)));
    this.events.on('removed', ({ jobId }) =>
      this.waiters
        .get(jobId)
        ?.reject(new EmbedderUnavailableError('the embedding job was removed from the queue before a worker finished it')),
    );
    this.events.on('error', (err) => this.logBackgroundError('events', err));
    this.events.getBackend().client.then(
      (client) => (this.eventsClient = client),
      () => {},
    );
  }

  /** Both connections are up (health checks: NOT_SERVING while Redis is unreachable). */
  ready(): boolean {
    return !this.closing && this.producer.status === 'ready' && this.eventsClient?.status === 'ready';
  }

  async embed(text: string, kind: TextKind, signal?: AbortSignal): Promise<EmbedResult> {
    if (this.closing) throw new EmbedderUnavailableError('the embedder is closed');
    signal?.throwIfAborted();
    if (this.producer.status !== 'ready') throw new EmbedderUnavailableError(`Redis is unreachable (connection ${this.producer.status})`);

    const { timeoutMs } = this.opts;
    const jobId = randomUUID();
    const cap = new AbortController();
    const timer = setTimeout(() => cap.abort(new EmbedderUnavailableError(`no embed worker answered within ${timeoutMs} ms`)), timeoutMs);
    const stop = signal ? AbortSignal.any([signal, cap.signal]) : cap.signal;
    const stopped = abortPromise(stop);
    // Registered before the job exists, so its completion cannot slip past.
    const finished = new Promise<unknown>((resolve, reject) => this.waiters.set(jobId, { resolve, reject }));
    finished.catch(() => {}); // observed below; a failure that lands while the add is in flight must not count as unhandled

    const job: EmbedJob = { text, kind, modelId: this.opts.modelId, deadline: Date.now() + timeoutMs };
    const added = this.queue.add(EMBED_JOB_NAME, job, { jobId }).then(
      () => undefined,
      (err: unknown) => {
        throw new EmbedderUnavailableError(`could not queue the embedding: ${(err as Error)?.message ?? String(err)}`, { cause: err });
      },
    );
    try {
      await Promise.race([added, stopped.promise]);
      return parseResult(await Promise.race([finished, stopped.promise]));
    } catch (err) {
      if (stop.aborted) this.abandon(jobId, added);
      if (err instanceof EmbedJobFailedError && err.code === 'deadline-passed') {
        throw new EmbedderUnavailableError('embed workers are too far behind: the job expired before a worker took it', { cause: err });
      }
      throw err;
    } finally {
      clearTimeout(timer);
      stopped.dispose();
      this.waiters.delete(jobId);
    }
  }

  /** Nobody waits for this job any more: remove it unless a worker has already taken it. */
  private abandon(jobId: string, added: Promise<void>): void {
    // remove() refuses a job a worker holds (it returns 0); that one finishes and removes itself.
    added.then(() => this.queue.remove(jobId)).catch(() => {});
  }

  private logBackgroundError(source: 'queue' | 'events', err: Error): void {
    // While Redis is down every connection reports it; the producer's warning already said so.
    if (this.warnedDown || this.closing) this.opts.logger.debug({ source, err: err.message }, 'embed queue error');
    else this.opts.logger.warn({ source, err: err.message }, 'embed queue error');
  }

  /** Stops the events reader, then the queue, then the producer connection. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    // The server drains its calls before closing the embedder; anything still waiting is told now.
    for (const waiter of this.waiters.values()) waiter.reject(new EmbedderUnavailableError('the embedder is closing'));
    this.waiters.clear();
    const eventsClosed = this.events.close().catch((err: unknown) => this.opts.logger.debug({ err }, 'closing the events reader'));
    if (this.eventsClient?.status === 'ready') {
      await eventsClosed;
    } else {
      // Redis is unreachable: QueueEvents.close() would wait for an 'end' event that ioredis never
      // emits for a connection between reconnect attempts (taskforcesh/bullmq#4585). Its close has
      // already cancelled the reconnect timer; force-closing the backend settles the rest.
      await this.events
        .getBackend()
        .close(true)
        .catch(() => {});
    }
    await this.queue.close().catch((err: unknown) => this.opts.logger.debug({ err }, 'closing the embed queue'));
    await quitRedis(this.producer);
  }
}

function parseResult(returnvalue: unknown): EmbedResult {
  const parsed = EmbedJobResultSchema.safeParse(returnvalue);
  if (!parsed.success) throw new EmbedJobFailedError(`the worker's result is malformed (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return { vector: Float32Array.from(parsed.data.vector), modelSha256: parsed.data.modelSha256 };
}
