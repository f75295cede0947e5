import { parse } from 'csv-parse/sync';
import { FileFormatError } from '../errors.js';
import { readUtf8 } from './read-utf8.js';

export interface TsvRecord {
  record: string[];
  /** Line where the record ends (records may span lines inside quotes). */
  row: number;
}

/**
 * Reads a tab-separated file with quoted, possibly multi-line cells. Column counts are checked by
 * the callers, which can name the row and the columns expected.
 */
export async function readTsv(path: string): Promise<TsvRecord[]> {
  const text = await readUtf8(path);
  try {
    const records = parse(text, {
      delimiter: '\t',
      relax_quotes: true,
      relax_column_count: true,
      info: true,
      skip_empty_lines: true,
      bom: true,
    }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
    return records.map((r) => ({ record: r.record, row: r.info.lines }));
  } catch (err) {
    throw new FileFormatError(path, (err as { lines?: number }).lines, `cannot parse as TSV: ${(err as Error).message}`);
  }
}
