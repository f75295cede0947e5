import type { MemeFeedbackCounts } from '../feedback/feedback-store.js';

export interface PriorWeights {
  /** Largest boost (or penalty) a meme's like rate can give, in cosine units. */
  likeWeight: number;
  /** Largest boost (or penalty) its choose-rate can give. */
  ctrWeight: number;
  /** Pseudo-votes of the Bayesian average: a meme needs real votes to move far from neutral. */
  votePrior: number;
  /** Pseudo-impressions pulling a meme's choose-rate towards the global rate. */
  ctrPrior: number;
}

export const DEFAULT_PRIOR_WEIGHTS: PriorWeights = { likeWeight: 0.05, ctrWeight: 0.05, votePrior: 4, ctrPrior: 20 };

/**
 * Popularity prior per meme, added to the cosine similarity:
 *
 *   vote  = likeWeight · 2 · ((likes + k/2) / (likes + dislikes + k) − ½)        Bayesian like rate, k = votePrior
 *   ctr   = ctrWeight · clamp((c − c₀) / c₀, −1, 1),  c = (chosen + m·c₀) / (impressions + m)
 *
 * where c₀ is the global choose-rate (chosen / impressions over all memes) and m = ctrPrior.
 * A meme without feedback gets exactly 0, so with no feedback the ranking is the semantic one.
 */
export function computePriors(counts: readonly MemeFeedbackCounts[], w: PriorWeights): Map<string, number> {
  const totalImpressions = counts.reduce((s, c) => s + c.impressions, 0);
  const totalChosen = counts.reduce((s, c) => s + c.chosen, 0);
  const c0 = totalImpressions > 0 ? totalChosen / totalImpressions : 0;
  const priors = new Map<string, number>();
  for (const c of counts) {
    let boost = 0;
    const votes = c.likes + c.dislikes;
    if (votes > 0) boost += w.likeWeight * 2 * ((c.likes + w.votePrior / 2) / (votes + w.votePrior) - 0.5);
    if (c0 > 0 && c.impressions > 0) {
      const ctr = (c.chosen + w.ctrPrior * c0) / (c.impressions + w.ctrPrior);
      boost += w.ctrWeight * Math.max(-1, Math.min(1, (ctr - c0) / c0));
    }
    if (boost !== 0) priors.set(c.memeId, boost);
  }
  return priors;
}

/** Re-ranks semantic hits by cosine + prior (stable for ties); hits without a prior keep their score. */
export function fuseWithPriors<T extends { meme: { id: string }; score: number }>(
  hits: readonly T[],
  priors: ReadonlyMap<string, number>,
  limit: number,
): T[] {
  if (priors.size === 0) return hits.slice(0, limit);
  return hits
    .map((h, i) => ({ h: { ...h, score: h.score + (priors.get(h.meme.id) ?? 0) }, i }))
    .sort((a, b) => b.h.score - a.h.score || a.i - b.i)
    .slice(0, limit)
    .map((x) => x.h);
}
