import { basename, extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/env.js';
import { FileFormatError, UserError } from '../../errors.js';
import { CLEAN_DEFAULTS } from '../../ingest/clean/clean-memes.js';
import { cleanWithModel } from '../../ingest/clean/clean-with-model.js';
import { cleanReportLines, countByKind } from '../../ingest/clean/format-clean-report.js';
import { MEME_FIELDS, parseFieldMap } from '../../ingest/file/field-map.js';
import { importFile } from '../../ingest/file/import-file.js';
import { inputFormat } from '../../ingest/file/read-table.js';
import { writeCorpusFile } from '../../ingest/file/write-corpus-file.js';
import { runCommand } from '../run-command.js';
import { cosineThreshold } from './ingest-clean.command.js';

interface IngestFileOptions {
  format?: string;
  map?: string[];
  out?: string;
  source?: string;
  tagsSeparator: string;
  strict?: boolean;
  clean: boolean;
  embeddings: boolean;
  threshold: number;
}

/** A long list of bad rows is summarised after this many lines (the counts by reason still cover all). */
const MAX_ROW_LINES = 200;

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export function addIngestFileCommand(ingest: Command): void {
  ingest
    .command('file')
    .description('import any collection (CSV, TSV, JSONL) into a corpus JSONL file, then clean it')
    .argument('<path>', 'the collection file')
    .option('--format <format>', 'csv, tsv or jsonl (default: from the file extension)')
    .option(
      '--map <field=column,…>',
      `which column (JSONL: key) fills each field: ${MEME_FIELDS.join(', ')}; "field=" leaves it empty; may repeat. ` +
        'Default: columns named like the fields, and the memepedia header (header, meaning, link)',
      collect,
    )
    .option('--out <file>', 'the corpus to write (default: <name>.corpus.jsonl in the current directory; written atomically)')
    .option('--source <name>', "the memes' source field (default: the file's name)")
    .option('--tags-separator <sep>', 'splits a tags cell into tags', ',')
    .option('--strict', 'stop at the first bad row (default: report bad rows, skip them, import the rest)')
    .option('--no-clean', 'write the rows as imported, without the cleaning step')
    .option('--no-embeddings', 'clean without the model (near-duplicates only by same title and nearly the same text)')
    .option('--threshold <x>', 'cosine from which two memes with similar titles are one', cosineThreshold, CLEAN_DEFAULTS.threshold)
    .action(
      runCommand(async (path: string, opts: IngestFileOptions) => {
        const format = inputFormat(path, opts.format);
        const map = parseFieldMap(opts.map ?? []);
        if (opts.tagsSeparator === '') throw new UserError('--tags-separator must not be empty');
        const name = basename(path, extname(path));
        const out = opts.out ?? `${name}.corpus.jsonl`;
        if (resolve(out) === resolve(path)) throw new UserError(`--out ${out} is the input file`, 'write the corpus to another file');

        const imported = await importFile(path, {
          format,
          map,
          strict: Boolean(opts.strict),
          source: opts.source ?? name,
          tagsSeparator: opts.tagsSeparator,
          keepLineBreaks: opts.clean,
        });
        const used = Object.entries(imported.columns).map(([field, column]) => `${field} ← "${column}"`);
        process.stderr.write(`columns: ${used.join(', ')}\n`);
        const rowLines = [
          ...imported.skipped.map((s) => `skipped ${path}, row ${s.row}: ${s.message}`),
          ...imported.renamed.map((r) => `${path}, row ${r.row}: id "${r.from}" is taken, stored as "${r.to}"`),
        ];
        printCapped(rowLines);
        const skipped = imported.skipped.length ? ` (${countByKind(imported.skipped)})` : '';
        if (imported.memes.length === 0) {
          throw new FileFormatError(
            path,
            undefined,
            imported.rows === 0 ? 'no rows to import' : `no usable rows: all ${imported.rows} were skipped${skipped}`,
          );
        }

        let memes = imported.memes;
        let cleaning = 'cleaning off';
        if (opts.clean) {
          const { result, note } = await cleanWithModel(memes, loadConfig(), {
            embeddings: opts.embeddings ? 'if-fetched' : 'off',
            threshold: opts.threshold,
            progress: true,
          });
          if (note) process.stderr.write(`note: ${note}\n`);
          printCapped(cleanReportLines(result));
          memes = result.memes;
          cleaning = `${result.dropped.length} dropped by cleaning${result.dropped.length ? ` (${countByKind(result.dropped)})` : ''}`;
        }

        await writeCorpusFile(out, memes);
        process.stdout.write(
          `ingested ${path} (${format}) → ${out}: ${imported.rows} rows read, ${imported.memes.length} imported, ` +
            `${imported.skipped.length} skipped${skipped}, ${cleaning}, ${memes.length} memes written\n`,
        );
      }),
    );
}

function printCapped(lines: readonly string[]): void {
  for (const line of lines.slice(0, MAX_ROW_LINES)) process.stderr.write(`${line}\n`);
  if (lines.length > MAX_ROW_LINES) process.stderr.write(`… and ${lines.length - MAX_ROW_LINES} more\n`);
}
