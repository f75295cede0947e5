import type { Command } from 'commander';
import { loadConfig } from '../../config/env.js';
import { readUtf8 } from '../../corpus/read-utf8.js';
import { openEngine } from '../../engine.js';
import { UserError } from '../../errors.js';
import { normalizeQuery } from '../../search/query-validation.js';
import { formatHits, hitsJson } from '../format.js';
import { positiveInt, runCommand } from '../run-command.js';

interface SearchOptions {
  limit: number;
  corpus?: string;
  json?: boolean;
  batch?: string;
}

/** One query a line from a file or stdin ("-"); blank lines are skipped, a bad line is named. */
async function readBatch(source: string): Promise<string[]> {
  let text: string;
  if (source === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    text = Buffer.concat(chunks).toString('utf8');
  } else text = await readUtf8(source);
  const lines = text.split(/\r?\n/);
  const queries: string[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      queries.push(normalizeQuery(line));
    } catch (err) {
      throw new UserError(`${source === '-' ? 'stdin' : source}, line ${i + 1}: ${(err as Error).message}`);
    }
  });
  if (queries.length === 0) throw new UserError(`no queries in ${source === '-' ? 'stdin' : source}`);
  return queries;
}

export function registerSearchCommand(program: Command): void {
  program
    .command('search')
    .description('find the memes that fit a situation described in words')
    .argument('[query...]', 'the situation, e.g. "когда всю ночь готовился, а экзамен перенесли"')
    .option('-k, --limit <n>', 'how many results', positiveInt('-k', 50), 5)
    .option('--corpus <file>', 'corpus file (.jsonl or memepedia .tsv); default: the built-in corpus')
    .option('--json', 'print one JSON object (with --batch: one per line)')
    .option('--batch <file>', 'search every line of a file ("-" = stdin) through one loaded model')
    .action(
      runCommand(async (words: string[], opts: SearchOptions) => {
        if (opts.batch && words.length > 0) throw new UserError('give a query or --batch FILE, not both');
        if (!opts.batch && words.length === 0) throw new UserError('give a query, e.g. memesearch search "понедельник, опять на работу"');
        // Validate before loading the model: a bad query should fail in milliseconds.
        const queries = opts.batch ? await readBatch(opts.batch) : [normalizeQuery(words.join(' '))];
        const engine = await openEngine(loadConfig(), { corpusPath: opts.corpus, progress: !opts.json });
        try {
          for (const query of queries) {
            const started = performance.now();
            const hits = await engine.core.search(query, opts.limit);
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
              process.stdout.write((queries.length > 1 ? `«${query}»\n` : '') + formatHits(hits) + '\n' + (queries.length > 1 ? '\n' : ''));
            }
          }
        } finally {
          await engine.close();
        }
      }),
    );
}
