import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { readTsv } from '../../corpus/read-tsv.js';
import { readUtf8 } from '../../corpus/read-utf8.js';
import { FileFormatError, UserError } from '../../errors.js';

export const INPUT_FORMATS = ['csv', 'tsv', 'jsonl'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

export interface TableRecord {
  /** Line of the file where the record ends (CSV/TSV cells may span lines), as the loaders count. */
  row: number;
  values: Map<string, unknown>;
  /** Why the record cannot be used at all (bad JSON, wrong column count). */
  problem?: { kind: string; message: string };
}

export interface Table {
  columns: string[];
  /** Row of the header (CSV/TSV); undefined for JSONL, whose keys come from every line. */
  headerRow: number | undefined;
  records: TableRecord[];
}

/** --format, or the file's extension when it is one of ours. */
export function inputFormat(path: string, format: string | undefined): InputFormat {
  if (format !== undefined) {
    const f = format.toLowerCase();
    if ((INPUT_FORMATS as readonly string[]).includes(f)) return f as InputFormat;
    throw new UserError(`--format must be csv, tsv or jsonl, not "${format}"`);
  }
  const ext = extname(path).toLowerCase().slice(1);
  if (ext === 'ndjson') return 'jsonl';
  if ((INPUT_FORMATS as readonly string[]).includes(ext)) return ext as InputFormat;
  throw new UserError(`cannot tell the format of ${path} from its name`, 'pass --format csv, --format tsv or --format jsonl');
}

/** Reads a CSV, TSV or JSONL file into named cells, refusing empty, binary and mistaken-format files. */
export async function readTable(path: string, format: InputFormat): Promise<Table> {
  const text = await readUtf8(path); // refuses invalid UTF-8 (with its line) and drops a BOM
  if (text.trim() === '') throw new FileFormatError(path, undefined, 'the file is empty');
  if (text.includes('\u0000'))
    throw new FileFormatError(path, undefined, `this looks like a binary file, not ${format.toUpperCase()} text`);
  if (format === 'jsonl') return jsonlTable(path, text);
  const looksJson = /^\s*[[{]/.test(text);
  const rows = format === 'tsv' ? await readTsv(path) : parseCsv(path, text);
  const header = rows[0];
  if (!header) throw new FileFormatError(path, undefined, 'the file is empty');
  const columns = header.record.map((c) => c.trim());
  if (columns.length === 1) {
    const other = format === 'csv' ? { sep: '\t', name: 'tsv' } : { sep: ',', name: 'csv' };
    if (looksJson) throw new FileFormatError(path, header.row, 'this looks like JSON, not a table: use --format jsonl');
    if (columns[0]!.includes(other.sep)) {
      throw new FileFormatError(
        path,
        header.row,
        `the header is one column with "${other.sep === '\t' ? '\\t' : ','}" in it: use --format ${other.name}`,
      );
    }
  }
  const records = rows.slice(1).map(({ record, row }): TableRecord => {
    const values = new Map<string, unknown>();
    // A repeated column name keeps its first cell.
    columns.forEach((c, i) => {
      if (!values.has(c)) values.set(c, record[i] ?? '');
    });
    if (record.length !== columns.length) {
      return {
        row,
        values,
        problem: { kind: 'wrong column count', message: `has ${record.length} columns, the header has ${columns.length}` },
      };
    }
    return { row, values };
  });
  return { columns, headerRow: header.row, records };
}

function parseCsv(path: string, text: string): Array<{ record: string[]; row: number }> {
  try {
    const records = parse(text, { info: true, bom: true, relax_column_count: true, skip_empty_lines: true }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
    return records.map((r) => ({ record: r.record, row: r.info.lines }));
  } catch (err) {
    throw new FileFormatError(path, (err as { lines?: number }).lines, `cannot parse as CSV: ${(err as Error).message}`);
  }
}

function jsonlTable(path: string, text: string): Table {
  if (/^\s*\[/.test(text)) {
    throw new FileFormatError(path, undefined, "this is a JSON array, not JSON Lines (one object per line); convert it with jq -c '.[]'");
  }
  const lines = text.split('\n');
  const firstLine = lines.findIndex((l) => l.trim() !== '');
  if (!parsesAsJson(lines[firstLine]!) && parsesAsJson(text)) {
    throw new FileFormatError(path, undefined, 'this is one JSON document over several lines, not JSON Lines (one object per line)');
  }
  const columns = new Set<string>();
  const records: TableRecord[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const row = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      records.push({ row, values: new Map(), problem: { kind: 'invalid JSON', message: `not valid JSON (${(err as Error).message})` } });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const what = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
      records.push({ row, values: new Map(), problem: { kind: 'invalid JSON', message: `is ${what}, not a JSON object` } });
      return;
    }
    const values = new Map(Object.entries(value));
    for (const key of values.keys()) columns.add(key);
    records.push({ row, values });
  });
  return { columns: [...columns], headerRow: undefined, records };
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
