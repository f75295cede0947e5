import { stemmer } from '@orama/stemmers/russian';
import type { Meme } from '../corpus/meme.js';
import { normalizeWord, tokenizeWords } from '../lexical/russian-analyzer.js';
import { DeleteIndex } from './delete-index.js';
import { isConfusable, weightedDistance } from './edit-distance.js';
import { VOWELS, edits1, halfEdits } from './edit-candidates.js';
import { matchCase, queryWords } from './query-words.js';
import { loadRussianWordForms } from './russian-dictionary.js';

export interface Correction {
  from: string;
  to: string;
}

export interface SpellResult {
  /** The query with its corrections applied; everything else exactly as typed. */
  text: string;
  corrections: Correction[];
}

interface Candidate {
  word: string;
  cost: number;
  /** Occurrences in the corpus; 0 for a dictionary-only word. */
  freq: number;
}

const CYRILLIC_WORD = /^[а-я]+$/;
/**
 * Between equally close candidates the corpus word wins: the corpus is about memes (names, slang), the
 * dictionary about everything. A dictionary word half an edit closer still beats it.
 */
const CORPUS_BONUS = 0.25;
/** Particles written with a hyphen: «какуюто» → «какую-то», not «какую то». */
const HYPHEN_PARTICLES = new Set(['то', 'либо', 'нибудь', 'таки']);

/**
 * How far a correction may be from the typed word, in weighted edits (see edit-distance.ts); -1: none.
 * Short words have many neighbours, so the shorter the word, the surer the match must be: a 3-letter
 * word may only change by a confusable letter or a dropped ь, and only to a corpus word («ето» → «это»;
 * not «лан» → «лань», «нян» → «нянь»). A word only the dictionary knows must be closer still: the typed
 * word is then often a loanword or slang the dictionary lacks, and the corpus example queries showed
 * those pulled to unrelated words («стонкс» → «стокс», «памперсах» → «бамперах», «мурчит» → «мучить»).
 */
function maxCost(length: number, inCorpus: boolean): number {
  if (!inCorpus) return length <= 3 ? -1 : length <= 6 ? 0.5 : 1;
  return length <= 3 ? 0.5 : length <= 6 ? 1 : 1.5;
}

/**
 * People rarely mistype the first letter, except for a vowel they spell by ear («ето», «ище»); a
 * candidate with another first consonant is another word («текилы» → «дебилы»).
 */
function sameStart(a: string, b: string): boolean {
  const x = a[0]!;
  const y = b[0]!;
  return x === y || (VOWELS.has(x) && VOWELS.has(y) && isConfusable(x, y));
}

/**
 * Corrects the spelling of a search query, word by word, against the corpus's own words (meme names,
 * slang) and the Russian dictionary. Conservative by design: a query that reaches the dense model
 * with a typo still mostly works, one "corrected" into another word does not. So it changes only a
 * Cyrillic word of 3+ letters, outside quotes, that neither the corpus nor the dictionary knows, and
 * only to a close candidate. Build once (seconds: the dictionary), then `correct()` takes ~0.1 ms.
 */
export class QuerySpeller {
  private readonly index: DeleteIndex;
  private readonly corpusStems: Set<string>;

  constructor(
    /** Corpus words (normalised) and how often each occurs. */
    private readonly corpusWords: ReadonlyMap<string, number>,
    /** Dictionary word forms (normalised). */
    private readonly dictionary: ReadonlySet<string>,
  ) {
    const cyrillic = [...corpusWords.keys()].filter((w) => CYRILLIC_WORD.test(w));
    this.index = new DeleteIndex(cyrillic.filter((w) => w.length >= 3));
    this.corpusStems = new Set(cyrillic.map((w) => stemmer(w)));
  }

  /** A speller for a corpus: its memes' title and description words plus the Russian dictionary. */
  static async forMemes(memes: readonly Pick<Meme, 'title' | 'description'>[]): Promise<QuerySpeller> {
    return new QuerySpeller(countWords(memes.flatMap((m) => [m.title, m.description])), await loadRussianWordForms());
  }

  /** Number of distinct corpus words it prefers as corrections. */
  get corpusVocabularySize(): number {
    return this.corpusWords.size;
  }

