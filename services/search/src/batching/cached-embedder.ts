import { LRUCache } from 'lru-cache';
import type { TextKind } from '../encoder/encoder.js';
import { abortPromise, type EmbedResult, type QueryEmbedder } from './query-embedder.js';

export interface CacheObserver {
  hit?(): void;
  miss?(): void;
}

/**
 * An LRU of embeddings keyed by model id + kind + text in front of any embedder: popular queries
 * ("понедельник") skip the model entirely. Concurrent misses for the same text share one call.
 */
export class CachedEmbedder implements QueryEmbedder {
  private readonly cache: LRUCache<string, EmbedResult>;
  private readonly inflight = new Map<string, Promise<EmbedResult>>();

  constructor(
    private readonly inner: QueryEmbedder,
    private readonly modelId: string,
    maxEntries: number,
    private readonly observer: CacheObserver = {},
  ) {
    this.cache = new LRUCache({ max: Math.max(1, maxEntries) });
  }

  ready(): boolean {
    return this.inner.ready();
  }

  async embed(text: string, kind: TextKind, signal?: AbortSignal): Promise<EmbedResult> {
    const key = `${this.modelId}\u0000${kind}\u0000${text}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.observer.hit?.();
      return cached;
    }
    this.observer.miss?.();
    let shared = this.inflight.get(key);
    if (!shared) {
      // The shared call carries no caller's signal: one caller giving up must not fail the others.
      // Inner embedders bound their own wait, so an abandoned shared call still ends.
      shared = this.inner.embed(text, kind).then((r) => {
        this.cache.set(key, r);
        return r;
      });
      shared.catch(() => {}).finally(() => this.inflight.delete(key));
      this.inflight.set(key, shared);
    }
    if (!signal) return shared;
    const abort = abortPromise(signal);
    return Promise.race([shared, abort.promise]).finally(abort.dispose);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
