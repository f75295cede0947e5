import type { QueryEmbedder } from '../batching/query-embedder.js';
import type { Meme } from '../corpus/meme.js';
import type { TextKind } from '../encoder/encoder.js';
import type { IndexArtifact } from '../index/index-artifact.js';
import { fuseWithPriors } from '../ranking/popularity-priors.js';
import { normalizeQuery } from './query-validation.js';
import type { Retriever } from './retriever.js';
import type { ServedIndex } from './served-index.js';

const NO_PRIORS: ReadonlyMap<string, number> = new Map();

export interface SearchFilters {
  tags: string[];
  /** Results whose score (below) is lower are left out; 0 = no threshold. */
  minScore: number;
}

export const NO_FILTERS: SearchFilters = { tags: [], minScore: 0 };

export interface ScoredMeme {
  meme: Meme;
  /**
   * Relevance, higher is better: the dense cosine, plus the weighted lexical scores when lexical
   * fusion is on, plus the meme's popularity prior when priors are on. Not a cosine (it can pass 1);
   * under RRF fusion it is the reciprocal-rank sum (about 0.01–0.03). Comparable within one index
   * version and configuration only.
   */
  score: number;
}

/** Vectors from other weights than the index's: searching with them would return noise. */
export class ModelMismatchError extends Error {
  override readonly name = 'ModelMismatchError';
}

/**
 * The search pipeline, free of gRPC: normalise the query → spell (if on) → embed through whichever
 * embedder is configured (in-process batching, Redis workers, or precomputed vectors in eval) → rank
 * (dense + lexical fusion) → filters → popularity priors. The service, the CLI (`search`, `shell`,
 * `eval`) and `eval --compare` all rank through `search`/`searchMany` here. The index can be swapped
 * for a new version; a search in flight keeps the one it started with.
 */
export class SearchCore {
  constructor(
    private readonly embedder: QueryEmbedder,
    private current: ServedIndex,
    /** Popularity priors by meme id (empty map: pure semantic ranking). */
    private readonly priors: () => ReadonlyMap<string, number> = () => NO_PRIORS,
  ) {}

  get artifact(): IndexArtifact {
    return this.current.artifact;
  }

  get retriever(): Retriever {
    return this.current.retriever;
  }

  /**
   * Swaps in another loaded, verified and prepared index version and returns the one it replaces:
   * one assignment, so no call sees a mix; searches in flight keep the version they captured, and
   * the old faiss index is freed by GC once the last of them lets go of it.
   */
  replace(next: ServedIndex): ServedIndex {
    const previous = this.current;
    this.current = next;
    return previous;
  }

  async search(query: string, limit: number, filters: SearchFilters = NO_FILTERS, signal?: AbortSignal): Promise<ScoredMeme[]> {
    const served = this.current;
    const text = served.retriever.prepare(normalizeQuery(query));
    const vector = await this.vectorFor(served, text, signal);
    return this.rank(served, text, vector, limit, filters);
  }

  /**
   * Many queries through the same pipeline (the embedder batches them); results in input order.
   * `onProgress` hears of each query as its embedding arrives.
   */
  async searchMany(
    queries: readonly string[],
    limit: number,
    filters: SearchFilters = NO_FILTERS,
    onProgress?: (done: number) => void,
  ): Promise<ScoredMeme[][]> {
    const served = this.current;
    const texts = queries.map((q) => served.retriever.prepare(normalizeQuery(q)));
    const vectors = await Promise.all(
      texts.map((t) =>
        this.vectorFor(served, t).then((v) => {
          onProgress?.(1);
          return v;
        }),
      ),
    );
    return texts.map((t, i) => this.rank(served, t, vectors[i]!, limit, filters));
  }

  getMeme(id: string): Meme | undefined {
    return this.current.retriever.meme(id);
  }

  async embed(texts: readonly string[], kind: TextKind, signal?: AbortSignal): Promise<Float32Array[]> {
    const results = await Promise.all(texts.map((t) => this.embedder.embed(t, kind, signal)));
    return results.map((r) => r.vector);
  }

  private async vectorFor(served: ServedIndex, text: string, signal?: AbortSignal): Promise<Float32Array> {
    const { vector, modelSha256 } = await this.embedder.embed(text, 'query', signal);
    if (modelSha256 !== served.artifact.meta.modelSha256) {
      throw new ModelMismatchError(
        `the embedder runs other weights (sha256 ${modelSha256.slice(0, 12)}…) than index ${served.artifact.meta.version} was built with`,
      );
    }
    return vector;
  }

  private rank(
    { artifact, retriever }: ServedIndex,
    text: string,
    vector: Float32Array,
    limit: number,
    filters: SearchFilters,
  ): ScoredMeme[] {
    const filtered = filters.tags.length > 0 || filters.minScore > 0;
    const priors = this.priors();
    // A flat index is exact and small: with filters, rank everything and filter afterwards; with
    // priors, re-rank a wider pool so a popular meme just below the cut can move up.
    const depth = filtered ? artifact.memes.length : priors.size > 0 ? Math.max(limit * 4, 50) : limit;
    const tags = new Set(filters.tags.map((t) => t.toLowerCase()));
    const candidates = retriever
      .rank(text, vector, depth)
      .map(({ row, score }) => ({ meme: artifact.memes[row]!, score }))
      .filter((h) => tags.size === 0 || h.meme.tags.some((t) => tags.has(t.toLowerCase())));
    // min_score applies to what the caller sees: the score with the prior added.
    return fuseWithPriors(candidates, priors, candidates.length)
      .filter((h) => h.score >= filters.minScore)
      .slice(0, limit);
  }
}
