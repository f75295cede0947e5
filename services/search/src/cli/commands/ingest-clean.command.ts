import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../../config/env.js';
import { CLEAN_DEFAULTS } from '../../ingest/clean/clean-memes.js';
import { cleanWithModel } from '../../ingest/clean/clean-with-model.js';
import { cleanReportLines, countByKind } from '../../ingest/clean/format-clean-report.js';
import { readCorpusJsonl } from '../../ingest/clean/read-corpus-jsonl.js';
import { writeCorpusFile } from '../../ingest/file/write-corpus-file.js';
import { runCommand } from '../run-command.js';

interface CleanCommandOptions {
  out: string;
  embeddings: boolean;
  threshold: number;
}

/** Parses a cosine threshold; commander reports the error with the option's name. */
export function cosineThreshold(value: string): number {
  const x = Number(value);
  if (!Number.isFinite(x) || x <= 0 || x > 1) throw new InvalidArgumentError('--threshold must be a number above 0 and at most 1.');
  return x;
}

export function addIngestCleanCommand(ingest: Command): void {
  ingest
    .command('clean')
    .description('clean a corpus JSONL: strip markup and page furniture, one quote style, drop empty and duplicate memes')
    .argument('<in>', 'corpus file (.jsonl)')
    .requiredOption('--out <file>', 'where to write the cleaned corpus (may be <in> itself; written atomically)')
    .option('--no-embeddings', 'find near-duplicates without the model (same title and nearly the same text only)')
    .option('--threshold <x>', 'cosine from which two memes with similar titles are one', cosineThreshold, CLEAN_DEFAULTS.threshold)
    .action(
      runCommand(async (input: string, opts: CleanCommandOptions) => {
        const started = performance.now();
        const memes = await readCorpusJsonl(input);
        const { result, modelId } = await cleanWithModel(memes, loadConfig(), {
          embeddings: opts.embeddings ? 'require' : 'off',
          threshold: opts.threshold,
          progress: true,
        });
        for (const line of cleanReportLines(result)) process.stderr.write(`${line}\n`);
        await writeCorpusFile(opts.out, result.memes);
        const drops = result.dropped.length ? ` (${countByKind(result.dropped)})` : '';
        const how = modelId ? `${result.embedded} memes embedded with ${modelId}` : 'no embeddings';
        process.stdout.write(
          `cleaned ${input} → ${opts.out}: ${memes.length} memes read, ${result.memes.length} kept, ${result.dropped.length} dropped${drops}, ` +
            `${result.changed} texts changed, ${result.renamed.length} ids re-suffixed, ${how}, ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
        );
      }),
    );
}
