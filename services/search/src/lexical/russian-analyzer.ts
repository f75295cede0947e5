import { stemmer } from '@orama/stemmers/russian';
import { RUSSIAN_STOP_WORDS } from './stop-words.js';

/** Runs of letters and digits; combining marks stay inside the word (a stress mark, a decomposed «й»). */
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;

/**
 * Lower case, NFC, ё → е, no stress marks: people write «ёжик» and «ежик», «чё» and «че», and the
 * corpus mixes both, so the two spellings must meet.
 */
export function normalizeWord(word: string): string {
  return word
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Normalised words of a text, in order (punctuation, spaces and other symbols separate words). */
export function tokenizeWords(text: string): string[] {
  return Array.from(text.normalize('NFC').matchAll(WORD), (m) => normalizeWord(m[0])).filter((w) => w.length > 0);
}

/**
 * Snowball stems only inflection (котов, коты, кота → кот) but keeps the diminutive: котики → котик,
 * and people name the same meme «кот» and «котик». A second term with a diminutive «-ик/-чик»
 * taken off lets the two meet; the full stem stays too, so an exact match still scores higher.
 * The 3-letter floor keeps short words such as «шик» or «крик» whole.
 */
function diminutiveBase(stem: string): string | undefined {
  const m = /^(.{3,}?)ч?ик$/u.exec(stem);
  return m?.[1];
}

/**
 * The index terms of one normalised word: none for a stop word, else the Snowball Russian stem
 * (plus its diminutive base, see above). Latin words and numbers pass through as they are.
 */
export function termsOfWord(word: string): string[] {
  if (RUSSIAN_STOP_WORDS.has(word)) return [];
  if (!/[а-я]/.test(word)) return [word];
  const stem = stemmer(word);
  const base = diminutiveBase(stem);
  return base ? [stem, base] : [stem];
}

/** All index terms of a text, in order: what the lexical index stores and what a query is matched by. */
export function analyze(text: string): string[] {
  return tokenizeWords(text).flatMap(termsOfWord);
}
