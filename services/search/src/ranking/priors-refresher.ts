import type { FeedbackStore } from '../feedback/feedback-store.js';
import type { Logger } from '../logging/logger.js';
import { computePriors, type PriorWeights } from './popularity-priors.js';

/**
 * Recomputes the popularity priors from aggregated counts every `intervalMs` (never per request
 * from raw rows) and swaps them in whole. A failed refresh keeps the previous priors.
 */
export class PriorsRefresher {
  private priors: ReadonlyMap<string, number> = new Map();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: FeedbackStore,
    private readonly weights: PriorWeights,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  get current(): ReadonlyMap<string, number> {
    return this.priors;
  }

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.intervalMs);
    this.timer.unref();
  }

  /** One refresh now (also used by tests and after bulk feedback). */
  refresh(): Promise<void> {
    this.running ??= this.store
      .memeCounts()
      .then((counts) => {
        this.priors = computePriors(counts, this.weights);
        this.log.debug({ memes: this.priors.size }, 'ranking priors refreshed');
      })
      .catch((err: unknown) => this.log.warn({ err: (err as Error).message }, 'ranking priors not refreshed; keeping the previous ones'))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
