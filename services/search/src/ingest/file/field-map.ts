import { FileFormatError, UserError } from '../../errors.js';

export const MEME_FIELDS = ['id', 'title', 'description', 'url', 'imageUrl', 'tags', 'date'] as const;
export type MemeField = (typeof MEME_FIELDS)[number];

/** Field → column (or JSON key) the user named; null: leave the field empty even if a column fits. */
export type FieldMap = Partial<Record<MemeField, string | null>>;

/** Column names that need no --map: the field's own name, and the memepedia scrape's header. */
const DEFAULT_COLUMNS: Record<MemeField, string[]> = {
  id: ['id'],
  title: ['title', 'header'],
  description: ['description', 'meaning'],
  url: ['url', 'link'],
  imageUrl: ['imageurl', 'image'],
  tags: ['tags'],
  date: ['date'],
};

const REQUIRED: readonly MemeField[] = ['title', 'description'];

const comparable = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');

/**
 * Parses `--map title=Name,description=About` (the option may also repeat). A comma only separates
 * pairs when a `field=` follows it, so column names may contain commas.
 */
export function parseFieldMap(specs: readonly string[]): FieldMap {
  const map: FieldMap = {};
  for (const spec of specs) {
    for (const pair of spec.split(/,(?=\s*[A-Za-z]+\s*=)/)) {
      if (pair.trim() === '') continue;
      const eq = pair.indexOf('=');
      if (eq < 0) throw new UserError(`--map: "${pair}" is not field=column`, `fields: ${MEME_FIELDS.join(', ')}`);
      const name = pair.slice(0, eq).trim();
      const field = MEME_FIELDS.find((f) => f.toLowerCase() === name.toLowerCase());
      if (!field) throw new UserError(`--map: unknown field "${name}"`, `fields: ${MEME_FIELDS.join(', ')}`);
      if (field in map) throw new UserError(`--map: field "${field}" is mapped twice`);
      const column = pair.slice(eq + 1).trim();
      map[field] = column === '' ? null : column;
    }
  }
  return map;
}

/** Which column each field comes from. */
export type ResolvedColumns = Partial<Record<MemeField, string>>;

/**
 * Matches the map against the columns the file has, before any row is read: a mapped column that
 * is not there, or no column for a required field, is an error that lists what the file has.
 * `where` is the header's row for CSV/TSV and undefined for JSONL (whose keys are gathered from all lines).
 */
export function resolveColumns(columns: readonly string[], map: FieldMap, file: string, where: number | undefined): ResolvedColumns {
  const what = where === undefined ? 'key' : 'column';
  const have = () => `the file has: ${columns.map((c) => `"${c}"`).join(', ') || 'nothing'}`;
  const resolved: ResolvedColumns = {};
  for (const field of MEME_FIELDS) {
    const wanted = map[field];
    if (wanted === null) continue;
    if (wanted !== undefined) {
      const column = columns.find((c) => c === wanted) ?? columns.find((c) => comparable(c) === comparable(wanted));
      if (column === undefined) throw new FileFormatError(file, where, `no ${what} "${wanted}" (--map ${field}=${wanted}); ${have()}`);
      resolved[field] = column;
      continue;
    }
    const column = columns.find((c) => DEFAULT_COLUMNS[field].includes(comparable(c)));
    if (column !== undefined) resolved[field] = column;
  }
  const missing = REQUIRED.filter((f) => resolved[f] === undefined);
  if (missing.length) {
    throw new FileFormatError(
      file,
      where,
      `no ${what} for ${missing.join(' and ')}; ${have()} (name ${missing.length > 1 ? 'them' : 'it'} with --map ${missing.map((f) => `${f}=COLUMN`).join(',')})`,
    );
  }
  return resolved;
}
