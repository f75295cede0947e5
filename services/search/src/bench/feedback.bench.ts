import { randomUUID } from 'node:crypto';
import type { Config } from '../config/env.js';
import { SearchClient } from '../client/search-client.js';
import { startServer } from '../server/start-server.js';
import { percentile, round, runConcurrent } from './latency.js';
import { machineLine } from './machine.js';

/**
 * Feedback costs, one run: SubmitFeedback throughput (sequential and 32 in flight) and what
 * recording impressions adds to Search (p50 with impressions on vs off; the query embedding is
 * cached so the search itself is cheap and the difference shows).
 */
export async function benchFeedback(config: Config, opts: { samples: number }): Promise<Record<string, number>> {
  const out = (s: string) => process.stdout.write(s + '\n');
  out(`bench:feedback — store ${config.DATABASE_URL ? 'postgres' : 'pglite'}\nmachine: ${machineLine()}`);
  const base: Config = { ...config, GRPC_PORT: 0, METRICS_PORT: 0, LOG_LEVEL: 'silent', RANKING_REFRESH_MS: 3_600_000 };

  const searchP50 = async (impressions: boolean) => {
    const server = await startServer({ ...base, FEEDBACK_IMPRESSIONS: impressions });
    const client = new SearchClient(`127.0.0.1:${server.port}`, 30_000);
    try {
      const q = { query: 'понедельник, опять на работу', limit: 5, client: { platform: 'bench', user_ref: 'u' } };
      await runConcurrent(Array.from({ length: 50 }), 1, () => client.search(q));
      const run = await runConcurrent(Array.from({ length: opts.samples }), 1, () => client.search(q));
      return percentile(run.latencies, 50);
    } finally {
      client.close();
      await server.stop();
    }
  };
  // Alternate three rounds each and take the median p50: the difference is small next to drift.
  const offs: number[] = [];
  const ons: number[] = [];
  for (let round = 0; round < 3; round++) {
    offs.push(await searchP50(false));
    ons.push(await searchP50(true));
  }
  const off = percentile(offs, 50);
  const on = percentile(ons, 50);

  const server = await startServer(base);
  const client = new SearchClient(`127.0.0.1:${server.port}`, 30_000);
  const throughput: Record<string, number> = {};
  try {
    const { query_id } = await client.search({ query: 'кот', limit: 5 });
    const memes = server.core.artifact.memes.slice(0, 20).map((m) => m.id);
    for (const c of [1, 32]) {
      const n = opts.samples * 2;
      const run = await runConcurrent(
        Array.from({ length: n }, (_, i) => i),
        c,
        (i) =>
          client.submitFeedback({
            query_id,
            meme_id: memes[i % memes.length]!,
            reaction: i % 2 ? 'REACTION_LIKE' : 'REACTION_DISLIKE',
            client: { platform: 'bench', user_ref: `${c}-${i}-${randomUUID()}` },
          }),
      );
      throughput[`c${c}`] = round(n / run.seconds, 1);
    }
  } finally {
    client.close();
    await server.stop();
  }
  const result = {
    search_p50_ms_impressions_off: round(off, 3),
    search_p50_ms_impressions_on: round(on, 3),
    impressions_added_p50_ms: round(on - off, 3),
    feedback_calls_per_s_c1: throughput.c1!,
    feedback_calls_per_s_c32: throughput.c32!,
  };
  out(`\n| measure | value |\n|---|---|`);
  for (const [k, v] of Object.entries(result)) out(`| ${k} | ${v} |`);
  out(JSON.stringify(result));
  return result;
}
