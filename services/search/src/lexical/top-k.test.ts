import { describe, expect, it } from 'vitest';
import { topK } from './top-k.js';

describe('topK', () => {
  it('returns the k best positive scores, best first, ties by lower row', () => {
    expect(topK([0.1, 0.5, 0, 0.5, 0.3, -1], 3)).toEqual([
      { row: 1, score: 0.5 },
      { row: 3, score: 0.5 },
      { row: 4, score: 0.3 },
    ]);
  });

  it('agrees with a full sort on random data', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.2;
    const scores = Array.from({ length: 2000 }, rand);
    const expected = scores
      .map((score, row) => ({ row, score }))
      .filter((h) => h.score > 0)
      .sort((a, b) => b.score - a.score || a.row - b.row)
      .slice(0, 50);
    expect(topK(scores, 50)).toEqual(expected);
  });

  it('handles k = 0 and k beyond the positives', () => {
    expect(topK([1, 2], 0)).toEqual([]);
    expect(topK([0, 2, 0], 10)).toEqual([{ row: 1, score: 2 }]);
  });
});
