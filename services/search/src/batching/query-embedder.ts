import type { TextKind } from '../encoder/encoder.js';

/** A vector and the model weights that produced it (so callers can refuse vectors of other weights). */
export interface EmbedResult {
  vector: Float32Array;
  modelSha256: string;
}

/**
 * Embeds single texts for request paths. Implementations batch concurrent callers together
 * (in-process, or through a Redis queue to embed workers). `signal` aborts the wait: a cancelled
 * or timed-out call stops waiting at once and rejects with the signal's reason.
 */
export interface QueryEmbedder {
  embed(text: string, kind: TextKind, signal?: AbortSignal): Promise<EmbedResult>;
  /** true when it can take work now (health checks). */
  ready(): boolean;
  close(): Promise<void>;
}

/** The embedder cannot reach what it needs (e.g. Redis is down): maps to gRPC UNAVAILABLE. */
export class EmbedderUnavailableError extends Error {
  override readonly name = 'EmbedderUnavailableError';
}

/** Rejects when the signal fires, with its reason (a DOMException AbortError/TimeoutError by default). */
export function abortPromise(signal: AbortSignal | undefined): { promise: Promise<never>; dispose: () => void } {
  if (!signal) return { promise: new Promise<never>(() => {}), dispose: () => {} };
  let onAbort = () => {};
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason ?? new DOMException('aborted', 'AbortError'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => {}); // callers race it; an unobserved rejection must not crash the process
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}
