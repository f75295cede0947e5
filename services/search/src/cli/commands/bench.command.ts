import type { Command } from 'commander';
import { benchIndex } from '../../bench/index.bench.js';
import { benchSearch } from '../../bench/search.bench.js';
import { benchFeedback } from '../../bench/feedback.bench.js';
import { benchRanking } from '../../bench/ranking.bench.js';
import { loadConfig } from '../../config/env.js';
import { positiveInt, runCommand } from '../run-command.js';

export function registerBenchCommands(program: Command): void {
  const bench = program.command('bench').description('benchmarks (print ratios measured side by side in one run)');
  bench
    .command('index')
    .description('indexing throughput: ours vs the original one-at-a-time, fixed-128-padding loop')
    .option('--corpus <file>', 'corpus (default: ../shared/data/memepedia-irinba.tsv if present, else the built-in one)')
    .option('--limit <n>', 'only the first n memes', positiveInt('--limit'))
    .option('--batch-size <n>', 'texts per ONNX run for ours', positiveInt('--batch-size', 1024), 16)
    .action(
      runCommand(async (opts: { corpus?: string; limit?: number; batchSize: number }) => {
        await benchIndex(loadConfig(), { corpusPath: opts.corpus, limit: opts.limit, batchSize: opts.batchSize });
      }),
    );

  bench
    .command('search')
    .description('search latency (encode-only vs gRPC in-process vs gRPC through Redis) and throughput with batching on/off')
    .option('--corpus <file>', 'corpus (default: ../shared/data/memepedia-irinba.tsv if present, else the built-in one)')
    .option('--samples <n>', 'queries per latency measurement', positiveInt('--samples', 100_000), 200)
    .option(
      '--redis <url>',
      'Redis for the queue path (a unique queue prefix is used and removed)',
      process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    )
    .option('--no-redis', 'skip the Redis path')
    .action(
      runCommand(async (opts: { corpus?: string; samples: number; redis: string | false }) => {
        await benchSearch(loadConfig(), { corpusPath: opts.corpus, samples: opts.samples, redisUrl: opts.redis || undefined });
      }),
    );

  bench
    .command('feedback')
    .description('SubmitFeedback throughput and the Search latency impressions add (store: DATABASE_URL or the embedded one)')
    .option('--samples <n>', 'calls per measurement', positiveInt('--samples', 100_000), 300)
    .action(
      runCommand(async (opts: { samples: number }) => {
        await benchFeedback(loadConfig(), opts);
      }),
    );

  bench
    .command('ranking')
    .description('query latency of the default ranking pipeline (SEARCH_*) vs zero-shot dense search, alternating query by query')
    .option('--corpus <file>', 'corpus (default: ../shared/data/memepedia-irinba.tsv if present, else the built-in one)')
    .option('--samples <n>', 'queries per pipeline', positiveInt('--samples', 100_000), 200)
    .action(
      runCommand(async (opts: { corpus?: string; samples: number }) => {
        await benchRanking(loadConfig(), { corpusPath: opts.corpus, samples: opts.samples });
      }),
    );
}
