import { existsSync } from 'node:fs';
import type { Config } from '../config/env.js';
import { SHARED_CORPUS_PATH } from '../config/paths.js';
import { loadCorpus } from '../corpus/load-corpus.js';
import { SearchClient } from '../client/search-client.js';
import { openEncoder } from '../engine.js';
import { startServer } from '../server/start-server.js';
import { percentile, round, runConcurrent } from './latency.js';
import { machineLine } from './machine.js';
import { startRedisPath } from './redis-path.js';

const CONCURRENCY = [1, 8, 32, 64];

export interface SearchBenchResult {
  encode_p50_ms: number;
  encode_p99_ms: number;
  inproc_p50_ms: number;
  inproc_p99_ms: number;
  inproc_p50_ratio: number;
  redis_p50_ms: number | null;
  redis_p99_ms: number | null;
  redis_p50_ratio: number | null;
  throughput_on: Record<string, number>;
  throughput_off: Record<string, number>;
  batching_speedup_c32: number;
}

/**
 * One run, one machine, the real model: (1) encoding one query in-process (the floor); (2) gRPC
 * Search at concurrency 1 through in-process batching and through Redis, as ratios to (1);
 * (3) searches/s at several concurrencies with batching on and off. The LRU cache is off and every
 * query is distinct, so each search pays for its embedding.
 */
export async function benchSearch(
  config: Config,
  opts: { corpusPath?: string; samples: number; redisUrl?: string },
): Promise<SearchBenchResult> {
  const corpusPath = opts.corpusPath ?? (existsSync(SHARED_CORPUS_PATH) ? SHARED_CORPUS_PATH : undefined);
  const corpus = await loadCorpus(corpusPath);
  const out = (s: string) => process.stdout.write(s + '\n');
  // Distinct, realistic queries: the corpus's own example queries where it has them.
  const pool = corpus.examples.size > 0 ? [...corpus.examples.values()] : corpus.memes.map((m) => `когда ${m.title.toLowerCase()}`);
  const queries = (n: number, offset: number) =>
    Array.from({ length: n }, (_, i) => `${pool[(offset + i) % pool.length]}${offset + i >= pool.length ? ` ${offset + i}` : ''}`);
  out(
    `bench:search — corpus ${corpus.name} (${corpus.memes.length} memes), model ${config.MEMESEARCH_MODEL}, ${opts.samples} samples per latency\nmachine: ${machineLine()}`,
  );

  // (1) encode-only floor
  const { encoder } = await openEncoder(config);
  await encoder.load();
  await encoder.embed(queries(10, 0), 'query');
  const encode = await runConcurrent(queries(opts.samples, 100), 1, (q) => encoder.embed([q], 'query'));
  await encoder.dispose();

  const base: Config = { ...config, GRPC_PORT: 0, METRICS_PORT: 0, EMBED_CACHE_SIZE: 0, REDIS_URL: undefined, LOG_LEVEL: 'silent' };
  const measure = async (cfg: Config, label: string) => {
    const server = await startServer(cfg, { corpusPath });
    const client = new SearchClient(`127.0.0.1:${server.port}`, 120_000);
    try {
      await runConcurrent(queries(10, 0), 1, (q) => client.search({ query: q, limit: 5 }));
      const single = await runConcurrent(queries(opts.samples, 100 + opts.samples), 1, (q) => client.search({ query: q, limit: 5 }));
      const throughput: Record<string, number> = {};
      const p99: Record<string, number> = {};
      for (const c of CONCURRENCY) {
        const n = Math.max(128, c * 6);
        const run = await runConcurrent(queries(n, 1000 + c * 10), c, (q) => client.search({ query: q, limit: 5 }));
        throughput[`c${c}`] = round(n / run.seconds, 1);
        p99[`c${c}`] = round(percentile(run.latencies, 99), 1);
      }
      process.stderr.write(`  measured ${label}\n`);
      return { single: single.latencies, throughput, p99 };
    } finally {
      client.close();
      await server.stop();
    }
  };
  const on = await measure({ ...base, EMBED_MAX_BATCH: config.EMBED_MAX_BATCH }, 'in-process, batching on');
  const off = await measure({ ...base, EMBED_MAX_BATCH: 1 }, 'in-process, batching off');

  // (2b) through Redis and a separate embed worker (in this process, its own connections)
  let redis: number[] | null = null;
  if (opts.redisUrl) {
    const path = await startRedisPath({ ...base, REDIS_URL: opts.redisUrl }, corpusPath);
    try {
      await runConcurrent(queries(10, 0), 1, (q) => path.client.search({ query: q, limit: 5 }));
      redis = (await runConcurrent(queries(opts.samples, 100 + 2 * opts.samples), 1, (q) => path.client.search({ query: q, limit: 5 })))
        .latencies;
    } finally {
      await path.stop();
    }
  }

  const encodeP50 = percentile(encode.latencies, 50);
  const result: SearchBenchResult = {
    encode_p50_ms: round(encodeP50),
    encode_p99_ms: round(percentile(encode.latencies, 99)),
    inproc_p50_ms: round(percentile(on.single, 50)),
    inproc_p99_ms: round(percentile(on.single, 99)),
    inproc_p50_ratio: round(percentile(on.single, 50) / encodeP50, 3),
    redis_p50_ms: redis ? round(percentile(redis, 50)) : null,
    redis_p99_ms: redis ? round(percentile(redis, 99)) : null,
    redis_p50_ratio: redis ? round(percentile(redis, 50) / encodeP50, 3) : null,
    throughput_on: on.throughput,
    throughput_off: off.throughput,
    batching_speedup_c32: round(on.throughput.c32! / off.throughput.c32!, 2),
  };
  out('\n| path (concurrency 1) | p50 ms | p99 ms | p50 / encode-only |\n|---|---|---|---|');
  out(`| encode only (in-process, no gRPC) | ${result.encode_p50_ms} | ${result.encode_p99_ms} | 1 |`);
  out(`| gRPC Search, in-process batching | ${result.inproc_p50_ms} | ${result.inproc_p99_ms} | ${result.inproc_p50_ratio} |`);
  out(
    `| gRPC Search, Redis + embed worker | ${result.redis_p50_ms ?? 'n/a'} | ${result.redis_p99_ms ?? 'n/a'} | ${result.redis_p50_ratio ?? 'n/a (no Redis)'} |`,
  );
  out('\n| concurrency | batching on (searches/s) | p99 ms | batching off (searches/s) | p99 ms | speed-up |\n|---|---|---|---|---|---|');
  for (const c of CONCURRENCY) {
    const k = `c${c}`;
    out(
      `| ${c} | ${on.throughput[k]} | ${on.p99[k]} | ${off.throughput[k]} | ${off.p99[k]} | ${round(on.throughput[k]! / off.throughput[k]!, 2)}× |`,
    );
  }
  out(JSON.stringify(result));
  return result;
}
