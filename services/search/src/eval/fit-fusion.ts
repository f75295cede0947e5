import { Retriever, type LexicalSearch, type RetrievalParts, type RetrievalSettings } from '../search/retriever.js';
import { computeMetrics, type Metrics } from './metrics.js';

/** Candidate weights of the lexical bonus under linear fusion (cosine units). */
export const LEXICAL_WEIGHT_GRID = [0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.07, 0.1, 0.15, 0.2];

/** Lexical results computed once per text: fitting tries every weight on the same queries. */
export function memoLexical(lexical: LexicalSearch): LexicalSearch {
  const memo = new Map<string, Array<{ id: string; score: number }>>();
  return {
    search(query, k) {
      const key = `${k}\u0000${query}`;
      let hits = memo.get(key);
      if (!hits) memo.set(key, (hits = lexical.search(query, k)));
      return hits;
    },
  };
}

/** Candidate offsets for expansion vectors' cosines (see RetrievalSettings.expansionOffset). */
export const EXPANSION_OFFSET_GRID = [0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.15];

export interface FitQuery {
  text: string;
  vector: Float32Array;
  relevant: ReadonlySet<string>;
}

/** Metrics of a retriever on queries whose text and vector are known (ranked to depth 10). */
function scoreRetriever(retriever: Retriever, queries: readonly FitQuery[]): Metrics {
  const ranked = retriever.rankMany(
    queries.map((q) => q.text),
    queries.map((q) => q.vector),
    10,
  );
  const memes = retriever.parts.memes;
  return computeMetrics(ranked.map((hits, i) => ({ ranked: hits.map((h) => memes[h.row]!.id), relevant: queries[i]!.relevant })));
}

/** The grid value whose settings give the best MRR@10; on ties the earlier value in `order` wins. */
function bestOf(order: readonly number[], settingsFor: (x: number) => Retriever, queries: readonly FitQuery[]) {
  let best = { value: order[0]!, mrr: -1 };
  for (const value of order) {
    const mrr = scoreRetriever(settingsFor(value), queries)['mrr@10'];
    if (mrr > best.mrr + 1e-9) best = { value, mrr };
  }
  return best;
}

/**
 * Picks the linear-fusion weight with the best MRR@10 on the given (training) queries; ties go to
 * the smaller weight. Only ever called with queries the evaluation does not test on.
 */
export function fitLexicalWeight(
  parts: RetrievalParts,
  base: RetrievalSettings,
  queries: readonly FitQuery[],
  grid = LEXICAL_WEIGHT_GRID,
): { weight: number; mrr: number } {
  const memoParts = { ...parts, lexical: parts.lexical && memoLexical(parts.lexical) };
  const { value, mrr } = bestOf(
    grid,
    (weight) => new Retriever(memoParts, { ...base, fusion: 'linear', lexicalWeight: weight, expansion: false }),
    queries,
  );
  return { weight: value, mrr };
}

/**
 * Picks the expansion offset with the best MRR@10 for queries whose memes have NO expansion vectors
 * of their own (`parts.expansion` must come from other memes), which is the held-out situation; ties
 * go to the larger offset (the more conservative one).
 */
export function fitExpansionOffset(
  parts: RetrievalParts,
  base: RetrievalSettings,
  queries: readonly FitQuery[],
  grid = EXPANSION_OFFSET_GRID,
): { offset: number; mrr: number } {
  const { value, mrr } = bestOf(
    [...grid].reverse(),
    (offset) => new Retriever(parts, { ...base, expansion: true, expansionOffset: offset }),
    queries,
  );
  return { offset: value, mrr };
}
