/** Generators of the strings near a typed word, to look up in a word set (the dictionary). */
import { isConfusable } from './edit-distance.js';

export const VOWELS: ReadonlySet<string> = new Set('аеиоуыэюя');
const ALPHABET = 'абвгдежзийклмнопрстуфхцчшщъыьэюя';
const CONFUSABLE_WITH = new Map([...ALPHABET].map((c) => [c, [...ALPHABET].filter((d) => isConfusable(c, d))]));

/** Strings one edit (unweighted) away from `word`: deletions, transpositions, substitutions, insertions. */
export function edits1(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const c of ALPHABET) {
      if (tail && c !== tail[0]) out.add(head + c + tail.slice(1));
      out.add(head + c + tail);
    }
  }
  return out;
}

/**
 * Strings half an edit away: a confusable letter swapped, ь/ъ or a doubled letter added or dropped.
 * Two of these make one weighted edit, which the full edits1 above does not reach.
 */
export function halfEdits(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const c = word[i];
    const tail = word.slice(i + 1);
    // Signs and doubled letters only after a consonant: that is where Russian spelling has them.
    const afterConsonant = i > 0 && !VOWELS.has(word[i - 1]!) && word[i - 1] !== 'ь' && word[i - 1] !== 'ъ';
    if (afterConsonant) for (const sign of 'ьъ') out.add(head + sign + word.slice(i));
    if (c === undefined) continue;
    for (const alt of CONFUSABLE_WITH.get(c) ?? []) out.add(head + alt + tail);
    if (c === 'ь' || c === 'ъ' || word[i - 1] === c) out.add(head + tail);
    if (!VOWELS.has(c) && c !== 'ь' && c !== 'ъ') out.add(head + c + c + tail);
  }
  return out;
}
