/**
 * Retrieval metrics with the definitions the project's README states, so numbers compare across
 * tools: recall@k = share of queries with at least one relevant meme in the top k; MRR@10 = mean of
 * 1/rank of the first relevant meme within the top 10 (0 if none); nDCG@10 with binary gains and the
 * ideal DCG over min(#relevant, 10).
 */
export interface Metrics {
  'recall@1': number;
  'recall@5': number;
  'recall@10': number;
  'mrr@10': number;
  'ndcg@10': number;
  n: number;
}

export interface Judged {
  /** Meme ids in ranked order (best first). */
  ranked: readonly string[];
  relevant: ReadonlySet<string>;
}

/** 1-based rank of the first relevant id, or undefined when none is in `ranked`. */
export function firstRelevantRank(ranked: readonly string[], relevant: ReadonlySet<string>): number | undefined {
  const i = ranked.findIndex((id) => relevant.has(id));
  return i < 0 ? undefined : i + 1;
}

export function ndcgAt(k: number, ranked: readonly string[], relevant: ReadonlySet<string>): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    if (relevant.has(id)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(relevant.size, k); i++) ideal += 1 / Math.log2(i + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

export function computeMetrics(judged: readonly Judged[]): Metrics {
  const n = judged.length;
  const sum = { r1: 0, r5: 0, r10: 0, mrr: 0, ndcg: 0 };
  for (const { ranked, relevant } of judged) {
    const rank = firstRelevantRank(ranked.slice(0, 10), relevant);
    if (rank !== undefined) {
      if (rank <= 1) sum.r1++;
      if (rank <= 5) sum.r5++;
      sum.r10++;
      sum.mrr += 1 / rank;
    }
    sum.ndcg += ndcgAt(10, ranked, relevant);
  }
  const mean = (x: number) => (n === 0 ? 0 : x / n);
  return {
    'recall@1': mean(sum.r1),
    'recall@5': mean(sum.r5),
    'recall@10': mean(sum.r10),
    'mrr@10': mean(sum.mrr),
    'ndcg@10': mean(sum.ndcg),
    n,
  };
}
