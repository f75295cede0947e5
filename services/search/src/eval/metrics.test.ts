import { describe, expect, it } from 'vitest';
import { computeMetrics, firstRelevantRank, ndcgAt } from './metrics.js';

describe('metrics', () => {
  it('finds the 1-based rank of the first relevant id', () => {
    expect(firstRelevantRank(['a', 'b', 'c'], new Set(['c', 'b']))).toBe(2);
    expect(firstRelevantRank(['a'], new Set(['z']))).toBeUndefined();
  });

  it('computes recall@k, MRR@10 and binary nDCG@10 as the README defines them', () => {
    const ranked = ['x1', 'x2', 'rel', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9', 'x10', 'late'];
    const m = computeMetrics([
      { ranked: ['rel', 'x'], relevant: new Set(['rel']) }, // rank 1
      { ranked, relevant: new Set(['rel']) }, // rank 3
      { ranked, relevant: new Set(['late']) }, // rank 11: outside the top 10
    ]);
    expect(m.n).toBe(3);
    expect(m['recall@1']).toBeCloseTo(1 / 3);
    expect(m['recall@5']).toBeCloseTo(2 / 3);
    expect(m['recall@10']).toBeCloseTo(2 / 3);
    expect(m['mrr@10']).toBeCloseTo((1 + 1 / 3 + 0) / 3);
    expect(m['ndcg@10']).toBeCloseTo((1 + 1 / Math.log2(4) + 0) / 3);
  });

  it('uses min(#relevant, 10) for the ideal DCG', () => {
    // Two relevant, both found at ranks 1 and 2: perfect.
    expect(ndcgAt(10, ['a', 'b', 'c'], new Set(['a', 'b']))).toBeCloseTo(1);
    // Two relevant, one found at rank 1: DCG 1, ideal 1 + 1/log2(3).
    expect(ndcgAt(10, ['a', 'c'], new Set(['a', 'b']))).toBeCloseTo(1 / (1 + 1 / Math.log2(3)));
  });

  it('is all zeros for no queries, not NaN', () => {
    expect(computeMetrics([])).toEqual({ 'recall@1': 0, 'recall@5': 0, 'recall@10': 0, 'mrr@10': 0, 'ndcg@10': 0, n: 0 });
  });
});
