import type { Meme } from '../corpus/meme.js';
import type { Neighbor } from '../index/faiss.index.js';

/** Dense vector search (FaissIndex, or anything shaped like it in tests). */
export interface VectorSearch {
  readonly size: number;
  search(queries: readonly Float32Array[], k: number): Neighbor[][];
}

/** Lexical search over the memes' text, best first; scores only compare within one query. */
export interface LexicalSearch {
  search(query: string, k: number): Array<{ id: string; score: number }>;
}

export interface Speller {
  correct(query: string): { text: string };
}

/**
 * Extra vectors that stand for a meme (query expansion on the index side): e.g. the example queries
 * of its memepedia row, embedded as queries. `memeRows[i]` is the meme row vector i points to.
 */
export interface ExpansionVectors {
  index: VectorSearch;
  memeRows: ArrayLike<number>;
}

export type Fusion = 'none' | 'linear' | 'rrf';

export interface RetrievalSettings {
  /** How lexical results join the dense ones: not at all, a score bonus, or reciprocal rank fusion. */
  fusion: Fusion;
  /** Linear fusion: the best lexical hit of a query gets this much added to its cosine, others less. */
  lexicalWeight: number;
  /** RRF's k (60 in the original paper). */
  rrfK: number;
  /** Correct typos before embedding and lexical search. */
  spell: boolean;
  /** Score a meme by the best of its own vector and its expansion vectors (max-sim). */
  expansion: boolean;
  /**
   * Subtracted from an expansion vector's cosine before the max: query–query similarities run higher
   * than query–passage ones, so unshifted, memes with expansion vectors crowd out those without.
   */
  expansionOffset: number;
}

export const DENSE_ONLY: RetrievalSettings = {
  fusion: 'none',
  lexicalWeight: 0,
  rrfK: 60,
  spell: false,
  expansion: false,
  expansionOffset: 0,
};

export interface RetrievalParts {
  memes: readonly Meme[];
  dense: VectorSearch;
  expansion?: ExpansionVectors;
  lexical?: LexicalSearch;
  speller?: Speller;
}

export interface Ranked {
  /** Row of the meme in `memes`. */
  row: number;
  /** Relevance: the cosine (max-sim with expansion), plus the lexical bonus under linear fusion; the RRF score under rrf. */
  score: number;
}

/**
 * The ranking pipeline of one index version: spell correction → (the caller embeds) → dense search
 * with optional max-sim over expansion vectors → optional fusion with lexical search. Used by the
 * service and by `eval --compare`, so the table measures exactly what users get.
 */
export class Retriever {
  private readonly rowById: Map<string, number>;

  constructor(
    readonly parts: RetrievalParts,
    readonly settings: RetrievalSettings,
  ) {
    this.rowById = new Map(parts.memes.map((m, i) => [m.id, i]));
    if (settings.fusion !== 'none' && !parts.lexical) throw new Error(`fusion "${settings.fusion}" needs a lexical index`);
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

  /** Ranks for many queries at once (one faiss call per index); `texts` are prepare()d queries. */
  rankMany(texts: readonly string[], vectors: readonly Float32Array[], depth: number): Ranked[][] {
    const n = this.size;
    const k = Math.min(n, depth);
    if (k <= 0) return texts.map(() => []);
    const fused = this.settings.fusion !== 'none';
    // Fusion needs dense scores for memes the lexical side brings up: a wide pool gives them, and a
    // flat index over a few thousand memes answers k = 256 as fast as k = 10.
    const pool = fused ? Math.min(n, Math.max(depth * 4, 256)) : k;
    const dense = this.denseMany(vectors, pool);
    if (!fused) return dense.map((hits) => hits.slice(0, k));
    return dense.map((hits, q) => this.fuse(hits, texts[q]!, pool).slice(0, k));
  }

  rank(text: string, vector: Float32Array, depth: number): Ranked[] {
    return this.rankMany([text], [vector], depth)[0] ?? [];
  }

  private denseMany(vectors: readonly Float32Array[], pool: number): Ranked[][] {
    const own = this.parts.dense.search(vectors, pool);
    const exp = this.settings.expansion ? this.parts.expansion : undefined;
    if (!exp || exp.index.size === 0) return own.map((hits) => hits.map(({ row, score }) => ({ row, score })));
    // Several expansion vectors can point at one meme: look deeper so `pool` distinct memes remain.
    const extra = exp.index.search(vectors, Math.min(exp.index.size, pool * 2));
    return own.map((hits, q) => {
      const best = new Map<number, number>();
      for (const { row, score } of hits) best.set(row, score);
      const offset = this.settings.expansionOffset;
      for (const { row, score: raw } of extra[q]!) {
        const meme = exp.memeRows[row]!;
        const score = raw - offset;
        if (score > (best.get(meme) ?? -Infinity)) best.set(meme, score);
      }
      return [...best.entries()]
        .map(([row, score]) => ({ row, score }))
        .sort((a, b) => b.score - a.score || a.row - b.row)
        .slice(0, pool);
    });
  }

  private fuse(dense: readonly Ranked[], text: string, pool: number): Ranked[] {
    const lexical = this.parts.lexical!.search(text, pool).flatMap(({ id, score }) => {
      const row = this.rowById.get(id);
      return row === undefined ? [] : [{ row, score }];
    });
    if (lexical.length === 0) return [...dense];
    if (this.settings.fusion === 'rrf') {
      const k = this.settings.rrfK;
      const fused = new Map<number, number>();
      dense.forEach(({ row }, i) => fused.set(row, 1 / (k + i + 1)));
      lexical.forEach(({ row }, i) => fused.set(row, (fused.get(row) ?? 0) + 1 / (k + i + 1)));
      return sortRanked(fused);
    }
    // Linear: cosine + λ·(lexical score / best lexical score). Memes only the lexical side found
    // take the pool's lowest cosine: they were not among the `pool` nearest, so that bounds theirs.
    const floor = dense.length > 0 ? dense[dense.length - 1]!.score : 0;
    const fused = new Map<number, number>(dense.map(({ row, score }) => [row, score]));
    const top = lexical[0]!.score;
    for (const { row, score } of lexical) {
      fused.set(row, (fused.get(row) ?? floor) + (top > 0 ? (this.settings.lexicalWeight * score) / top : 0));
    }
    return sortRanked(fused);
  }
}

function sortRanked(scores: Map<number, number>): Ranked[] {
  return [...scores.entries()].map(([row, score]) => ({ row, score })).sort((a, b) => b.score - a.score || a.row - b.row);
}
