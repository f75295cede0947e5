import type { Command } from 'commander';
import { loadConfig } from '../../config/env.js';
import { openEngine } from '../../engine.js';
import { runCommand } from '../run-command.js';

export function registerIndexCommands(program: Command): void {
  const index = program.command('index').description('build search indexes');
  index
    .command('build')
    .description('embed a corpus and write a new versioned index artifact (becomes the current one)')
    .option('--corpus <file>', 'corpus file (.jsonl or memepedia .tsv); default: the built-in corpus')
    .action(
      runCommand(async (opts: { corpus?: string }) => {
        const started = performance.now();
        const engine = await openEngine(loadConfig(), { corpusPath: opts.corpus, rebuild: true, progress: true });
        try {
          const { meta, dir } = engine.artifact;
          const seconds = (performance.now() - started) / 1000;
          for (const d of engine.corpus.dropped)
            process.stderr.write(`dropped row ${d.row}${d.title ? ` (${d.title})` : ''}: ${d.reason}\n`);
          process.stdout.write(
            `built index ${meta.version}: ${meta.count} memes, ${meta.dimension} dims, model ${meta.modelId}, ${engine.corpus.dropped.length} rows dropped, ${seconds.toFixed(1)} s\n  ${dir}\n`,
          );
        } finally {
          await engine.close();
        }
      }),
    );
}
