import type { Logger } from '../logging/logger.js';
import type { FeedbackStore, ImpressionInput } from './feedback-store.js';

export interface ImpressionObserver {
  dropped?(n: number): void;
  written?(n: number): void;
}

/**
 * Impressions leave the search path through this buffer: `add` never blocks or throws; a loop
 * writes batches in the background. Memory is bounded: when the store is slow or down and the
 * buffer is full, new impressions are dropped and counted. Close flushes what is left.
 */
export class ImpressionBuffer {
  private pending: ImpressionInput[] = [];
  private timer: NodeJS.Timeout;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly store: FeedbackStore,
    private readonly max: number,
    private readonly log: Logger,
    private readonly observer: ImpressionObserver = {},
    flushEveryMs = 500,
    private readonly batchSize = 500,
  ) {
    this.timer = setInterval(() => void this.flush(), flushEveryMs);
    this.timer.unref();
  }

  get size(): number {
    return this.pending.length;
  }

  add(impression: ImpressionInput): void {
    if (this.pending.length >= this.max) {
      this.observer.dropped?.(1);
      return;
    }
    this.pending.push(impression);
    if (this.pending.length >= this.batchSize) void this.flush();
  }

  flush(): Promise<void> {
    this.flushing ??= this.writeAll().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async writeAll(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.batchSize);
      try {
        await this.store.recordImpressions(batch);
        this.observer.written?.(batch.length);
      } catch (err) {
        // Put the batch back if there is room (newer ones keep their place), else drop it.
        const room = this.max - this.pending.length;
        const kept = batch.slice(0, Math.max(0, room));
        this.pending.unshift(...kept);
        if (batch.length > kept.length) this.observer.dropped?.(batch.length - kept.length);
        this.log.warn({ err: (err as Error).message, pending: this.pending.length }, 'impressions not written yet');
        return;
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    if (this.pending.length > 0) this.observer.dropped?.(this.pending.length);
  }
}
