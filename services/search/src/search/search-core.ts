import type { QueryEmbedder } from '../batching/query-embedder.js';
import type { Meme } from '../corpus/meme.js';
import type { TextKind } from '../encoder/encoder.js';
import type { IndexArtifact } from '../index/index-artifact.js';
import type { Retriever } from './retriever.js';
import type { ServedIndex } from './served-index.js';
import { fuseWithPriors } from '../ranking/popularity-priors.js';

const NO_PRIORS: ReadonlyMap<string, number> = new Map();

export interface SearchFilters {
  tags: string[];
  minScore: number;
}

export interface ScoredMeme {
  meme: Meme;
  score: number;
}

/** Vectors from other weights than the index's: searching with them would return noise. */
export class ModelMismatchError extends Error {
  override readonly name = 'ModelMismatchError';
}

/**
 * What the service does, free of gRPC: embed a query through whichever embedder is configured
 * (in-process batching or Redis workers) and search the index. The artifact can be swapped for a
 * new version; a search in flight keeps the one it started with.
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

  async search(query: string, limit: number, filters: SearchFilters, signal?: AbortSignal): Promise<ScoredMeme[]> {
    const { artifact, retriever } = this.current;
    // Spell correction (when on) happens before embedding, so the cache keys on the corrected text.
    const text = retriever.prepare(query);
    const { vector, modelSha256 } = await this.embedder.embed(text, 'query', signal);
    if (modelSha256 !== artifact.meta.modelSha256) {
      throw new ModelMismatchError(
        `the embedder runs other weights (sha256 ${modelSha256.slice(0, 12)}…) than index ${artifact.meta.version} was built with`,
      );
    }
    const filtered = filters.tags.length > 0 || filters.minScore > 0;
    const priors = this.priors();
    // A flat index is exact and small: with filters, rank everything and filter afterwards; with
    // priors, re-rank a wider pool so a popular meme just below the cut can move up.
    const depth = filtered ? artifact.memes.length : priors.size > 0 ? Math.max(limit * 4, 50) : limit;
    const hits = retriever.rank(text, vector, depth);
    const tags = new Set(filters.tags.map((t) => t.toLowerCase()));
    const candidates = hits
      .map(({ row, score }) => ({ meme: artifact.memes[row]!, score }))
      .filter((h) => h.score >= filters.minScore && (tags.size === 0 || h.meme.tags.some((t) => tags.has(t.toLowerCase()))));
    return fuseWithPriors(candidates, priors, limit);
  }

  getMeme(id: string): Meme | undefined {
    return this.current.retriever.meme(id);
  }

  async embed(texts: readonly string[], kind: TextKind, signal?: AbortSignal): Promise<Float32Array[]> {
    const results = await Promise.all(texts.map((t) => this.embedder.embed(t, kind, signal)));
    return results.map((r) => r.vector);
  }
}
