import type { Command } from 'commander';
import { loadConfig } from '../../config/env.js';
import { openEngine } from '../../engine.js';
import { normalizeQuery } from '../../search/query-validation.js';
import { formatHits, hitsJson } from '../format.js';
import { positiveInt, runCommand } from '../run-command.js';

export function registerSearchCommand(program: Command): void {
  program
    .command('search')
    .description('find the memes that fit a situation described in words')
    .argument('<query...>', 'the situation, e.g. "когда всю ночь готовился, а экзамен перенесли"')
    .option('-k, --limit <n>', 'how many results', positiveInt('-k', 50), 5)
    .option('--corpus <file>', 'corpus file (.jsonl or memepedia .tsv); default: the built-in corpus')
    .option('--json', 'print one JSON object')
    .action(
      runCommand(async (words: string[], opts: { limit: number; corpus?: string; json?: boolean }) => {
        // Validate before loading the model: a bad query should fail in milliseconds.
        const query = normalizeQuery(words.join(' '));
        const engine = await openEngine(loadConfig(), { corpusPath: opts.corpus, progress: !opts.json });
        try {
          const started = performance.now();
          const hits = await engine.searcher.search(query, opts.limit);
          const ms = performance.now() - started;
          if (opts.json) {
            process.stdout.write(
              JSON.stringify({
                query,
                model: engine.spec.id,
                corpus: engine.corpus.name,
                index: engine.artifact.meta.version,
                took_ms: Number(ms.toFixed(2)),
                results: hitsJson(hits),
              }) + '\n',
            );
          } else {
            process.stdout.write(formatHits(hits) + '\n');
          }
        } finally {
          await engine.close();
        }
      }),
    );
}
