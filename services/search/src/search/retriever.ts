import type { Meme } from '../corpus/meme.js';
import type { Neighbor } from '../index/faiss.index.js';
import { topK } from '../lexical/top-k.js';

/** Dense vector search (FaissIndex, or anything shaped like it in tests). */
export interface VectorSearch {
  readonly size: number;
  search(queries: readonly Float32Array[], k: number): Neighbor[][];
}

/** The lexical scorers the pipeline knows: Snowball-stem BM25 and character n-gram TF-IDF. */
export type LexicalKind = 'bm25' | 'char';
export const LEXICAL_KINDS: readonly LexicalKind[] = ['bm25', 'char'];

/** A lexical scorer over the memes of one index, by row. */
export interface LexicalSearch {
  /**
   * `cosine`: scores in [0, 1] that mean the same in every query (TF-IDF cosine), added as they are;
   * `relative`: only the order within one query means something (BM25), so linear fusion divides
   * by the query's best score.
   */
  readonly scale: 'cosine' | 'relative';
  /** A score for every row (0 = no match), in a buffer the next call may reuse. */
  scoreAll(query: string): ArrayLike<number>;
}

export interface Speller {
  correct(query: string): { text: string };
}

export type Fusion = 'none' | 'linear' | 'rrf';

export interface LexicalChannel {
  kind: LexicalKind;
  /** Linear fusion: what a full lexical match (cosine 1, or the query's best BM25 hit) adds to the dense cosine. */
  weight: number;
}

export interface RetrievalSettings {
  /** How lexical results join the dense ones: not at all, a weighted score bonus, or reciprocal rank fusion. */
  fusion: Fusion;
  /** The lexical scorers fused with the dense ranking (ignored when fusion is none). */
  lexical: readonly LexicalChannel[];
  /** RRF's k (60 in the original paper). */
  rrfK: number;
  /** Correct typos before embedding and lexical search. */
  spell: boolean;
}

export const DENSE_ONLY: RetrievalSettings = { fusion: 'none', lexical: [], rrfK: 60, spell: false };

export interface RetrievalParts {
  memes: readonly Meme[];
  dense: VectorSearch;
  lexical?: Partial<Record<LexicalKind, LexicalSearch>>;
  speller?: Speller;
}

export interface Ranked {
  /** Row of the meme in `memes`. */
  row: number;
  /**
   * Relevance: the dense cosine plus the weighted lexical scores under linear fusion (so not a
   * cosine, and above 1 for a strong double match); the RRF score under rrf; the cosine alone with
   * no fusion.
   */
  score: number;
}

/**
 * The ranking pipeline of one index version: spell correction → (the caller embeds) → dense search
 * → optional fusion with lexical scorers. One code path for the service, the CLI and eval, so what
 * `eval` measures is what users get.
 */
export class Retriever {
  private readonly rowById: Map<string, number>;

  constructor(
    readonly parts: RetrievalParts,
    readonly settings: RetrievalSettings,
  ) {
    this.rowById = new Map(parts.memes.map((m, i) => [m.id, i]));
    if (settings.fusion !== 'none') {
      if (settings.lexical.length === 0) throw new Error(`fusion "${settings.fusion}" needs at least one lexical scorer`);
      for (const { kind } of settings.lexical) if (!parts.lexical?.[kind]) throw new Error(`fusion needs the ${kind} lexical index`);
    }
    if (settings.spell && !parts.speller) throw new Error('spell correction needs a speller');
  }

  get size(): number {
    return this.parts.memes.length;
  }

  /** A meme of this index by id. */
  meme(id: string): Meme | undefined {
    const row = this.rowById.get(id);
    return row === undefined ? undefined : this.parts.memes[row];
  }

  /** The text to embed and to search lexically: the query with typos corrected when enabled. */
  prepare(query: string): string {
    return this.settings.spell && this.parts.speller ? this.parts.speller.correct(query).text : query;
  }

  /** Ranks for many queries at once (one faiss call); `texts` are prepare()d queries. */
  rankMany(texts: readonly string[], vectors: readonly Float32Array[], depth: number): Ranked[][] {
    const n = this.size;
    const k = Math.min(n, depth);
    if (k <= 0) return texts.map(() => []);
    const fused = this.settings.fusion !== 'none';
    // Fusion needs dense scores for memes the lexical side brings up: a wide pool gives them, and a
    // flat index over a few thousand memes answers k = 256 about as fast as k = 10.
    const pool = fused ? Math.min(n, Math.max(depth * 4, 256)) : k;
    const dense = this.parts.dense.search(vectors, pool);
    if (!fused) return dense.map((hits) => hits.slice(0, k).map(({ row, score }) => ({ row, score })));
    return dense.map((hits, q) => this.fuse(hits, texts[q]!, pool).slice(0, k));
  }

  rank(text: string, vector: Float32Array, depth: number): Ranked[] {
    return this.rankMany([text], [vector], depth)[0] ?? [];
  }

  private fuse(dense: readonly Ranked[], text: string, pool: number): Ranked[] {
    return this.settings.fusion === 'rrf' ? this.fuseRrf(dense, text, pool) : this.fuseLinear(dense, text, pool);
  }

  /**
   * Linear: cosine + Σ weight · lexical score (a `relative` scorer's divided by its best). A meme
   * only a lexical scorer found takes the pool's lowest cosine: it was not among the `pool` nearest,
   * so that bounds its own.
   */
  private fuseLinear(dense: readonly Ranked[], text: string, pool: number): Ranked[] {
    const floor = dense.length > 0 ? dense[dense.length - 1]!.score : 0;
    const fused = new Map<number, number>(dense.map(({ row, score }) => [row, score]));
    const channels = this.settings.lexical.flatMap(({ kind, weight }) => {
      if (weight === 0) return [];
      const scorer = this.parts.lexical![kind]!;
      const scores = scorer.scoreAll(text);
      const top = topK(scores, pool);
      if (top.length === 0) return [];
      for (const { row } of top) if (!fused.has(row)) fused.set(row, floor);
      return [{ scores, unit: scorer.scale === 'relative' ? weight / top[0]!.score : weight }];
    });
    // Every candidate (dense pool ∪ each scorer's best) gets every scorer's score for it (0 = no match).
    for (const [row, score] of fused) {
      let s = score;
      for (const { scores, unit } of channels) s += unit * (scores[row] ?? 0);
      fused.set(row, s);
    }
    return sortRanked(fused);
  }

  /** RRF: Σ 1 / (k + rank) over the dense list and each lexical scorer's list. */
  private fuseRrf(dense: readonly Ranked[], text: string, pool: number): Ranked[] {
    const k = this.settings.rrfK;
    const fused = new Map<number, number>();
    dense.forEach(({ row }, i) => fused.set(row, 1 / (k + i + 1)));
    for (const { kind } of this.settings.lexical) {
      topK(this.parts.lexical![kind]!.scoreAll(text), pool).forEach(({ row }, i) =>
        fused.set(row, (fused.get(row) ?? 0) + 1 / (k + i + 1)),
      );
    }
    return sortRanked(fused);
  }
}

function sortRanked(scores: Map<number, number>): Ranked[] {
  return [...scores.entries()].map(([row, score]) => ({ row, score })).sort((a, b) => b.score - a.score || a.row - b.row);
}
