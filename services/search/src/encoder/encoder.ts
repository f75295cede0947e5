export type TextKind = 'query' | 'passage';

export interface EmbedOptions {
  /** Called as texts are embedded, with how many were just done (for progress bars). */
  onProgress?: (done: number) => void;
}

/** The narrow interface every consumer of embeddings depends on (search, index build, eval). */
export interface Encoder {
  readonly modelId: string;
  readonly dimension: number;
  load(): Promise<void>;
  /** Unit-length vectors, one per text, in input order. */
  embed(texts: readonly string[], kind: TextKind, opts?: EmbedOptions): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}
