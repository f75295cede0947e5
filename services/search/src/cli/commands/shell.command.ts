import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { loadConfig } from '../../config/env.js';
import { openEngine } from '../../engine.js';
import { UserError } from '../../errors.js';
import { formatHits } from '../format.js';
import { positiveInt, runCommand } from '../run-command.js';

const EXAMPLES = [
  'когда всю ночь готовился к экзамену, а его перенесли',
  'моё лицо, когда друзья рассказывают про отпуск, а я никуда не ездил',
  'понедельник, опять на работу',
];

export function registerShellCommand(program: Command): void {
  program
    .command('shell')
    .description('search interactively: one situation per line (also reads piped stdin)')
    .option('-k, --limit <n>', 'results per query', positiveInt('-k', 50), 3)
    .option('--corpus <file>', 'corpus file (.jsonl or memepedia .tsv); default: the built-in corpus')
    .action(
      runCommand(async (opts: { limit: number; corpus?: string }) => {
        const engine = await openEngine(loadConfig(), { corpusPath: opts.corpus, progress: true });
        const tty = process.stdin.isTTY;
        process.stdout.write(`memesearch: ${engine.corpus.memes.length} memes (${engine.corpus.name}), model ${engine.spec.id}.\n`);
        if (tty) process.stdout.write(`Опишите ситуацию, например: «${EXAMPLES[0]}». Ctrl+D — выход.\n`);
        const rl = createInterface({ input: process.stdin, output: tty ? process.stdout : undefined, terminal: tty, prompt: 'мем> ' });
        let asked = 0;
        try {
          if (tty) rl.prompt();
          for await (const line of rl) {
            if (line.trim()) {
              asked++;
              try {
                process.stdout.write(`\n${formatHits(await engine.core.search(line, opts.limit))}\n\n`);
              } catch (err) {
                if (!(err instanceof UserError)) throw err;
                process.stdout.write(`${err.message}\n`);
              }
            }
            if (tty) rl.prompt();
          }
          // Run without a terminal and without input (e.g. `npm start` in CI): show that it works.
          if (!tty && asked === 0) {
            for (const q of EXAMPLES) process.stdout.write(`\n«${q}»\n${formatHits(await engine.core.search(q, opts.limit))}\n`);
            process.stdout.write('\nSearch your own: npx memesearch search "описание ситуации"\n');
          }
        } finally {
          rl.close();
          await engine.close();
        }
      }),
    );
}
