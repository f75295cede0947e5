/**
 * Pairs of letters Russian writers swap most: unstressed vowels (а/о, е/и, е/я), voiced/voiceless
 * consonants at word end or before another consonant (д/т, з/с, б/п, в/ф, г/к, ж/ш), and look-alikes
 * (ш/щ, ь/ъ, е/э, и/ы, у/ю). Swapping one of these costs half an edit: «падажди» → «подожди» is one
 * edit, not two, while «кот» → «кит» stays a full one.
 */
const CONFUSABLE = new Set(
  ['ао', 'еи', 'ея', 'ая', 'иы', 'еэ', 'юу', 'шщ', 'ьъ', 'дт', 'зс', 'бп', 'вф', 'гк', 'жш'].flatMap(([a, b]) => [a! + b!, b! + a!]),
);

export function isConfusable(a: string, b: string): boolean {
  return CONFUSABLE.has(a + b);
}

/** Letters whose insertion or deletion costs half: signs people drop (ь, ъ), and a doubled letter. */
function indelCost(word: string, i: number): number {
  const c = word[i]!;
  if (c === 'ь' || c === 'ъ') return 0.5;
  return word[i - 1] === c || word[i + 1] === c ? 0.5 : 1;
}

/**
 * Weighted optimal-string-alignment distance (Damerau–Levenshtein without repeated edits of a
 * substring): substitution 1 (0.5 for a confusable pair), insertion/deletion 1 (0.5 for ь/ъ or a
 * doubled letter), adjacent transposition 1. Stops early and returns Infinity once every alignment
 * costs more than `max`.
 */
export function weightedDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  let prev2 = new Float64Array(m + 1);
  let prev = new Float64Array(m + 1);
  let cur = new Float64Array(m + 1);
  for (let j = 1; j <= m; j++) prev[j] = prev[j - 1]! + indelCost(b, j - 1);
  for (let i = 1; i <= n; i++) {
    cur[0] = prev[0]! + indelCost(a, i - 1);
    let rowMin = cur[0];
    const ai = a[i - 1]!;
    for (let j = 1; j <= m; j++) {
      const bj = b[j - 1]!;
      const sub = ai === bj ? 0 : isConfusable(ai, bj) ? 0.5 : 1;
      let d = Math.min(prev[j - 1]! + sub, prev[j]! + indelCost(a, i - 1), cur[j - 1]! + indelCost(b, j - 1));
      if (i > 1 && j > 1 && ai === b[j - 2] && a[i - 2] === bj) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return Infinity;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  const d = prev[m]!;
  return d > max ? Infinity : d;
}
