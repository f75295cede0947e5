import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { status, type ServiceError } from '@grpc/grpc-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchClient } from '../services/search/src/client/search-client.js';
import { loadConfig, type Config } from '../services/search/src/config/env.js';
import { startServer, type RunningServer } from '../services/search/src/server/start-server.js';
import { cli } from './helpers/cli.js';
import { isolatedCache } from './helpers/model.js';
import { TcpProxy } from './helpers/tcp-proxy.js';

/**
 * Feedback through the real service on the real PostgreSQL (a schema of this run, dropped after),
 * reached through a proxy the test can cut to play "database down".
 */
const SCHEMA = `memesearch_svc_${process.pid}_${randomUUID().slice(0, 6)}`;
let proxy: TcpProxy;
let config: Config;
let cleanup: () => void;
let running: RunningServer;
let client: SearchClient;

async function start(overrides: Partial<Config> = {}) {
  running = await startServer({ ...config, ...overrides });
  client = new SearchClient(`127.0.0.1:${running.port}`, 20_000);
}
async function stop() {
  client?.close();
  await running?.stop();
}

beforeAll(async () => {
  proxy = await TcpProxy.start({ host: '127.0.0.1', port: 5432 });
  const cache = await isolatedCache();
  cleanup = cache.cleanup;
  config = loadConfig({
    ...process.env,
    MEMESEARCH_CACHE_DIR: cache.dir,
    GRPC_PORT: '0',
    METRICS_PORT: '0',
    LOG_LEVEL: 'silent',
    DATABASE_URL: `postgres://postgres@127.0.0.1:${proxy.port}/test`,
    DATABASE_SCHEMA: SCHEMA,
    FEEDBACK_HASH_SECRET: 'test-secret-0123456789',
    RANKING_REFRESH_MS: '3600000',
  });
  await start();
});
afterAll(async () => {
  await stop();
  await proxy?.down();
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await admin.end();
  cleanup?.();
});

const user = (n: number | string) => ({ platform: 'telegram', user_ref: `user-${n}` });
const feedback = (queryId: string, memeId: string, reaction: string, who = user(1)) =>
  client.submitFeedback({ query_id: queryId, meme_id: memeId, reaction: reaction as never, client: who });

