import type { Corpus, Meme } from '../corpus/meme.js';
import { readTsv } from '../corpus/read-tsv.js';
import { FileFormatError } from '../errors.js';
import { RUSSIAN_STOP_WORDS } from '../lexical/stop-words.js';
import { termsOfWord, tokenizeWords } from '../lexical/russian-analyzer.js';
import { normalizeLink } from './query-file.js';

/** The styles of hand-written queries, as the query files' `style` column names them. */
export const QUERY_STYLES = ['situation', 'picture', 'short', 'typo'] as const;
export type QueryStyle = (typeof QUERY_STYLES)[number];

/** Words in a row that a query may share with its meme's texts before it counts as copied. */
export const COPY_RUN = 4;
/** A `short` query names the meme or its catch-phrase: this many words at most. */
export const SHORT_MAX_WORDS = 4;

export interface RawQueryRow {
  row: number;
  query: string;
  relevant: string[];
  style: string;
}

export interface LintProblem {
  row: number;
  query: string;
  problem: string;
}

export interface LintReport {
  rows: number;
  problems: LintProblem[];
  /** Queries per meme id (every relevant meme of a row counts it). */
  perMeme: Map<string, number>;
  byStyle: Map<string, number>;
}

/** Reads a query TSV (header with `query`, `relevant`, `style`) without resolving links: the lint names bad ones. */
export async function readRawQueryRows(path: string): Promise<RawQueryRow[]> {
  const records = await readTsv(path);
  const header = records[0]?.record.map((h) => h.trim()) ?? [];
  const [qi, ri, si] = ['query', 'relevant', 'style'].map((c) => header.indexOf(c)) as [number, number, number];
  if (qi < 0 || ri < 0 || si < 0)
    throw new FileFormatError(path, 1, `the header must have the columns "query", "relevant" and "style"; it has: ${header.join(', ')}`);
  return records.slice(1).map(({ record, row }) => ({
    row,
    query: record[qi] ?? '',
    relevant: (record[ri] ?? '')
      .split('|')
      .map((s) => s.trim())
      .filter(Boolean),
    style: (record[si] ?? '').trim(),
  }));
}

/** The word n-grams of a text (lower case, ё → е, punctuation dropped), joined by spaces. */
function wordRuns(text: string, n: number): Set<string> {
  const words = tokenizeWords(text);
  const runs = new Set<string>();
  for (let i = 0; i + n <= words.length; i++) runs.add(words.slice(i, i + n).join(' '));
  return runs;
}

/**
 * Function words the search's stop list keeps (it is short on purpose) but that name no meme: a
 * situation may say «который» or «никто» even when the title does.
 */
const NOT_NAMING = new Set(
  (
    'который которая которое которые которого которой котором которую которых которым которыми ' +
    'никто никого никому ничего ничто ничем никогда нигде очень слишком свой своя свое свои своего своей ' +
    'такой такая такое такие сейчас всегда весь вся'
  ).split(' '),
);

/** Stems of the content words (no stop words, no numbers, at least 3 letters) of a text. */
function contentStems(text: string): Set<string> {
  const stems = new Set<string>();
  for (const word of tokenizeWords(text)) {
    if (RUSSIAN_STOP_WORDS.has(word) || NOT_NAMING.has(word) || word.length < 3 || /^\d+$/.test(word)) continue;
    // termsOfWord's first term is the full stem; its diminutive base would match too loosely here.
    const stem = termsOfWord(word)[0];
    if (stem && stem.length >= 3) stems.add(stem);
  }
  return stems;
}

/** The key two queries are duplicates by: their words, normalised, in order. */
export function queryKey(query: string): string {
  return tokenizeWords(query).join(' ');
}

/**
 * Checks hand-written training or evaluation queries against the corpus they label: every link is
 * a meme of it; no query repeats COPY_RUN consecutive words of its meme's title, meaning or example
 * (written in our own words, not lifted); a situation never names its meme (no content-word stem
 * of the title); `short` queries are short; no query appears twice; styles are known; no tabs,
 * control characters or over-long text.
 */
export function lintQueries(rows: readonly RawQueryRow[], corpus: Corpus): LintReport {
  const byLink = new Map<string, Meme>();
  for (const m of corpus.memes) if (m.url) byLink.set(normalizeLink(m.url), m);
  const byId = new Map(corpus.memes.map((m) => [m.id, m]));
  const memeRuns = new Map<string, Set<string>>();
  const runsOf = (m: Meme): Set<string> => {
    let runs = memeRuns.get(m.id);
    if (!runs) {
      const example = corpus.examples.get(m.id) ?? '';
      runs = new Set([...wordRuns(m.title, COPY_RUN), ...wordRuns(m.description, COPY_RUN), ...wordRuns(example, COPY_RUN)]);
      memeRuns.set(m.id, runs);
    }
    return runs;
  };
  const problems: LintProblem[] = [];
  const perMeme = new Map<string, number>();
  const byStyle = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const r of rows) {
    const flag = (problem: string) => problems.push({ row: r.row, query: r.query, problem });
    const query = r.query.trim();
    byStyle.set(r.style, (byStyle.get(r.style) ?? 0) + 1);
    if (!query) {
      flag('the query is empty');
      continue;
    }
    if (query.length > 1000) flag('longer than 1,000 characters');
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(r.query)) flag('contains a tab, newline or other control character');
    if (!(QUERY_STYLES as readonly string[]).includes(r.style)) flag(`unknown style "${r.style}" (one of ${QUERY_STYLES.join(', ')})`);
    const words = tokenizeWords(query);
    if (r.style === 'short' && words.length > SHORT_MAX_WORDS) flag(`a short query has ${words.length} words (at most ${SHORT_MAX_WORDS})`);
    const key = queryKey(query);
    const first = seen.get(key);
    if (first !== undefined) flag(`duplicate of row ${first}`);
    else seen.set(key, r.row);
    if (r.relevant.length === 0) flag('no relevant link');
    const qRuns = wordRuns(query, COPY_RUN);
    const qStems = r.style === 'situation' ? contentStems(query) : undefined;
    for (const link of r.relevant) {
      const meme = byLink.get(normalizeLink(link)) ?? byId.get(link);
      if (!meme) {
        flag(`relevant link ${link} is not in the corpus (${corpus.name})`);
        continue;
      }
      perMeme.set(meme.id, (perMeme.get(meme.id) ?? 0) + 1);
      const runs = runsOf(meme);
      const copied = [...qRuns].find((run) => runs.has(run));
      if (copied) flag(`repeats «${copied}» from the meme's title, meaning or example (${meme.id})`);
      if (qStems) {
        const shared = [...contentStems(meme.title)].filter((s) => qStems.has(s));
        if (shared.length > 0)
          flag(
            `a situation names its meme: shares the stem${shared.length > 1 ? 's' : ''} ${shared.join(', ')} with the title «${meme.title}»`,
          );
      }
    }
  }
  return { rows: rows.length, problems, perMeme, byStyle };
}
