/** One entry of a ranked list: the position in the list is its rank, best first. */
export interface RankedId {
  id: string;
}

export interface ScoredId {
  id: string;
  score: number;
}

export interface RrfOptions {
  /**
   * Damping constant: an item at rank r adds weight / (k + r). 60 is the value of Cormack et al. (2009),
   * where it worked across collections; a small k lets the top ranks dominate.
   */
  k?: number;
  /** One weight per list (default 1 each): how much each retriever is trusted. */
  weights?: readonly number[];
}

function checkWeights(lists: readonly unknown[], weights: readonly number[] | undefined): readonly number[] {
  if (!weights) return lists.map(() => 1);
  if (weights.length !== lists.length) throw new RangeError(`${lists.length} lists but ${weights.length} weights`);
  for (const w of weights) if (!Number.isFinite(w) || w < 0) throw new RangeError(`weights must be finite and ≥ 0, got ${w}`);
  return weights;
}

/**
 * Orders the accumulated scores, best first. Equal scores keep the order in which the ids were first
 * seen (list by list, rank by rank), so the result is deterministic and the first list wins ties.
 */
function ranked(scores: Map<string, number>): ScoredId[] {
  return Array.from(scores, ([id, score], seen) => ({ id, score, seen }))
    .sort((a, b) => b.score - a.score || a.seen - b.seen)
    .map(({ id, score }) => ({ id, score }));
}

/**
 * Reciprocal rank fusion: score(id) = Σ over lists of weight / (k + rank), rank 1-based. An id missing
 * from a list gets nothing from it; an id repeated within one list counts at its best rank only.
 * Uses ranks, not scores, so lists whose scores are on different scales (cosine, BM25) fuse without
 * calibration.
 */
export function rrf(lists: ReadonlyArray<readonly RankedId[]>, options: RrfOptions = {}): ScoredId[] {
  const k = options.k ?? 60;
  if (!Number.isFinite(k) || k < 0) throw new RangeError(`k must be finite and ≥ 0, got ${k}`);
  const weights = checkWeights(lists, options.weights);
  const scores = new Map<string, number>();
  lists.forEach((list, li) => {
    const w = weights[li]!;
    const counted = new Set<string>();
    list.forEach(({ id }, i) => {
      if (counted.has(id)) return;
      counted.add(id);
      scores.set(id, (scores.get(id) ?? 0) + w / (k + i + 1));
    });
  });
  return ranked(scores);
}

export interface LinearFusionOptions {
  /** One weight per list (default 1 each). */
  weights?: readonly number[];
}

/**
 * Weighted sum of min-max normalised scores: each list's scores are mapped to [0, 1] (best = 1,
 * worst listed = 0; a list whose scores are all equal gives them all 1), and an id missing from a
 * list gets 0 from it. Keeps the margins RRF throws away (a clear BM25 winner stays far ahead), at
 * the price of depending on each list's score spread. Repeated ids count at their best score.
 */
export function linearFusion(lists: ReadonlyArray<readonly ScoredId[]>, options: LinearFusionOptions = {}): ScoredId[] {
  const weights = checkWeights(lists, options.weights);
  const scores = new Map<string, number>();
  lists.forEach((list, li) => {
    if (list.length === 0) return;
    const w = weights[li]!;
    let lo = Infinity;
    let hi = -Infinity;
    for (const { score } of list) {
      if (!Number.isFinite(score)) throw new RangeError(`list ${li} has a non-finite score (${score})`);
      lo = Math.min(lo, score);
      hi = Math.max(hi, score);
    }
    const best = new Map<string, number>();
    for (const { id, score } of list) best.set(id, Math.max(best.get(id) ?? -Infinity, score));
    for (const [id, score] of best) {
      const norm = hi > lo ? (score - lo) / (hi - lo) : 1;
      scores.set(id, (scores.get(id) ?? 0) + w * norm);
    }
  });
  return ranked(scores);
}
