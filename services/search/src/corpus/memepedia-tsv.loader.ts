import { basename } from 'node:path';
import { FileFormatError } from '../errors.js';
import type { Corpus, Dropped, Meme } from './meme.js';
import { readTsv } from './read-tsv.js';
import { emptyMeaningReason, normalizeWhitespace, slugFromUrl } from './text-clean.js';

const REQUIRED = ['header', 'link', 'meaning'] as const;

/**
 * The memepedia scrape format (tab-separated despite its upstream ".csv" name; columns `header`,
 * `link`, `meaning`, optional `example`; cells may be quoted and span lines). Applies the original
 * notebook's cleaning and reports every row it drops.
 */
export async function loadMemepediaTsv(path: string, name = basename(path).replace(/\.[^.]+$/, '')): Promise<Corpus> {
  const records = await readTsv(path);
  const header = records[0]?.record;
  if (!header) throw new FileFormatError(path, undefined, 'the file is empty');
  const col = Object.fromEntries(header.map((h, i) => [h.trim(), i])) as Record<string, number>;
  const missing = REQUIRED.filter((c) => col[c] === undefined);
  if (missing.length) {
    throw new FileFormatError(
      path,
      1,
      `missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} (the header has: ${header.map((h) => `"${h}"`).join(', ')})`,
    );
  }

  const memes: Meme[] = [];
  const examples = new Map<string, string>();
  const dropped: Dropped[] = [];
  const byLink = new Set<string>();
  const ids = new Set<string>();
  for (const { record, row } of records.slice(1)) {
    if (record.length !== header.length) {
      throw new FileFormatError(path, row, `has ${record.length} columns, the header has ${header.length}`);
    }
    const cell = (c: string) => (col[c] === undefined ? '' : (record[col[c]!] ?? ''));
    const title = normalizeWhitespace(cell('header'));
    const link = cell('link').trim();
    const meaningProblem = emptyMeaningReason(cell('meaning'));
    if (meaningProblem) {
      dropped.push({ row, reason: meaningProblem, title });
      continue;
    }
    if (!title) {
      dropped.push({ row, reason: 'title is empty' });
      continue;
    }
    const slug = slugFromUrl(link);
    if (!slug) {
      dropped.push({ row, reason: `link "${link}" is not a URL`, title });
      continue;
    }
    if (byLink.has(link)) {
      dropped.push({ row, reason: `duplicate link ${link}`, title });
      continue;
    }
    byLink.add(link);
    let id = slug;
    for (let n = 2; ids.has(id); n++) id = `${slug}-${n}`;
    ids.add(id);
    memes.push({
      id,
      title,
      description: normalizeWhitespace(cell('meaning')),
      url: link,
      imageUrl: null,
      tags: [],
      date: null,
      source: 'memepedia',
      views: null,
    });
    const example = normalizeWhitespace(cell('example'));
    if (example) examples.set(id, example);
  }
  if (memes.length === 0) throw new FileFormatError(path, undefined, 'no usable memes in the file');
  return { name, path, memes, examples, dropped };
}
