import { distance } from 'fastest-levenshtein';

/** 1 − edit distance / longer length: 1 for equal keys, 0 for nothing in common. */
export function editSimilarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - distance(a, b) / longer;
}

/**
 * Title keys (see titleKey) that may name the same meme: nearly the same spelling, or every word of
 * the shorter one inside the longer one ("ждун" / "ждун скульптура"). Loose on purpose: it only
 * picks the pairs whose embeddings are then compared.
 */
export function similarTitlePairs(keys: readonly string[], threshold: number): Array<[number, number]> {
  const words = keys.map((k) => new Set(k.split(' ').filter(Boolean)));
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < keys.length; i++) {
    const a = keys[i]!;
    for (let j = i + 1; j < keys.length; j++) {
      const b = keys[j]!;
      if (a === b) {
        pairs.push([i, j]);
        continue;
      }
      const [short, long] = words[i]!.size <= words[j]!.size ? [words[i]!, words[j]!] : [words[j]!, words[i]!];
      if (short.size > 0 && [...short].every((w) => long.has(w))) {
        pairs.push([i, j]);
        continue;
      }
      // A length difference alone can rule the pair out before the distance is computed.
      const lengthBound = Math.min(a.length, b.length) / Math.max(a.length, b.length);
      if (lengthBound >= threshold && editSimilarity(a, b) >= threshold) pairs.push([i, j]);
    }
  }
  return pairs;
}
