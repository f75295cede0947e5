import type { Corpus } from '../corpus/meme.js';
import { readTsv } from '../corpus/read-tsv.js';
import { FileFormatError, UserError } from '../errors.js';

/** A labelled query: the text and the meme ids a person would accept for it. */
export interface LabelledQuery {
  query: string;
  relevant: Set<string>;
  /** Where it came from, for --misses and error messages. */
  row: number;
  /** The file's optional `style` column (e.g. situation, picture, typo, short): results are broken down by it. */
  style?: string;
}

/** Links compare without the trailing slash and scheme/host case that people vary by hand. */
export function normalizeLink(link: string): string {
  const trimmed = link.trim().replace(/\/+$/, '');
  try {
    const u = new URL(trimmed);
    return `${u.host.toLowerCase().replace(/^www\./, '')}${decodeURI(u.pathname).replace(/\/+$/, '')}${u.search}`;
  } catch {
    return trimmed;
  }
}

function linkMap(corpus: Corpus): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of corpus.memes) if (m.url) map.set(normalizeLink(m.url), m.id);
  return map;
}

/**
 * Reads a query file: TSV with a header line `query<TAB>relevant` (extra columns ignored), where
 * `relevant` is one or more meme source links (or meme ids) joined by " | ". Every one must be in the corpus.
 */
export async function loadQueryFile(path: string, corpus: Corpus): Promise<LabelledQuery[]> {
  const records = await readTsv(path);
  const header = records[0]?.record.map((h) => h.trim()) ?? [];
  const qi = header.indexOf('query');
  const ri = header.indexOf('relevant');
  const si = header.indexOf('style');
  if (qi < 0 || ri < 0)
    throw new FileFormatError(
      path,
      1,
      `the header must have the columns "query" and "relevant" (tab-separated); it has: ${header.map((h) => `"${h}"`).join(', ')}`,
    );
  const links = linkMap(corpus);
  const ids = new Set(corpus.memes.map((m) => m.id));
  return records.slice(1).map(({ record, row }) => {
    const query = (record[qi] ?? '').trim();
    if (!query) throw new FileFormatError(path, row, 'the query is empty');
    const cells = (record[ri] ?? '')
      .split('|')
      .map((s) => s.trim())
      .filter(Boolean);
    if (cells.length === 0) throw new FileFormatError(path, row, 'no relevant link');
    const relevant = new Set<string>();
    for (const link of cells) {
      // A meme without a source link (many of the built-in ones) is referred to by its id.
      const id = links.get(normalizeLink(link)) ?? (ids.has(link) ? link : undefined);
      if (!id)
        throw new FileFormatError(path, row, `relevant link ${link} is not in the corpus (${corpus.name}, ${corpus.memes.length} memes)`);
      relevant.add(id);
    }
    const style = si >= 0 ? (record[si] ?? '').trim() || undefined : undefined;
    return { query, relevant, row, ...(style ? { style } : {}) };
  });
}

/** Queries taken from a corpus column (the memepedia TSV's `example`), each labelled with its own meme. */
export function queriesFromCorpus(corpus: Corpus, column: string): LabelledQuery[] {
  if (column !== 'example') throw new UserError(`--queries-from-corpus supports the column "example", not "${column}"`);
  if (corpus.examples.size === 0)
    throw new UserError(
      `corpus ${corpus.path} has no "example" column`,
      'use the memepedia TSV, e.g. --corpus ../shared/data/memepedia-irinba.tsv',
    );
  return corpus.memes.flatMap((m, i) => {
    const q = corpus.examples.get(m.id);
    return q ? [{ query: q, relevant: new Set([m.id]), row: i + 2 }] : [];
  });
}
