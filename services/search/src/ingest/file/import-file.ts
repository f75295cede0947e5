import type { Meme } from '../../corpus/meme.js';
import { FileFormatError } from '../../errors.js';
import { uniqueIds } from '../clean/unique-ids.js';
import { resolveColumns, type FieldMap, type ResolvedColumns } from './field-map.js';
import { readTable, type InputFormat } from './read-table.js';
import { rowToMeme, type RowOptions } from './row-to-meme.js';

export interface ImportOptions extends RowOptions {
  format: InputFormat;
  map: FieldMap;
  /** Any bad row is fatal (FileFormatError naming it) instead of reported and skipped. */
  strict: boolean;
}

export interface SkippedRow {
  row: number;
  kind: string;
  message: string;
}

export interface ImportResult {
  memes: Meme[];
  /** Records read (data rows, not the header or blank lines). */
  rows: number;
  skipped: SkippedRow[];
  /** Ids that two rows shared; the later row's id was re-suffixed. */
  renamed: Array<{ row: number; from: string; to: string }>;
  columns: ResolvedColumns;
}

/**
 * Any collection (CSV, TSV, JSONL) → memes in the corpus schema. Bad rows are reported with their
 * row and skipped, or with `strict` stop the import; a row repeating an earlier row's url is skipped
 * as the memepedia loader does. The caller decides what zero memes means.
 */
export async function importFile(path: string, opts: ImportOptions): Promise<ImportResult> {
  const table = await readTable(path, opts.format);
  const columns = resolveColumns(table.columns, opts.map, path, table.headerRow);
  const memes: Meme[] = [];
  const rowOf: number[] = [];
  const skipped: SkippedRow[] = [];
  const urlRow = new Map<string, number>();
  const skip = (row: number, kind: string, message: string) => {
    if (opts.strict) throw new FileFormatError(path, row, `${message} (--strict: no row may be skipped)`);
    skipped.push({ row, kind, message });
  };
  for (const record of table.records) {
    if (record.problem) {
      skip(record.row, record.problem.kind, record.problem.message);
      continue;
    }
    const result = rowToMeme(record.values, columns, opts);
    if ('problem' in result) {
      skip(record.row, result.problem.kind, result.problem.message);
      continue;
    }
    const { meme } = result;
    const first = meme.url === null ? undefined : urlRow.get(meme.url);
    if (first !== undefined) {
      skip(record.row, 'duplicate url', `url ${meme.url} is already on row ${first}`);
      continue;
    }
    if (meme.url !== null) urlRow.set(meme.url, record.row);
    memes.push(meme);
    rowOf.push(record.row);
  }
  const { ids, renamed } = uniqueIds(memes.map((m) => m.id));
  return {
    memes: memes.map((m, i) => ({ ...m, id: ids[i]! })),
    rows: table.records.length,
    skipped,
    renamed: renamed.map((r) => ({ row: rowOf[r.index]!, from: r.from, to: r.to })),
    columns,
  };
}
