import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbedJobFailedError } from '../services/search/src/batching/embed-job.js';
import { EmbedWorker } from '../services/search/src/batching/embed-worker.js';
import { EmbedderUnavailableError } from '../services/search/src/batching/query-embedder.js';
import { RedisEmbedder } from '../services/search/src/batching/redis-embedder.js';
import type { E5Encoder } from '../services/search/src/encoder/e5-encoder.js';
import { openEncoder } from '../services/search/src/engine.js';
import type { ModelIdentity } from '../services/search/src/index/index-artifact.js';
import { DEFAULT_MODEL, requireModel } from './helpers/model.js';
import { freePort } from './helpers/ports.js';
import { DedicatedRedis } from './helpers/redis-server.js';

/**
 * Embeddings through BullMQ: RedisEmbedder (search replicas) → Redis → EmbedWorker (real model).
 * The shared Redis on 127.0.0.1:6379 is used with a prefix private to this run (deleted
 * afterwards); the outage test runs its own redis-server and kills it.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `memesearch-test-${process.pid}-${randomUUID().slice(0, 8)}`;
const QUEUE = 'embed';

/** Log lines, parsed, so tests can check what was logged (and at what level). */
const logLines: Array<{ level: number; msg: string; [k: string]: unknown }> = [];
const logger: Logger = pino(
  { level: 'debug' },
  new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  }),
);

let encoder: E5Encoder;
let identity: ModelIdentity;
let worker: EmbedWorker;
let embedder: RedisEmbedder;
const batchSizes: number[] = [];
/** Everything else a test opens, closed in afterAll whatever happened. */
const closers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  const config = await requireModel();
  ({ encoder, identity } = await openEncoder(config));
  await encoder.load();
  worker = new EmbedWorker({
    redisUrl: REDIS_URL,
    queueName: QUEUE,
    prefix: PREFIX,
    encoder,
    modelSha256: identity.modelSha256,
    maxBatch: 32,
    logger,
    observer: { batch: (size) => batchSizes.push(size) },
  });
  embedder = new RedisEmbedder({
    redisUrl: REDIS_URL,
    queueName: QUEUE,
    prefix: PREFIX,
    modelId: identity.modelId,
    timeoutMs: 10_000,
    logger,
  });
  await worker.waitUntilReady();
  await until(() => embedder.ready(), 5000, 'the embedder is ready');
});

afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => {});
  await embedder?.close();
  await worker?.close();
  await encoder?.dispose();
  // Every key of this run, whatever state its jobs were left in.
  const admin = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 1000);
      if (keys.length > 0) await admin.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await admin.quit();
  }
});

const QUERIES = [
  'когда всю ночь готовился к экзамену, а его отменили',
  'кот смотрит с презрением',
  'понедельник, снова на работу',
  'серое существо сидит и терпеливо ждёт',
  'ну и зачем я это сделал',
];

function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await sleep(20);
  }
}

/** A bare queue handle for checks (counts) and for adding jobs no RedisEmbedder would send. */
function adminQueue(name: string, url = REDIS_URL, prefix = PREFIX): Queue {
  const queue = new Queue(name, { connection: { url }, prefix });
  closers.push(() => queue.close());
  return queue;
}

