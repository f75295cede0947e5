import type { Encoder, TextKind } from '../encoder/encoder.js';
import { abortPromise, type EmbedResult, type QueryEmbedder } from './query-embedder.js';

interface Pending {
  text: string;
  kind: TextKind;
  enqueuedAt: number;
  resolve: (r: EmbedResult) => void;
  reject: (e: unknown) => void;
  signal?: AbortSignal;
}

export interface BatchObserver {
  /** Seconds a text waited before its batch started. */
  queueWait?(seconds: number): void;
  /** Texts in a batch and the seconds the model took for it. */
  batch?(size: number, seconds: number): void;
}

/**
 * Continuous batching in front of an encoder: when idle, a text is embedded at once (no added
 * wait); while the model is busy, arrivals queue, and the next batch takes everything that
 * queued (up to `maxBatch`, queries and passages in separate runs). A caller whose signal aborts
 * stops waiting immediately; if its text has not started, it is dropped from the queue.
 */
export class ContinuousBatcher implements QueryEmbedder {
  private queue: Pending[] = [];
  private running = false;
  private closed = false;

  constructor(
    private readonly encoder: Encoder,
    private readonly modelSha256: string,
    private readonly maxBatch: number,
    private readonly observer: BatchObserver = {},
  ) {}

  ready(): boolean {
    return !this.closed;
  }

  embed(text: string, kind: TextKind, signal?: AbortSignal): Promise<EmbedResult> {
    if (this.closed) return Promise.reject(new Error('the batcher is closed'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    const abort = abortPromise(signal);
    const result = new Promise<EmbedResult>((resolve, reject) => {
      this.queue.push({ text, kind, enqueuedAt: performance.now(), resolve, reject, signal });
    });
    this.pump();
    return Promise.race([result, abort.promise]).finally(abort.dispose);
  }

  /** Starts the next batch if the model is free. Runs until the queue is empty. */
  private pump(): void {
    if (this.running) return;
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
      if (this.queue.length > 0) this.pump();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      // Drop callers who gave up while queued: no model time for answers nobody waits for.
      this.queue = this.queue.filter((p) => !p.signal?.aborted);
      const head = this.queue[0];
      if (!head) return;
      const batch: Pending[] = [];
      const rest: Pending[] = [];
      for (const p of this.queue) (p.kind === head.kind && batch.length < this.maxBatch ? batch : rest).push(p);
      this.queue = rest;
      const started = performance.now();
      for (const p of batch) this.observer.queueWait?.((started - p.enqueuedAt) / 1000);
      try {
        const vectors = await this.encoder.embed(
          batch.map((p) => p.text),
          head.kind,
        );
        this.observer.batch?.(batch.length, (performance.now() - started) / 1000);
        batch.forEach((p, i) => p.resolve({ vector: vectors[i]!, modelSha256: this.modelSha256 }));
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    // Let the batch in flight finish; queued callers are told the batcher closed.
    for (const p of this.queue.splice(0)) p.reject(new Error('the batcher is closed'));
    while (this.running) await new Promise((r) => setTimeout(r, 5));
  }
}