describe('SubmitFeedback and impressions', () => {
  it('ranks exactly like pure semantic search while there is no feedback', async () => {
    const plain = await startServer({ ...config, RANKING_PRIORS: false });
    const plainClient = new SearchClient(`127.0.0.1:${plain.port}`, 20_000);
    try {
      await running.feedback.refresher!.refresh();
      expect(running.feedback.refresher!.current.size).toBe(0);
      for (const query of ['кот смотрит с презрением', 'дедлайн завтра', 'опять понедельник']) {
        const [withPriors, without] = await Promise.all([client.search({ query, limit: 10 }), plainClient.search({ query, limit: 10 })]);
        expect(withPriors.results.map((r) => [r.meme!.id, r.score])).toEqual(without.results.map((r) => [r.meme!.id, r.score]));
      }
    } finally {
      plainClient.close();
      await plain.stop();
    }
  });

  it('keeps one current reaction per user: 👍 then 👎 leaves the DISLIKE', async () => {
    const res = await client.search({ query: 'кот смотрит с презрением', limit: 3, client: user(1) });
    const memeId = res.results[0]!.meme!.id;
    expect((await feedback(res.query_id, memeId, 'REACTION_LIKE')).reaction).toBe('REACTION_LIKE');
    expect((await feedback(res.query_id, memeId, 'REACTION_DISLIKE')).reaction).toBe('REACTION_DISLIKE');
    const counts = (await running.feedback.store.memeCounts()).find((c) => c.memeId === memeId)!;
    expect(counts).toMatchObject({ likes: 0, dislikes: 1 });
  });

  it('stores exactly one row for 200 concurrent conflicting presses', async () => {
    const res = await client.search({ query: 'понедельник', limit: 1, client: user(2) });
    const memeId = res.results[0]!.meme!.id;
    const reactions = ['REACTION_LIKE', 'REACTION_DISLIKE', 'REACTION_CLEAR'];
    await Promise.all(Array.from({ length: 199 }, (_, i) => feedback(res.query_id, memeId, reactions[i % 3]!, user(2))));
    await feedback(res.query_id, memeId, 'REACTION_LIKE', user(2)); // the last one
    await running.feedback.buffer.flush(); // the query text arrives with the impressions
    const rows = (await running.feedback.store.labelledRows()).filter((r) => r.memeId === memeId && r.query === 'понедельник');
    expect(rows).toEqual([{ query: 'понедельник', memeId, label: 'like' }]);
  });

  it('records what each search showed, off the hot path', async () => {
    await running.feedback.buffer.flush();
    const before = (await running.feedback.store.volumes()).impressions;
    await client.search({ query: 'зарплата маленькая', limit: 4 });
    await running.feedback.buffer.flush();
    expect((await running.feedback.store.volumes()).impressions).toBe(before + 4);
  });

  it('refuses bad feedback clearly', async () => {
    const cases: Array<[object, RegExp, number]> = [
      [
        { query_id: 'nope', meme_id: 'zhdun', reaction: 'REACTION_LIKE', client: user(1) },
        /query_id must be the UUID/,
        status.INVALID_ARGUMENT,
      ],
      [
        { query_id: randomUUID(), meme_id: 'zhdun', reaction: 'REACTION_UNSPECIFIED', client: user(1) },
        /reaction must be/,
        status.INVALID_ARGUMENT,
      ],
      [
        { query_id: randomUUID(), meme_id: 'zhdun', reaction: 'REACTION_LIKE' },
        /client.platform and client.user_ref are required/,
        status.INVALID_ARGUMENT,
      ],
      [
        { query_id: randomUUID(), meme_id: 'no-such', reaction: 'REACTION_LIKE', client: user(1) },
        /no meme with id "no-such"/,
        status.NOT_FOUND,
      ],
    ];
    for (const [req, message, code] of cases) {
      const err = (await client.submitFeedback(req as never).catch((e: unknown) => e)) as ServiceError;
      expect(err.code).toBe(code);
      expect(err.details).toMatch(message);
    }
  });

  it('moves a meme people like up, and leaves rankings alone without feedback', async () => {
    const query = 'когда всё идёт не по плану';
    const before = await client.search({ query, limit: 20 });
    const target = before.results[3]!.meme!.id;
    for (let u = 0; u < 30; u++) {
      const r = await client.search({ query: `${query} ${u}`, limit: 5, client: user(`fan-${u}`) });
      await feedback(r.query_id, target, 'REACTION_LIKE', user(`fan-${u}`));
      await feedback(r.query_id, target, 'REACTION_CHOSEN', user(`fan-${u}`));
    }
    await running.feedback.buffer.flush();
    await running.feedback.refresher!.refresh();
    const after = await client.search({ query, limit: 20 });
    const rankAfter = after.results.findIndex((r) => r.meme!.id === target);
    expect(rankAfter).toBeGreaterThanOrEqual(0);
    expect(rankAfter).toBeLessThan(3);
    // Every score is the ranking pipeline's relevance plus that meme's current prior, exactly: memes
    // without feedback or impressions keep their semantic score, the liked one gains.
    const [vector] = await running.core.embed([query], 'query');
    const semantic = new Map(
      running.core.retriever
        .rank(query, vector!, running.core.artifact.memes.length)
        .map((h) => [running.core.artifact.memes[h.row]!.id, h.score]),
    );
    const priors = running.feedback.refresher!.current;
    expect(priors.get(target)).toBeGreaterThan(0);
    for (const r of after.results) expect(r.score).toBeCloseTo(semantic.get(r.meme!.id)! + (priors.get(r.meme!.id) ?? 0), 5);
    const untouched = after.results.find((r) => !priors.has(r.meme!.id));
    if (untouched) expect(untouched.score).toBeCloseTo(semantic.get(untouched.meme!.id)!, 5);
  });

  it('keeps searching while the database is down, fails feedback fast with UNAVAILABLE, and recovers', async () => {
    const res = await client.search({ query: 'пятница вечер', limit: 1, client: user(9) });
    await proxy.down();
    try {
      const during = await client.search({ query: 'пятница вечер, а начальник пишет', limit: 2, client: user(9) });
      expect(during.results).toHaveLength(2);
      const t0 = Date.now();
      const err = (await feedback(res.query_id, res.results[0]!.meme!.id, 'REACTION_LIKE', user(9)).catch(
        (e: unknown) => e,
      )) as ServiceError;
      expect(err.code).toBe(status.UNAVAILABLE);
      expect(Date.now() - t0).toBeLessThan(8000);
    } finally {
      await proxy.up();
    }
    // Recovery without a restart: the pool reconnects.
    let ok = false;
    for (let i = 0; i < 50 && !ok; i++) {
      ok = await feedback(res.query_id, res.results[0]!.meme!.id, 'REACTION_LIKE', user(9)).then(
        () => true,
        () => false,
      );
      if (!ok) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ok).toBe(true);
  }, 30_000);

  it('exports likes as a query file that eval reads (round trip)', async () => {
    await running.feedback.buffer.flush();
    const env = { MEMESEARCH_CACHE_DIR: config.MEMESEARCH_CACHE_DIR, DATABASE_URL: config.DATABASE_URL!, DATABASE_SCHEMA: SCHEMA };
    const out = join(config.MEMESEARCH_CACHE_DIR, 'labels.tsv');
    const exported = await cli(['feedback', 'export', '--format', 'tsv', '--out', out], env);
    expect(exported.code, exported.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('query\trelevant');
    expect(lines.length).toBeGreaterThan(25); // the fans' liked queries, at least
    const evaluated = await cli(['eval', '--queries', out, '--json'], env);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(JSON.parse(evaluated.stdout.trim().split('\n').at(-1)!).n).toBe(lines.length - 1);
    const jsonl = await cli(['feedback', 'export', '--format', 'jsonl'], env);
    expect(
      jsonl.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).label),
    ).toEqual(expect.arrayContaining(['like', 'dislike', 'chosen']));
    const stats = await cli(['feedback', 'stats'], env);
    expect(stats.stdout).toMatch(/likes \d+, dislikes \d+, chosen \d+/);
  }, 120_000);

  it('loses nothing across a service restart', async () => {
    await running.feedback.buffer.flush();
    const before = await running.feedback.store.volumes();
    await stop();
    await start();
    expect(await running.feedback.store.volumes()).toEqual(before);
  });
});
