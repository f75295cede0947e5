import type { SearchCore } from '../search/search-core.js';
import { computeMetrics, firstRelevantRank, type Metrics } from './metrics.js';
import type { LabelledQuery } from './query-file.js';

export interface Miss {
  query: string;
  row: number;
  relevant: string[];
  /** Rank of the first relevant meme in the top k, or null when it is not there. */
  rank: number | null;
  top: Array<{ id: string; title: string; score: number }>;
}

export interface EvalReport {
  metrics: Metrics;
  /** The same per value of the query file's `style` column (empty without one). */
  byStyle: Record<string, Metrics>;
  misses: Miss[];
  seconds: number;
}

/** Runs every query through the search pipeline (batched) and scores the rankings against the labels. */
export async function evaluate(
  core: SearchCore,
  queries: readonly LabelledQuery[],
  k: number,
  onProgress?: (n: number) => void,
): Promise<EvalReport> {
  const started = performance.now();
  const depth = Math.max(k, 10);
  const results = await core.searchMany(
    queries.map((q) => q.query),
    depth,
    undefined,
    onProgress,
  );
  const judged = queries.map((q, i) => ({ ranked: results[i]!.map((h) => h.meme.id), relevant: q.relevant }));
  const metrics = computeMetrics(judged);
  const byStyle: Record<string, Metrics> = {};
  for (const style of [...new Set(queries.flatMap((q) => (q.style ? [q.style] : [])))].sort())
    byStyle[style] = computeMetrics(judged.filter((_, i) => queries[i]!.style === style));
  const misses: Miss[] = [];
  judged.forEach(({ ranked, relevant }, i) => {
    const rank = firstRelevantRank(ranked.slice(0, k), relevant);
    if (rank === 1) return;
    const q = queries[i]!;
    misses.push({
      query: q.query,
      row: q.row,
      relevant: [...relevant],
      rank: rank ?? null,
      top: results[i]!.slice(0, 3).map((h) => ({ id: h.meme.id, title: h.meme.title, score: h.score })),
    });
  });
  return { metrics, byStyle, misses, seconds: (performance.now() - started) / 1000 };
}
