import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../../config/env.js';
import { loadCorpus } from '../../corpus/load-corpus.js';
import { UserError } from '../../errors.js';
import type { FeedbackStore } from '../../feedback/feedback-store.js';
import { openFeedbackStore } from '../../feedback/open-feedback-store.js';
import { createLogger } from '../../logging/logger.js';
import { exportRows } from '../../feedback/export-rows.js';
import { runCommand } from '../run-command.js';

async function withStore(config: Config, fn: (store: FeedbackStore) => Promise<void>): Promise<void> {
  const store = await openFeedbackStore({
    databaseUrl: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    dataDir: join(config.MEMESEARCH_CACHE_DIR, 'feedback'),
    logger: createLogger(config.LOG_LEVEL, 'feedback'),
  });
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

export function registerFeedbackCommands(program: Command): void {
  const feedback = program.command('feedback').description("users' reactions: migrations, labelled-data export, statistics");

  feedback
    .command('migrate')
    .description('apply the feedback schema migrations (the service also does at start; safe to repeat)')
    .action(runCommand(() => withStore(loadConfig(), async () => void process.stdout.write('feedback schema is up to date\n'))));

  feedback
    .command('export')
    .description(
      'labelled (query, meme link, label) rows: TSV that `eval --queries` reads (likes and picks as relevant), or JSONL of every label',
    )
    .option('--format <format>', 'tsv or jsonl', 'tsv')
    .option(
      '--corpus <file>',
      'the corpus the service searched (to turn meme ids into links); default: MEMESEARCH_CORPUS or the built-in one',
    )
    .option('--out <file>', 'write here instead of stdout')
    .action(
      runCommand(async (opts: { format: string; corpus?: string; out?: string }) => {
        if (opts.format !== 'tsv' && opts.format !== 'jsonl') throw new UserError(`--format must be tsv or jsonl, got "${opts.format}"`);
        const config = loadConfig();
        const corpus = await loadCorpus(opts.corpus ?? config.MEMESEARCH_CORPUS);
        await withStore(config, async (store) => {
          const text = exportRows(await store.labelledRows(), corpus.memes, opts.format as 'tsv' | 'jsonl');
          if (opts.out) await writeFile(opts.out, text);
          else process.stdout.write(text);
        });
      }),
    );

  feedback
    .command('stats')
    .description('volumes, and the memes people like most')
    .option('--corpus <file>', 'corpus for titles; default: MEMESEARCH_CORPUS or the built-in one')
    .action(
      runCommand(async (opts: { corpus?: string }) => {
        const config = loadConfig();
        const corpus = await loadCorpus(opts.corpus ?? config.MEMESEARCH_CORPUS);
        const titles = new Map(corpus.memes.map((m) => [m.id, m.title]));
        await withStore(config, async (store) => {
          const v = await store.volumes();
          process.stdout.write(
            `searches ${v.queries}, impressions ${v.impressions}, likes ${v.likes}, dislikes ${v.dislikes}, chosen ${v.chosen}\n\n`,
          );
          const top = (await store.memeCounts())
            .filter((c) => c.likes + c.dislikes + c.chosen > 0)
            .sort((a, b) => b.likes + b.chosen - (a.likes + a.chosen) || a.dislikes - b.dislikes);
          process.stdout.write('| meme | likes | dislikes | like rate | chosen | impressions |\n|---|---|---|---|---|---|\n');
          for (const c of top.slice(0, 20)) {
            const rate = c.likes + c.dislikes > 0 ? (c.likes / (c.likes + c.dislikes)).toFixed(2) : '—';
            process.stdout.write(
              `| ${titles.get(c.memeId) ?? c.memeId} | ${c.likes} | ${c.dislikes} | ${rate} | ${c.chosen} | ${c.impressions} |\n`,
            );
          }
        });
      }),
    );
}
