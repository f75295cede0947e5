import type { Neighbor } from '../index/faiss.index.js';
import {
  Retriever,
  type LexicalChannel,
  type LexicalKind,
  type LexicalSearch,
  type RetrievalParts,
  type RetrievalSettings,
  type VectorSearch,
} from '../search/retriever.js';
import { computeMetrics, type Metrics } from './metrics.js';

/** Candidate linear-fusion weights per scorer (cosine units: what a full lexical match adds). */
export const LEXICAL_WEIGHT_GRID: Record<LexicalKind, readonly number[]> = {
  bm25: [0, 0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2],
  char: [0, 0.02, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.4, 0.6],
};

export interface FitQuery {
  text: string;
  vector: Float32Array;
  relevant: ReadonlySet<string>;
}

/** Dense results computed once per query vector: fitting ranks the same queries many times. */
function memoDense(dense: VectorSearch): VectorSearch {
  const memo = new Map<Float32Array, { k: number; hits: Neighbor[] }>();
  return {
    size: dense.size,
    search(queries, k) {
      return queries.map((q) => {
        let m = memo.get(q);
        if (!m || m.k < k) memo.set(q, (m = { k, hits: dense.search([q], k)[0]! }));
        return m.hits.slice(0, k);
      });
    },
  };
}

/** Lexical scores computed once per text (copied out of the scorer's reused buffer). */
function memoLexical(lexical: LexicalSearch): LexicalSearch {
  const memo = new Map<string, Float32Array>();
  return {
    scale: lexical.scale,
    scoreAll(query) {
      let s = memo.get(query);
      if (!s) memo.set(query, (s = Float32Array.from(lexical.scoreAll(query))));
      return s;
    },
  };
}

function score(retriever: Retriever, queries: readonly FitQuery[]): Metrics {
  const ranked = retriever.rankMany(
    queries.map((q) => q.text),
    queries.map((q) => q.vector),
    10,
  );
  const memes = retriever.parts.memes;
  return computeMetrics(ranked.map((hits, i) => ({ ranked: hits.map((h) => memes[h.row]!.id), relevant: queries[i]!.relevant })));
}

/** Every combination of the kinds' grid values. */
function combinations(kinds: readonly LexicalKind[], grid: Record<LexicalKind, readonly number[]>): LexicalChannel[][] {
  let out: LexicalChannel[][] = [[]];
  for (const kind of kinds) out = out.flatMap((prefix) => grid[kind].map((weight) => [...prefix, { kind, weight }]));
  return out;
}

/**
 * The linear-fusion weights (one per lexical scorer, searched jointly over the grid) with the best
 * MRR@10 on the given queries; ties go to the combination found first, i.e. the smaller weights.
 * Only ever called with queries of memes the evaluation does not test on (the validation memes).
 */
export function fitLexicalWeights(
  parts: RetrievalParts,
  base: RetrievalSettings,
  kinds: readonly LexicalKind[],
  queries: readonly FitQuery[],
  grid = LEXICAL_WEIGHT_GRID,
): { channels: LexicalChannel[]; mrr: number } {
  const lexical: RetrievalParts['lexical'] = {};
  for (const kind of kinds) lexical[kind] = memoLexical(parts.lexical![kind]!);
  const memoParts: RetrievalParts = { ...parts, dense: memoDense(parts.dense), lexical };
  let best = { channels: kinds.map((kind) => ({ kind, weight: 0 })), mrr: -1 };
  for (const channels of combinations(kinds, grid)) {
    const mrr = score(new Retriever(memoParts, { ...base, fusion: 'linear', lexical: channels }), queries)['mrr@10'];
    if (mrr > best.mrr + 1e-9) best = { channels, mrr };
  }
  return best;
}
