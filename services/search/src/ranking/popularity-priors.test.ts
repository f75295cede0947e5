import { describe, expect, it } from 'vitest';
import { computePriors, DEFAULT_PRIOR_WEIGHTS, fuseWithPriors } from './popularity-priors.js';

const counts = (memeId: string, likes: number, dislikes: number, chosen = 0, impressions = 0) => ({
  memeId,
  likes,
  dislikes,
  chosen,
  impressions,
});

describe('popularity priors', () => {
  it('gives no prior without feedback, so the semantic ranking is untouched', () => {
    expect(computePriors([], DEFAULT_PRIOR_WEIGHTS).size).toBe(0);
    expect(computePriors([counts('a', 0, 0, 0, 50)], DEFAULT_PRIOR_WEIGHTS).size).toBe(0); // impressions alone, nothing chosen anywhere
    const hits = [
      { meme: { id: 'a' }, score: 0.9 },
      { meme: { id: 'b' }, score: 0.8 },
    ];
    expect(fuseWithPriors(hits, new Map(), 2)).toEqual(hits);
  });

  it('smooths the like rate: one like moves a meme a little, many likes more, dislikes push it down', () => {
    const p = computePriors([counts('one', 1, 0), counts('many', 40, 2), counts('bad', 0, 10)], DEFAULT_PRIOR_WEIGHTS);
    expect(p.get('one')).toBeCloseTo(0.05 * 2 * (3 / 5 - 0.5));
    expect(p.get('many')!).toBeGreaterThan(p.get('one')!);
    expect(p.get('many')!).toBeLessThanOrEqual(0.05);
    expect(p.get('bad')!).toBeLessThan(0);
  });

  it('rewards memes chosen more often than average per impression', () => {
    const p = computePriors([counts('hot', 0, 0, 30, 100), counts('cold', 0, 0, 1, 100)], DEFAULT_PRIOR_WEIGHTS);
    expect(p.get('hot')!).toBeGreaterThan(0);
    expect(p.get('cold')!).toBeLessThan(0);
  });

  it('re-ranks by cosine + prior', () => {
    const hits = [
      { meme: { id: 'a' }, score: 0.9 },
      { meme: { id: 'b' }, score: 0.88 },
    ];
    expect(fuseWithPriors(hits, new Map([['b', 0.05]]), 2).map((h) => h.meme.id)).toEqual(['b', 'a']);
  });
});
