import type { Meme } from '../../corpus/meme.js';

/**
 * Which of two duplicates to keep: the longer description first (it is what gets embedded and what
 * the user reads), then the one with more of url, picture, date and tags filled in.
 */
export function richness(meme: Meme): [number, number] {
  const fields = [meme.url, meme.imageUrl, meme.date].filter(Boolean).length + Math.min(meme.tags.length, 1);
  return [meme.description.length, fields];
}

export function richer(a: Meme, b: Meme): boolean {
  const [ra, rb] = [richness(a), richness(b)];
  return ra[0] !== rb[0] ? ra[0] > rb[0] : ra[1] > rb[1];
}

/**
 * The kept meme takes what only its dropped twin had: every field it lacks (url, picture, date…,
 * whatever the schema grows) and the union of tags. Nothing known about the meme is lost.
 */
export function mergeInto(kept: Meme, dropped: Meme): Meme {
  const merged: Record<string, unknown> = { ...kept };
  for (const [key, value] of Object.entries(dropped)) if (merged[key] === null || merged[key] === undefined) merged[key] = value;
  merged.tags = [...new Set([...kept.tags, ...dropped.tags])];
  return merged as Meme;
}
