import type { EmbedResult, QueryEmbedder } from '../../batching/query-embedder.js';
import type { TextKind } from '../../encoder/encoder.js';

/**
 * An embedder that answers from vectors computed beforehand (and cached on disk), so `eval
 * --compare` ranks every configuration through the service's own pipeline (SearchCore) without
 * running the model once per configuration. A text it does not have is a bug in the caller.
 */
export class PrecomputedEmbedder implements QueryEmbedder {
  constructor(
    private readonly vectors: ReadonlyMap<string, Float32Array>,
    private readonly modelSha256: string,
  ) {}

  embed(text: string, kind: TextKind): Promise<EmbedResult> {
    const vector = kind === 'query' ? this.vectors.get(text) : undefined;
    if (!vector) return Promise.reject(new Error(`no precomputed ${kind} vector for «${text.slice(0, 60)}»`));
    return Promise.resolve({ vector, modelSha256: this.modelSha256 });
  }

  ready(): boolean {
    return true;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
