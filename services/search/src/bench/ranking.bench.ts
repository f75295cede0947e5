import { existsSync } from 'node:fs';
import type { Config } from '../config/env.js';
import { SHARED_CORPUS_PATH } from '../config/paths.js';
import { openEngine } from '../engine.js';
import { prepareServedIndex, retrievalSettings } from '../search/served-index.js';
import type { Retriever } from '../search/retriever.js';
import { percentile, round } from './latency.js';
import { machineLine } from './machine.js';

export interface RankingBenchResult {
  dense_p50_ms: number;
  default_p50_ms: number;
  /** End to end (spell → embed → rank), default pipeline over dense-only: the bound is 1.5. */
  p50_ratio: number;
  dense_rank_p50_ms: number;
  default_rank_p50_ms: number;
}

/**
 * One query at a time through the zero-shot dense pipeline and through the configured default
 * (SEARCH_* settings), alternating query by query so machine noise hits both alike; prints p50s,
 * their ratio, and the ranking step alone.
 */
export async function benchRanking(config: Config, opts: { corpusPath?: string; samples: number }): Promise<RankingBenchResult> {
  const corpusPath = opts.corpusPath ?? (existsSync(SHARED_CORPUS_PATH) ? SHARED_CORPUS_PATH : undefined);
  const engine = await openEngine(config, { corpusPath, progress: true });
  try {
    const dense = (await prepareServedIndex(engine.artifact, { ...retrievalSettings(config), fusion: 'none', spell: false })).retriever;
    const chosen = (await prepareServedIndex(engine.artifact, retrievalSettings(config))).retriever;
    const { corpus } = engine;
    const pool = corpus.examples.size > 0 ? [...corpus.examples.values()] : corpus.memes.map((m) => `когда ${m.title.toLowerCase()}`);
    process.stdout.write(
      `bench:ranking — corpus ${corpus.name} (${corpus.memes.length} memes), model ${engine.spec.id}, fusion ${config.SEARCH_FUSION}, spell ${config.SEARCH_SPELL}, ${opts.samples} samples\nmachine: ${machineLine()}\n`,
    );
    const total: Record<'dense' | 'chosen', number[]> = { dense: [], chosen: [] };
    const rank: Record<'dense' | 'chosen', number[]> = { dense: [], chosen: [] };
    const once = async (r: Retriever, query: string) => {
      const t0 = performance.now();
      const text = r.prepare(query);
      const [vector] = await engine.encoder.embed([text], 'query');
      const t1 = performance.now();
      r.rank(text, vector!, 10);
      const t2 = performance.now();
      return [t2 - t0, t2 - t1] as const;
    };
    for (let i = -5; i < opts.samples; i++) {
      const query = pool[(i + 5) % pool.length]!;
      // Alternate which goes first, so neither always runs on a warmer cache.
      const order = i % 2 === 0 ? (['dense', 'chosen'] as const) : (['chosen', 'dense'] as const);
      for (const name of order) {
        const [all, ranking] = await once(name === 'dense' ? dense : chosen, query);
        if (i < 0) continue;
        total[name].push(all);
        rank[name].push(ranking);
      }
    }
    const result: RankingBenchResult = {
      dense_p50_ms: round(percentile(total.dense, 50)),
      default_p50_ms: round(percentile(total.chosen, 50)),
      p50_ratio: round(percentile(total.chosen, 50) / percentile(total.dense, 50)),
      dense_rank_p50_ms: round(percentile(rank.dense, 50), 3),
      default_rank_p50_ms: round(percentile(rank.chosen, 50), 3),
    };
    process.stdout.write(
      `query p50: dense ${result.dense_p50_ms} ms, default ${result.default_p50_ms} ms → ×${result.p50_ratio} (ranking alone: ${result.dense_rank_p50_ms} vs ${result.default_rank_p50_ms} ms)\n${JSON.stringify(result)}\n`,
    );
    return result;
  } finally {
    await engine.close();
  }
}