  correct(query: string): SpellResult {
    const text = query.normalize('NFC');
    const corrections: Correction[] = [];
    let out = '';
    let last = 0;
    for (const w of queryWords(text)) {
      const fixed = w.quoted ? undefined : this.correctWord(w.text);
      if (fixed === undefined) continue;
      const to = matchCase(w.text, fixed);
      corrections.push({ from: w.text, to });
      out += text.slice(last, w.start) + to;
      last = w.end;
    }
    return corrections.length === 0 ? { text: query, corrections } : { text: out + text.slice(last), corrections };
  }

  /** The corrected (normalised) word, or undefined to leave it as typed. */
  private correctWord(original: string): string | undefined {
    const word = normalizeWord(original);
    // Numbers, Latin or mixed-script words, and ≤ 2 letters ("ну", "ок") are never touched.
    if (word.length <= 2 || !CYRILLIC_WORD.test(word) || this.known(word)) return undefined;
    const best = this.bestCandidate(word);
    // Two words run together ("ненадо"): only when no single word is closer than a full edit.
    const split = !best || best.cost >= 1 ? this.split(word) : undefined;
    return split ?? best?.word;
  }

  /**
   * Known: in the corpus or the dictionary, or another form of a corpus word — slang and loanwords the
   * dictionary lacks («гуглю», «тренде», «стримить») must not be "corrected" just because the corpus
   * has them in another grammatical form. Not for ≤ 3 letters, where the stem is nearly the whole word («мыш»).
   */
  private known(word: string): boolean {
    if (this.corpusWords.has(word) || this.dictionary.has(word)) return true;
    return word.length > 3 && this.corpusStems.has(stemmer(word));
  }

  private bestCandidate(word: string): Candidate | undefined {
    const found = new Map<string, Candidate>();
    const corpusLimit = maxCost(word.length, true);
    for (const c of this.index.candidates(word)) {
      if (!sameStart(word, c)) continue;
      const cost = weightedDistance(word, c, corpusLimit);
      if (cost <= corpusLimit) found.set(c, { word: c, cost: cost - CORPUS_BONUS, freq: this.corpusWords.get(c) ?? 0 });
    }
    const dictionaryLimit = maxCost(word.length, false);
    const consider = (c: string) => {
      if (found.has(c) || !this.dictionary.has(c) || !sameStart(word, c)) return;
      const cost = weightedDistance(word, c, dictionaryLimit);
      if (cost <= dictionaryLimit) found.set(c, { word: c, cost, freq: this.corpusWords.get(c) ?? 0 });
    };
    // Dictionary words within the limit: one plain edit (a half edit is one too), and for a limit of 1
    // two half edits («падажди» → «подожди»). That is ~1–3k Set look-ups; every word two plain edits
    // away would be ~300k.
    if (dictionaryLimit >= 0.5) for (const e of edits1(word)) consider(e);
    if (dictionaryLimit >= 1) for (const h of halfEdits(word)) for (const hh of halfEdits(h)) consider(hh);
    const ranked = [...found.values()].sort((a, b) => a.cost - b.cost || b.freq - a.freq || (a.word < b.word ? -1 : 1));
    const [first, second] = ranked;
    // Two dictionary words equally close and neither used in the corpus: nothing says which one the
    // user meant, and the wrong one hurts more than the typo.
    if (first && second && first.freq === 0 && second.freq === 0 && first.cost === second.cost) return undefined;
    return first;
  }

  /** "ненадо" → "не надо", "какуюто" → "какую-то": both halves common corpus words (or a particle). */
  private split(word: string): string | undefined {
    let best: { text: string; freq: number } | undefined;
    for (let i = 2; i <= word.length - 2; i++) {
      const left = word.slice(0, i);
      const right = word.slice(i);
      const lf = this.corpusWords.get(left) ?? 0;
      const rf = this.corpusWords.get(right) ?? 0;
      const particle = HYPHEN_PARTICLES.has(right) && this.known(left);
      if (!particle && (lf < 2 || rf < 2)) continue;
      const freq = particle ? Infinity : Math.min(lf, rf);
      if (!best || freq > best.freq) best = { text: particle ? `${left}-${right}` : `${left} ${right}`, freq };
    }
    return best?.text;
  }
}

/** Normalised words of the texts with their counts. */
export function countWords(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of texts) for (const w of tokenizeWords(t)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}
