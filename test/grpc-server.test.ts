import { createRequire } from 'node:module';
import * as grpc from '@grpc/grpc-js';
import { status, type ServiceError } from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchClient } from '../services/search/src/client/search-client.js';
import { loadConfig } from '../services/search/src/config/env.js';
import { startServer, type RunningServer } from '../services/search/src/server/start-server.js';
import { EXAM_QUERY, STUDY_MEMES } from './helpers/builtin.js';
import { DEFAULT_MODEL, isolatedCache } from './helpers/model.js';
import { freePort } from './helpers/ports.js';

/** The real service (real model, in-process batching) on a loopback port, with a real client. */
let running: RunningServer;
let client: SearchClient;
let cleanup: () => void;
let metricsPort: number;

beforeAll(async () => {
  const cache = await isolatedCache();
  cleanup = cache.cleanup;
  metricsPort = await freePort();
  const config = loadConfig({
    ...process.env,
    MEMESEARCH_CACHE_DIR: cache.dir,
    GRPC_PORT: '0',
    METRICS_PORT: String(metricsPort),
    LOG_LEVEL: 'silent',
    REDIS_URL: '',
  });
  running = await startServer({ ...config, REDIS_URL: undefined });
  client = new SearchClient(`127.0.0.1:${running.port}`, 30_000);
});
afterAll(async () => {
  client?.close();
  await running?.stop();
  cleanup?.();
});

const code = async (p: Promise<unknown>) => {
  try {
    await p;
    return status.OK;
  } catch (err) {
    return (err as ServiceError).code;
  }
};

describe('SearchService over gRPC', () => {
  it('is SERVING on grpc.health.v1 once model and index are ready', async () => {
    expect(await client.health()).toBe('SERVING');
    expect(await client.health('memesearch.v1.SearchService')).toBe('SERVING');
  });

  it('answers Search with ranked memes, a query id, the model and server time', async () => {
    const res = await client.search({ query: EXAM_QUERY, limit: 3 });
    expect(res.results).toHaveLength(3);
    expect(STUDY_MEMES).toContain(res.results[0]!.meme!.id);
    expect(res.results.map((r) => r.rank)).toEqual([1, 2, 3]);
    expect(res.query_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.model_id).toBe(DEFAULT_MODEL);
    expect(res.index_version).toBe(running.core.artifact.meta.version);
    expect(res.server_time_ms).toBeGreaterThan(0);
  });

  it('defaults the limit to 5 and applies tag filters', async () => {
    expect((await client.search({ query: 'кот' })).results).toHaveLength(5);
    const filtered = await client.search({ query: 'когда всё плохо', limit: 3, filters: { tags: ['экзамен'] } });
    expect(filtered.results.length).toBeGreaterThan(0);
    for (const r of filtered.results) expect(r.meme!.tags).toContain('экзамен');
  });

  it('serves GetMeme and says NOT_FOUND for an unknown id', async () => {
    expect((await client.getMeme('zhdun')).title).toBe('Ждун');
    await expect(client.getMeme('no-such-meme')).rejects.toMatchObject({
      code: status.NOT_FOUND,
      details: 'no meme with id "no-such-meme"',
    });
  });

  it('serves Embed: unit vectors of the model dimension', async () => {
    const res = await client.embed(['кот', 'собака'], 'passage');
    expect(res).toMatchObject({ model_id: DEFAULT_MODEL, dimension: 384 });
    for (const v of res.vectors) expect(Math.hypot(...v.values)).toBeCloseTo(1, 4);
  });

  it.each([
    ['an empty query', { query: '' }, /query: is empty/],
    ['a whitespace query', { query: ' \n\t ' }, /query: is empty/],
    ['an over-long query', { query: 'я'.repeat(1001) }, /query: is too long: 1001 characters, the limit is 1000/],
    ['control characters', { query: 'кот\u0000' }, /query: contains control characters/],
    ['limit 51', { query: 'кот', limit: 51 }, /limit must be 1–50/],
    ['too many tags', { query: 'кот', filters: { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) } }, /filters.tags has 21 tags/],
    ['a min score out of range', { query: 'кот', filters: { min_score: 2 } }, /filters.min_score must be between -1 and 1/],
  ])('refuses %s with INVALID_ARGUMENT and a clear message', async (_what, req, message) => {
    const err = (await client.search(req).catch((e: unknown) => e)) as ServiceError;
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toMatch(message);
  });

  it('refuses Embed with an unspecified kind or too many texts', async () => {
    await expect(client.embed([], 'query')).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringMatching(/texts must hold 1–64 texts, got 0/),
    });
    await expect(
      client.embed(
        Array.from({ length: 65 }, () => 'кот'),
        'query',
      ),
    ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  });

  it('honours the client deadline and stays healthy', async () => {
    expect(await code(client.search({ query: 'очень длинная история про понедельник '.repeat(20) }, { deadlineMs: 1 }))).toBe(
      status.DEADLINE_EXCEEDED,
    );
    expect(await client.health()).toBe('SERVING');
  });

  it('answers 500 concurrent searches, each with the same results as alone', async () => {
    const queries = ['понедельник на работе', 'кот смотрит с презрением', 'бесконечное ожидание', 'провалил экзамен', 'зарплата маленькая'];
    const alone = new Map<string, string[]>();
    for (const q of queries)
      alone.set(
        q,
        (await client.search({ query: q, limit: 3 })).results.map((r) => r.meme!.id),
      );
    const all = await Promise.all(Array.from({ length: 500 }, (_, i) => client.search({ query: queries[i % queries.length]!, limit: 3 })));
    all.forEach((res, i) => expect(res.results.map((r) => r.meme!.id)).toEqual(alone.get(queries[i % queries.length]!)));
  });

  it('lists its services through server reflection', async () => {
    const def = protoLoader.loadSync(
      createRequire(import.meta.url).resolve('@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto'),
      { keepCase: true },
    );
    const pkg = grpc.loadPackageDefinition(def) as unknown as {
      grpc: { reflection: { v1: { ServerReflection: grpc.ServiceClientConstructor } } };
    };
    const reflection = new pkg.grpc.reflection.v1.ServerReflection(`127.0.0.1:${running.port}`, grpc.credentials.createInsecure());
    try {
      const names = await new Promise<string[]>((resolve, reject) => {
        const stream = (
          reflection as unknown as {
            ServerReflectionInfo: () => grpc.ClientDuplexStream<object, { list_services_response?: { service: Array<{ name: string }> } }>;
          }
        ).ServerReflectionInfo();
        stream.on('data', (msg) => {
          resolve(msg.list_services_response?.service.map((svc: { name: string }) => svc.name) ?? []);
          stream.end();
        });
        stream.on('error', reject);
        stream.write({ list_services: '' });
      });
      expect(names).toEqual(expect.arrayContaining(['memesearch.v1.SearchService', 'grpc.health.v1.Health']));
    } finally {
      reflection.close();
    }
  });

  it('exports Prometheus metrics by method and status', async () => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(text).toMatch(/memesearch_grpc_requests_total\{method="Search",code="OK"\} \d+/);
    expect(text).toMatch(/memesearch_grpc_requests_total\{method="Search",code="INVALID_ARGUMENT"\} \d+/);
    expect(text).toMatch(/memesearch_embed_batch_size_bucket/);
    expect(text).toMatch(/memesearch_embed_cache_hits_total \d+/);
    expect(text).toMatch(/memesearch_model_inference_seconds_count \d+/);
  });
});
