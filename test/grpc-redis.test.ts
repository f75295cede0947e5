import { status, type ServiceError } from '@grpc/grpc-js';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbedWorker } from '../services/search/src/batching/embed-worker.js';
import { SearchClient } from '../services/search/src/client/search-client.js';
import { loadConfig, type Config } from '../services/search/src/config/env.js';
import type { E5Encoder } from '../services/search/src/encoder/e5-encoder.js';
import { openEncoder } from '../services/search/src/engine.js';
import { createLogger } from '../services/search/src/logging/logger.js';
import { startServer, type RunningServer } from '../services/search/src/server/start-server.js';
import { EXAM_QUERY, STUDY_MEMES } from './helpers/builtin.js';
import { isolatedCache } from './helpers/model.js';
import { DedicatedRedis } from './helpers/redis-server.js';

/**
 * The scaled-out shape end to end: a search service that holds no model, reaching a real embed
 * worker through BullMQ on a dedicated redis-server, which the test kills and restarts.
 */
let redis: DedicatedRedis;
let encoder: E5Encoder;
let worker: EmbedWorker;
let running: RunningServer;
let client: SearchClient;
let cleanup: () => void;
let config: Config;

beforeAll(async () => {
  redis = await DedicatedRedis.start();
  const cache = await isolatedCache();
  cleanup = cache.cleanup;
  config = loadConfig({
    ...process.env,
    MEMESEARCH_CACHE_DIR: cache.dir,
    GRPC_PORT: '0',
    METRICS_PORT: '0',
    LOG_LEVEL: 'silent',
    REDIS_URL: redis.url,
    EMBED_CACHE_SIZE: '0',
    EMBED_TIMEOUT_MS: '3000',
  });
  const opened = await openEncoder(config);
  encoder = opened.encoder;
  await encoder.load();
  const log = createLogger('silent', 'test');
  worker = new EmbedWorker({
    redisUrl: redis.url,
    queueName: config.EMBED_QUEUE_NAME,
    prefix: config.EMBED_QUEUE_PREFIX,
    encoder,
    modelSha256: opened.identity.modelSha256,
    maxBatch: 16,
    logger: log,
  });
  running = await startServer(config, { log });
  client = new SearchClient(`127.0.0.1:${running.port}`, 10_000);
});
afterAll(async () => {
  client?.close();
  await running?.stop();
  await worker?.close();
  await encoder?.dispose();
  await redis?.stop();
  cleanup?.();
});

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const end = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('search service through Redis and an embed worker', () => {
  it('finds memes with the model running only in the worker', async () => {
    await until(async () => (await client.health()) === 'SERVING', 10_000, 'the service serves');
    const res = await client.search({ query: EXAM_QUERY, limit: 3 });
    expect(STUDY_MEMES).toContain(res.results[0]!.meme!.id);
  });

  it('answers 100 concurrent searches through the queue', async () => {
    // A deadline of their own: without one a call waits EMBED_TIMEOUT_MS (3 s here, for the outage
    // test), and 100 texts through one worker can take longer than that on a busy 2-core machine.
    const all = await Promise.all(
      Array.from({ length: 100 }, (_, i) => client.search({ query: `${EXAM_QUERY} ${i}`, limit: 1 }, { deadlineMs: 60_000 })),
    );
    expect(all.every((r) => r.results.length === 1)).toBe(true);
  });

  it('fails fast with UNAVAILABLE while Redis is down, goes NOT_SERVING, and recovers by itself', async () => {
    // Traffic across the outage: every call must end within its deadline, one way or the other.
    const outcomes: Array<{ code: number; ms: number }> = [];
    let stop = false;
    const traffic = (async () => {
      for (let i = 0; !stop; i++) {
        const t0 = Date.now();
        try {
          await client.search({ query: `понедельник ${i}`, limit: 1 }, { deadlineMs: 4000 });
          outcomes.push({ code: status.OK, ms: Date.now() - t0 });
        } catch (err) {
          outcomes.push({ code: (err as ServiceError).code, ms: Date.now() - t0 });
        }
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    await redis.kill();
    await until(async () => (await client.health()) === 'NOT_SERVING', 5000, 'health turns NOT_SERVING');
    const down = await client.search({ query: 'кот', limit: 1 }, { deadlineMs: 4000 }).catch((e: ServiceError) => e);
    expect((down as ServiceError).code).toBe(status.UNAVAILABLE);
    expect((down as ServiceError).details).toMatch(/embedding is unavailable/);

    await redis.restart();
    await until(async () => (await client.health()) === 'SERVING', 10_000, 'health is SERVING again');
    await until(async () => (await client.search({ query: 'кот', limit: 1 })).results.length === 1, 10_000, 'searches succeed again');
    stop = true;
    await traffic;

    expect(outcomes.some((o) => o.code === status.UNAVAILABLE)).toBe(true);
    expect(outcomes.filter((o) => o.code !== status.OK && o.code !== status.UNAVAILABLE)).toEqual([]);
    expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(4000);

    // Nothing left waiting in the queue.
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(config.EMBED_QUEUE_NAME, { prefix: config.EMBED_QUEUE_PREFIX, connection });
    try {
      await until(
        async () => Object.values(await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized')).every((n) => n === 0),
        5000,
        'the queue is empty',
      );
    } finally {
      await queue.close();
      await connection.quit();
    }
  }, 60_000);
});
