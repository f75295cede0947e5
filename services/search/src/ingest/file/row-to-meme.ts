import { MemeSchema, type Meme } from '../../corpus/meme.js';
import { emptyMeaningReason, normalizeWhitespace } from '../../corpus/text-clean.js';
import { normalizeLines } from '../clean/clean-text.js';
import type { MemeField, ResolvedColumns } from './field-map.js';
import { memeId } from './meme-id.js';

export interface RowProblem {
  /** For the summary's counts: "invalid url", "empty description"… */
  kind: string;
  message: string;
}

export interface RowOptions {
  source: string;
  tagsSeparator: string;
  /** Keep line breaks in descriptions (the cleaning step reads page furniture line by line). */
  keepLineBreaks: boolean;
}

const problem = (kind: string, message: string) => ({ problem: { kind, message } });

/**
 * One table row → one meme, or the reason it can't be one. The checks run in the memepedia loader's
 * order (description, title, link), so both drop the same rows of a memepedia file.
 */
export function rowToMeme(
  values: Map<string, unknown>,
  columns: ResolvedColumns,
  opts: RowOptions,
): { meme: Meme } | { problem: RowProblem } {
  const texts: Partial<Record<MemeField, string>> = {};
  for (const field of ['id', 'title', 'description', 'url', 'imageUrl', 'date'] as const) {
    const column = columns[field];
    const value = column === undefined ? undefined : values.get(column);
    const text = cellText(value);
    if (text === undefined) return problem(`invalid ${field}`, `${field} (${column}) must be text, not ${describe(value)}`);
    texts[field] = text;
  }

  const rawDescription = texts.description!;
  const emptyDescription = emptyMeaningReason(rawDescription);
  if (emptyDescription) return problem('empty description', emptyDescription);
  const title = normalizeWhitespace(texts.title!);
  if (!title) return problem('empty title', 'title is empty');

  const url = webUrl(texts.url!);
  if (url === undefined) return problem('invalid url', `url "${texts.url!.trim()}" is not a URL`);
  const imageUrl = webUrl(texts.imageUrl!);
  if (imageUrl === undefined) return problem('invalid imageUrl', `imageUrl "${texts.imageUrl!.trim()}" is not a URL`);
  const date = normalizeDate(texts.date!);
  if (date === undefined) return problem('invalid date', `date "${texts.date!.trim()}" is not YYYY, YYYY-MM or YYYY-MM-DD`);
  const tags = tagList(columns.tags === undefined ? undefined : values.get(columns.tags), opts.tagsSeparator);
  if (tags === undefined) return problem('invalid tags', `tags (${columns.tags}) must be text or a list of texts`);
  const id = memeId(texts.id!, url, title);
  if (id === undefined) return problem('invalid id', `id "${texts.id}" has no letters or digits to make an id of`);

  const parsed = MemeSchema.safeParse({
    id,
    title,
    description: opts.keepLineBreaks ? normalizeLines(rawDescription) : normalizeWhitespace(rawDescription),
    url,
    imageUrl,
    tags,
    date,
    source: opts.source,
  });
  if (!parsed.success) {
    return problem('invalid field', parsed.error.issues.map((x) => `${x.path.join('.') || 'record'}: ${x.message}`).join('; '));
  }
  return { meme: parsed.data };
}

/** A cell as text: JSONL numbers and booleans are fine as text, objects are not. */
function cellText(value: unknown): string | undefined {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'a list' : `${typeof value === 'object' ? 'an object' : typeof value}`;
}

/** null for an empty cell, undefined for something that is not an http(s) address. */
function webUrl(cell: string): string | null | undefined {
  const text = cell.trim();
  if (text === '') return null;
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:' ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Dates as collections write them, in the corpus's YYYY[-MM[-DD]]: ISO timestamps, 31.12.2017, 2017/12/31. */
export function normalizeDate(cell: string): string | null | undefined {
  const text = cell.trim();
  if (text === '') return null;
  const parts =
    /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$/.exec(text)?.slice(1) ??
    /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text)?.slice(1).reverse() ??
    /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(text)?.slice(1);
  if (!parts) return undefined;
  const [year, month, day] = parts.map((p) => p?.padStart(2, '0'));
  if (month !== undefined && (Number(month) < 1 || Number(month) > 12)) return undefined;
  if (day !== undefined && (Number(day) < 1 || Number(day) > 31)) return undefined;
  return [year, month, day].filter((p) => p !== undefined).join('-');
}

/** Tags from a list (JSONL) or a cell split on the separator; blanks and repeats dropped. */
function tagList(value: unknown, separator: string): string[] | undefined {
  const items = Array.isArray(value)
    ? value.map(cellText)
    : [cellText(value)].flatMap((t) => (t === undefined ? [undefined] : t.split(separator)));
  if (items.some((t) => t === undefined)) return undefined;
  return [...new Set(items.map((t) => normalizeWhitespace(t!)).filter(Boolean))];
}