async function pendingJobs(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized');
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

async function timed<T>(p: Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const started = performance.now();
  try {
    const value = await p;
    return { ms: performance.now() - started, value };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

describe('RedisEmbedder + EmbedWorker', () => {
  it('returns the vectors the encoder computes in-process, with the model sha', async () => {
    const direct = await encoder.embed(QUERIES, 'query');
    for (const [i, text] of QUERIES.entries()) {
      const { vector, modelSha256 } = await embedder.embed(text, 'query');
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(identity.dimension);
      expect(cosine(vector, direct[i]!)).toBeGreaterThanOrEqual(0.9999);
      expect(modelSha256).toBe(identity.modelSha256);
    }
    const passage = 'Ждун: серое существо с хоботом сидит на скамейке и терпеливо ждёт';
    const [directPassage] = await encoder.embed([passage], 'passage');
    expect(cosine((await embedder.embed(passage, 'passage')).vector, directPassage!)).toBeGreaterThanOrEqual(0.9999);
  });

  it('batches concurrent embeds (64 at once) and answers each one correctly', async () => {
    const texts = Array.from({ length: 64 }, (_, i) => `${QUERIES[i % QUERIES.length]} (вариант ${i})`);
    const direct = await encoder.embed(texts, 'query');
    batchSizes.length = 0;
    const results = await Promise.all(texts.map((t) => embedder.embed(t, 'query')));
    results.forEach((r, i) => expect(cosine(r.vector, direct[i]!)).toBeGreaterThanOrEqual(0.9999));
    expect(Math.max(...batchSizes)).toBeGreaterThan(1);
    expect(batchSizes.reduce((a, b) => a + b, 0)).toBe(64);
  });

  it('an aborted call rejects at once and its waiting job is removed', async () => {
    // No worker on this queue: the job stays waiting until the abort removes it.
    const idle = new RedisEmbedder({
      redisUrl: REDIS_URL,
      queueName: 'idle',
      prefix: PREFIX,
      modelId: identity.modelId,
      timeoutMs: 10_000,
      logger,
    });
    closers.push(() => idle.close());
    const queue = adminQueue('idle');
    await until(() => idle.ready(), 5000, 'the idle embedder is ready');

    const controller = new AbortController();
    const call = timed(idle.embed('никто не возьмёт эту задачу', 'query', controller.signal));
    await until(async () => (await queue.getJobCounts('wait')).wait === 1, 2000, 'the job is waiting');
    const abortedAt = performance.now();
    controller.abort();
    const outcome = await call;
    expect((outcome.error as Error)?.name).toBe('AbortError');
    expect(performance.now() - abortedAt).toBeLessThan(200);
    await until(async () => (await pendingJobs(queue)) === 0, 2000, 'the abandoned job is removed');
  });

  it('a call nobody answers ends at timeoutMs with EmbedderUnavailableError, leaving no job behind', async () => {
    const idle = new RedisEmbedder({
      redisUrl: REDIS_URL,
      queueName: 'idle2',
      prefix: PREFIX,
      modelId: identity.modelId,
      timeoutMs: 300,
      logger,
    });
    closers.push(() => idle.close());
    const queue = adminQueue('idle2');
    await until(() => idle.ready(), 5000, 'the idle embedder is ready');
    const outcome = await timed(idle.embed('и эту тоже', 'query'));
    expect(outcome.error).toBeInstanceOf(EmbedderUnavailableError);
    expect((outcome.error as Error).message).toMatch(/no embed worker answered within 300 ms/);
    expect(outcome.ms).toBeGreaterThanOrEqual(290);
    expect(outcome.ms).toBeLessThan(500);
    await until(async () => (await pendingJobs(queue)) === 0, 2000, 'the abandoned job is removed');
  });

  it('calls aborted while a worker is busy with them end promptly and leave nothing queued', async () => {
    const queue = adminQueue(QUEUE);
    const calls = QUERIES.map(async (text) => {
      const controller = new AbortController();
      const call = timed(embedder.embed(`${text}!`, 'query', controller.signal));
      await sleep(1);
      const abortedAt = performance.now();
      controller.abort();
      const outcome = await call;
      return { ...outcome, afterAbort: performance.now() - abortedAt };
    });
    for (const outcome of await Promise.all(calls)) {
      // A job can finish in the millisecond before the abort; otherwise the call ends right away.
      if (outcome.error) expect((outcome.error as Error).name).toBe('AbortError');
      expect(outcome.afterAbort).toBeLessThan(200);
    }
    await until(async () => (await pendingJobs(queue)) === 0, 3000, 'no job is left waiting or active');
  });

  it('a worker refuses a job for another model, and the caller gets a clear error instead of hanging', async () => {
    const other = new RedisEmbedder({
      redisUrl: REDIS_URL,
      queueName: QUEUE,
      prefix: PREFIX,
      modelId: 'some-other-model',
      timeoutMs: 10_000,
      logger,
    });
    closers.push(() => other.close());
    await until(() => other.ready(), 5000, 'the embedder is ready');
    const outcome = await timed(other.embed('чужая модель', 'query'));
    expect(outcome.error).toBeInstanceOf(EmbedJobFailedError);
    expect((outcome.error as EmbedJobFailedError).code).toBe('model-mismatch');
    expect((outcome.error as Error).message).toMatch(new RegExp(`wants model some-other-model, this worker serves ${DEFAULT_MODEL}`));
    expect(outcome.ms).toBeLessThan(2000);
    expect(logLines.some((l) => l.level === 50 && l.msg === 'embed job refused: other model')).toBe(true);
  });

  it('a worker refuses a payload that does not parse (UnrecoverableError: failed once, not retried)', async () => {
    const queue = adminQueue(QUEUE);
    const events = new QueueEvents(QUEUE, { connection: { url: REDIS_URL }, prefix: PREFIX, lastEventId: '0' });
    closers.push(() => events.close());
    await events.waitUntilReady();
    const jobId = randomUUID();
    const failed = new Promise<string>((resolve) =>
      events.on('failed', (args) => {
        if (args.jobId === jobId) resolve(args.failedReason);
      }),
    );
    await queue.add('embed', { text: 42, kind: 'picture' }, { jobId, attempts: 3 });
    const reason = await Promise.race([failed, sleep(5000).then(() => 'no failed event within 5 s')]);
    expect(reason).toMatch(/^invalid-payload: text: .*; kind: /);
    // The worker's own 'failed' event can come a moment after the queue's event stream has it.
    await until(() => logLines.some((l) => l.msg === 'embed job refused' && l.jobId === jobId), 2000, 'the worker logs the refusal');
    // attempts: 3, yet it failed at once: an UnrecoverableError skips the retries.
    expect(logLines.filter((l) => l.msg === 'embed job refused: invalid payload' && l.jobId === jobId)).toHaveLength(1);
    expect(await pendingJobs(queue)).toBe(0);
  });

  it('a worker skips a job whose deadline has passed, without encoding it', async () => {
    const queue = adminQueue(QUEUE);
    const events = new QueueEvents(QUEUE, { connection: { url: REDIS_URL }, prefix: PREFIX, lastEventId: '0' });
    closers.push(() => events.close());
    await events.waitUntilReady();
    const jobId = randomUUID();
    const failed = new Promise<string>((resolve) =>
      events.on('failed', (args) => {
        if (args.jobId === jobId) resolve(args.failedReason);
      }),
    );
    batchSizes.length = 0;
    await queue.add('embed', { text: 'слишком поздно', kind: 'query', modelId: identity.modelId, deadline: Date.now() - 1000 }, { jobId });
    const reason = await Promise.race([failed, sleep(5000).then(() => 'no failed event within 5 s')]);
    expect(reason).toMatch(/^deadline-passed: it passed \d+ ms before a worker took the job$/);
    expect(batchSizes).toEqual([]);
  });

  it('fails fast when Redis is unreachable from the start, and still closes promptly', async () => {
    const port = await freePort();
    const down = new RedisEmbedder({
      redisUrl: `redis://127.0.0.1:${port}`,
      queueName: QUEUE,
      prefix: PREFIX,
      modelId: identity.modelId,
      timeoutMs: 10_000,
      logger,
    });
    closers.push(() => down.close());
    await sleep(50);
    expect(down.ready()).toBe(false);
    const outcome = await timed(down.embed('редис лежит', 'query'));
    expect(outcome.error).toBeInstanceOf(EmbedderUnavailableError);
    expect(outcome.ms).toBeLessThan(50);
    const closed = await timed(down.close());
    expect(closed.error).toBeUndefined();
    expect(closed.ms).toBeLessThan(2000);

    const idleWorker = new EmbedWorker({
      redisUrl: `redis://127.0.0.1:${port}`,
      queueName: QUEUE,
      prefix: PREFIX,
      encoder,
      modelSha256: identity.modelSha256,
      maxBatch: 4,
      logger,
    });
    closers.push(() => idleWorker.close());
    await sleep(50);
    const workerClosed = await timed(idleWorker.close());
    expect(workerClosed.error).toBeUndefined();
    expect(workerClosed.ms).toBeLessThan(2000);
  });
});

describe('Redis outage under traffic (a dedicated redis-server, SIGKILLed and restarted)', () => {
  let server: DedicatedRedis | undefined;

  afterAll(async () => {
    await server?.stop();
  });

  it('fails calls fast (never hangs) while Redis is down and recovers by itself when it is back', async () => {
    server = await DedicatedRedis.start();
    const url = server.url;
    const timeoutMs = 1500;
    const faultWorker = new EmbedWorker({
      redisUrl: url,
      queueName: QUEUE,
      prefix: PREFIX,
      encoder,
      modelSha256: identity.modelSha256,
      maxBatch: 8,
      logger,
    });
    const faultEmbedder = new RedisEmbedder({
      redisUrl: url,
      queueName: QUEUE,
      prefix: PREFIX,
      modelId: identity.modelId,
      timeoutMs,
      logger,
    });
    let closed = false;
    closers.push(async () => {
      if (closed) return;
      // Whatever state the test left Redis in, closing must not hang the run.
      await Promise.race([Promise.all([faultEmbedder.close(), faultWorker.close()]), sleep(3000)]);
    });
    await faultWorker.waitUntilReady();
    await until(() => faultEmbedder.ready(), 5000, 'the embedder is ready');

    interface Call {
      started: number;
      ms: number;
      ok: boolean;
      error?: unknown;
    }
    const calls: Call[] = [];
    let running = true;
    const t0 = performance.now();
    const client = async (id: number) => {
      for (let i = 0; running; i++) {
        const started = performance.now() - t0;
        const outcome = await timed(faultEmbedder.embed(`${QUERIES[(id + i) % QUERIES.length]} #${id}-${i}`, 'query'));
        calls.push({ started, ms: outcome.ms, ok: outcome.value !== undefined, error: outcome.error });
        await sleep(outcome.error ? 50 : 10);
      }
    };
    const clients = Array.from({ length: 4 }, (_, id) => client(id));

    await until(() => calls.filter((c) => c.ok).length >= 20, 10_000, 'traffic flows');
    const killing = performance.now() - t0;
    await server.kill();
    const killedAt = performance.now() - t0;
    await sleep(1200);
    expect(faultEmbedder.ready()).toBe(false);
    await server.restart();
    const restartedAt = performance.now() - t0;
    await until(() => calls.some((c) => c.ok && c.started > restartedAt), 10_000, 'calls succeed again after the restart');
    const recoveredAt = Math.min(...calls.filter((c) => c.ok && c.started > restartedAt).map((c) => c.started + c.ms));
    await sleep(300);
    running = false;
    await Promise.all(clients);

    // Every call ended within its deadline (plus scheduling slack): none hung.
    for (const c of calls) expect(c.ms).toBeLessThan(timeoutMs + 300);
    const failures = calls.filter((c) => !c.ok);
    const duringOutage = calls.filter((c) => c.started > killedAt && c.started < restartedAt);
    expect(duringOutage.length).toBeGreaterThan(4);
    expect(duringOutage.every((c) => !c.ok)).toBe(true);
    for (const f of failures) expect(f.error).toBeInstanceOf(EmbedderUnavailableError);
    // Calls started while Redis was down failed fast instead of waiting out their timeout, and so
    // did the calls that were waiting when it died.
    const fast = duringOutage.filter((c) => c.ms < 100).length;
    expect(fast).toBeGreaterThan(duringOutage.length / 2);
    const caught = calls.filter((c) => c.started < killing && c.started + c.ms > killing);
    for (const c of caught) expect(c.started + c.ms - killedAt).toBeLessThan(300);
    expect(recoveredAt - restartedAt).toBeLessThan(5000);
    expect(faultEmbedder.ready()).toBe(true);

    // The same objects serve a burst after the outage.
    const burst = await Promise.all(QUERIES.map((q) => faultEmbedder.embed(q, 'query')));
    const direct = await encoder.embed(QUERIES, 'query');
    burst.forEach((r, i) => expect(cosine(r.vector, direct[i]!)).toBeGreaterThanOrEqual(0.9999));

    const queue = adminQueue(QUEUE, url);
    await until(async () => (await pendingJobs(queue)) === 0, 3000, 'no job is left waiting or active');
    await queue.close();

    // A shutdown during an outage (SIGTERM while Redis is down) must not hang either.
    await server.kill();
    await sleep(300);
    const shutdown = await timed(Promise.all([faultEmbedder.close(), faultWorker.close()]));
    closed = true;
    expect(shutdown.error).toBeUndefined();
    expect(shutdown.ms).toBeLessThan(3000);

    console.log(
      `outage: ${calls.length} calls, ${failures.length} failed (${fast}/${duringOutage.length} during the outage in < 100 ms, ` +
        `${caught.length} in flight at the kill); ` +
        `recovered ${Math.round(recoveredAt - restartedAt)} ms after the restart`,
    );
  }, 40_000);
});
