import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { FeedbackUnavailableError, type Reaction, type ReactionInput } from '../services/search/src/feedback/feedback-store.js';
import { readMigrations } from '../services/search/src/feedback/migrate.js';
import { openFeedbackStore } from '../services/search/src/feedback/open-feedback-store.js';
import { PgClient } from '../services/search/src/feedback/sql-client.js';
import { SqlFeedbackStore } from '../services/search/src/feedback/sql-feedback-store.js';
import { hashUserRef, loadOrCreateSecret } from '../services/search/src/feedback/user-hash.js';
import { createLogger } from '../services/search/src/logging/logger.js';
import { freePort } from './helpers/ports.js';
import { TcpProxy } from './helpers/tcp-proxy.js';

/**
 * One suite, two stores: the real PostgreSQL (schemas unique to this run, dropped after; no other
 * schema is touched) and PGlite on disk (a temp directory, removed after). Same SQL, same
 * migrations, same expectations.
 */
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUN = `${process.pid}_${randomUUID().slice(0, 8)}`;
const schemas: string[] = [];
const newSchema = () => {
  const schema = `memesearch_test_${RUN}_${schemas.length}`;
  schemas.push(schema);
  return schema;
};
const tmp = mkdtempSync(join(tmpdir(), 'memesearch-feedback-'));
const log = createLogger('silent', 'test');
const opened: SqlFeedbackStore[] = [];
const timings: Record<string, number> = {};

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close().catch(() => {})));
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
  rmSync(tmp, { recursive: true, force: true });
  if (Object.keys(timings).length > 0) console.info('feedback store timings (ms):', timings);
});

const track = async (p: Promise<SqlFeedbackStore>) => {
  const store = await p;
  opened.push(store);
  return store;
};
const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
const vote = (over: Partial<ReactionInput>): ReactionInput => ({
  queryId: 'q',
  memeId: 'm',
  userHash: 'u',
  platform: 'telegram',
  reaction: 'like',
  at: at(0),
  ...over,
});
function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const backends = {
  postgres: () => {
    const schema = newSchema();
    return () => track(openFeedbackStore({ databaseUrl: PG_URL, schema, dataDir: tmp, logger: log }));
  },
  pglite: () => {
    const dataDir = join(tmp, 'pglite');
    return () => track(openFeedbackStore({ dataDir, logger: log }));
  },
};

describe.each(Object.keys(backends) as Array<keyof typeof backends>)('feedback store on %s', (kind) => {
  const open = backends[kind]();
  let store: SqlFeedbackStore;
  const rowsOf = (queryId: string, memeId: string) =>
    store.db.query<{ kind: string; reaction: string; updated_at: Date }>(
      `SELECT kind, reaction, updated_at FROM reactions WHERE query_id = $1 AND meme_id = $2 ORDER BY kind`,
      [queryId, memeId],
    );

  it('migrates a fresh database (several replicas at once on PostgreSQL), and again, changing nothing', async () => {
    if (kind === 'postgres') {
      const replicas = await Promise.all([open(), open(), open()]);
      store = replicas[0]!;
      await Promise.all(replicas.map((r) => r.migrate()));
      await Promise.all(replicas.slice(1).map((r) => r.close()));
    } else {
      store = await open();
      await Promise.all([store.migrate(), store.migrate()]);
      // A second process on the same directory would lose writes: refused while this one is open.
      await expect(open()).rejects.toThrow(/in use by process \d+/);
    }
    await store.migrate();
    const tables = await store.db.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY 1`, [
      store.db.schema,
    ]);
    expect(tables.map((t) => t.tablename)).toEqual(['impressions', 'queries', 'reactions', 'schema_migrations']);
    const recorded = await store.db.query<{ version: string }>(`SELECT version FROM schema_migrations ORDER BY version`, []);
    expect(recorded.map((r) => r.version)).toEqual((await readMigrations()).map((m) => m.version));
    expect(await store.volumes()).toEqual({ queries: 0, impressions: 0, likes: 0, dislikes: 0, chosen: 0 });
  });

  it('keeps exactly one vote, the latest, after 200 concurrent conflicting submissions', async () => {
    const mixed: Reaction[] = ['like', 'dislike', 'clear'];
    for (const last of mixed) {
      const memeId = `conc-${last}`;
      const subs = Array.from({ length: 200 }, (_, i) =>
        vote({ queryId: 'q-conc', memeId, userHash: 'u1', reaction: i === 199 ? last : mixed[(i * 7) % 3]!, at: at(i) }),
      );
      await Promise.all(shuffle(subs).map((s) => store.submitReaction(s)));
      expect(await rowsOf('q-conc', memeId)).toEqual([{ kind: 'vote', reaction: last, updated_at: at(199) }]);
      // A late, older reaction cannot bring itself back over the newer one (CLEAR included).
      await store.submitReaction(
        vote({ queryId: 'q-conc', memeId, userHash: 'u1', reaction: last === 'like' ? 'dislike' : 'like', at: at(5) }),
      );
      expect(await rowsOf('q-conc', memeId)).toEqual([{ kind: 'vote', reaction: last, updated_at: at(199) }]);
    }
    // Equal times: the later statement wins.
    await store.submitReaction(vote({ queryId: 'q-tie', reaction: 'like', at: at(1) }));
    await store.submitReaction(vote({ queryId: 'q-tie', reaction: 'dislike', at: at(1) }));
    expect((await rowsOf('q-tie', 'm')).map((r) => r.reaction)).toEqual(['dislike']);
  });

  it('keeps CHOSEN apart from the vote; CLEAR withdraws only the vote', async () => {
    const base = { queryId: 'q-ch', memeId: 'kot', userHash: 'u2' };
    await store.submitReaction(vote({ ...base, reaction: 'like', at: at(1) }));
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.submitReaction(vote({ ...base, reaction: 'chosen', at: at(2 + i) }))));
    expect((await rowsOf('q-ch', 'kot')).map((r) => [r.kind, r.reaction])).toEqual([
      ['chosen', 'chosen'],
      ['vote', 'like'],
    ]);
    await store.submitReaction(vote({ ...base, reaction: 'clear', at: at(100) }));
    expect((await store.memeCounts()).find((c) => c.memeId === 'kot')).toEqual({
      memeId: 'kot',
      likes: 0,
      dislikes: 0,
      chosen: 1,
      impressions: 0,
    });
  });

  it('records impressions idempotently (retries, concurrent duplicates, a meme twice)', async () => {
    const batch = [
      {
        queryId: 'q-i1',
        queryText: 'понедельник',
        platform: 'grpc',
        userHash: null,
        memeIds: ['imp-a', 'imp-b', 'imp-a', 'imp-c'],
        at: at(10),
      },
      { queryId: 'q-i2', queryText: null, platform: 'grpc', userHash: 'h', memeIds: ['imp-a'], at: at(11) },
    ];
    await store.recordImpressions(batch);
    await store.recordImpressions(batch);
    await Promise.all([store.recordImpressions(batch), store.recordImpressions(batch)]);
    await store.recordImpressions([{ ...batch[0]!, queryText: 'другой текст', memeIds: ['imp-d'], at: at(99) }]); // same query id
    await store.recordImpressions([]);
    const shown = await store.db.query<{ meme_id: string; rank: number }>(
      `SELECT meme_id, rank FROM impressions WHERE query_id = 'q-i1' ORDER BY rank, meme_id`,
      [],
    );
    expect(shown).toEqual([
      { meme_id: 'imp-a', rank: 1 },
      { meme_id: 'imp-d', rank: 1 },
      { meme_id: 'imp-b', rank: 2 },
      { meme_id: 'imp-c', rank: 4 },
    ]);
    const queries = await store.db.query(
      `SELECT query_id, query_text, user_hash FROM queries WHERE query_id LIKE 'q-i%' ORDER BY query_id`,
      [],
    );
    expect(queries).toEqual([
      { query_id: 'q-i1', query_text: 'понедельник', user_hash: null },
      { query_id: 'q-i2', query_text: null, user_hash: 'h' },
    ]);
    const counts = new Map((await store.memeCounts()).map((c) => [c.memeId, c.impressions]));
    expect(['imp-a', 'imp-b', 'imp-c', 'imp-d'].map((m) => counts.get(m))).toEqual([2, 1, 1, 1]);
  });

  it('counts, labels and volumes on a small fixture', async () => {
    const v0 = await store.volumes();
    await store.recordImpressions([
      { queryId: 'q-f1', queryText: 'опять понедельник', platform: 'telegram', userHash: 'u1', memeIds: ['f-a', 'f-b'], at: at(20) },
      { queryId: 'q-f2', queryText: null, platform: 'telegram', userHash: 'u1', memeIds: ['f-a'], at: at(21) },
    ]);
    for (const r of [
      vote({ queryId: 'q-f1', memeId: 'f-a', userHash: 'u1', reaction: 'like', at: at(22) }),
      vote({ queryId: 'q-f1', memeId: 'f-a', userHash: 'u2', reaction: 'dislike', at: at(23) }),
      vote({ queryId: 'q-f1', memeId: 'f-b', userHash: 'u3', reaction: 'like', at: at(24) }),
      vote({ queryId: 'q-f1', memeId: 'f-b', userHash: 'u3', reaction: 'clear', at: at(25) }),
      vote({ queryId: 'q-f1', memeId: 'f-b', userHash: 'u1', reaction: 'chosen', at: at(26) }),
      vote({ queryId: 'q-f2', memeId: 'f-a', userHash: 'u1', reaction: 'like', at: at(27) }), // no text: no label
    ]) {
      await store.submitReaction(r);
    }
    const v1 = await store.volumes();
    expect({
      q: v1.queries - v0.queries,
      i: v1.impressions - v0.impressions,
      l: v1.likes - v0.likes,
      d: v1.dislikes - v0.dislikes,
      c: v1.chosen - v0.chosen,
    }).toEqual({
      q: 2,
      i: 3,
      l: 2,
      d: 1,
      c: 1,
    });
    const counts = (await store.memeCounts()).filter((c) => c.memeId.startsWith('f-'));
    expect(counts).toEqual([
      { memeId: 'f-a', likes: 2, dislikes: 1, chosen: 0, impressions: 2 },
      { memeId: 'f-b', likes: 0, dislikes: 0, chosen: 1, impressions: 1 },
    ]);
    expect((await store.labelledRows()).filter((r) => r.query === 'опять понедельник')).toEqual([
      { query: 'опять понедельник', memeId: 'f-a', label: 'like' },
      { query: 'опять понедельник', memeId: 'f-a', label: 'dislike' },
      { query: 'опять понедельник', memeId: 'f-b', label: 'chosen' },
    ]);
  });

  it('purges old impressions and query texts, keeping reactions', async () => {
    const old = new Date('2020-01-01');
    await store.recordImpressions([
      { queryId: 'q-old1', queryText: 'старое', platform: 'grpc', userHash: 'uh', memeIds: ['old-a'], at: old },
      { queryId: 'q-old2', queryText: 'старое с реакцией', platform: 'grpc', userHash: 'uh', memeIds: ['old-b'], at: old },
    ]);
    await store.submitReaction(vote({ queryId: 'q-old2', memeId: 'old-b', reaction: 'like', at: old }));
    const before = await store.volumes();
    // 2 impressions, q-old1 deleted, q-old2 blanked; everything from 2026 untouched.
    expect(await store.purgeBefore(new Date('2021-01-01'))).toBe(4);
    expect(await store.purgeBefore(new Date('2021-01-01'))).toBe(0);
    expect(await store.db.query(`SELECT query_id, query_text, user_hash FROM queries WHERE query_id LIKE 'q-old%'`, [])).toEqual([
      { query_id: 'q-old2', query_text: null, user_hash: null },
    ]);
    const counts = await store.memeCounts();
    expect(counts.find((c) => c.memeId === 'old-a')).toBeUndefined();
    expect(counts.find((c) => c.memeId === 'old-b')).toEqual({ memeId: 'old-b', likes: 1, dislikes: 0, chosen: 0, impressions: 0 });
    expect((await store.labelledRows()).some((r) => r.query.startsWith('старое'))).toBe(false);
    expect(await store.volumes()).toEqual({ ...before, queries: before.queries - 1, impressions: before.impressions - 2 });
  });

  it('loses nothing when closed and opened again', async () => {
    const snapshot = async () => ({ volumes: await store.volumes(), rows: await store.labelledRows(), counts: await store.memeCounts() });
    const before = await snapshot();
    expect(before.volumes.likes).toBeGreaterThan(0);
    await store.close();
    store = await open();
    expect(await snapshot()).toEqual(before);
  });
});

describe('PGlite directory lock', () => {
  it('takes over a lock left by a process that is gone', async () => {
    const dataDir = join(tmp, 'stale');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'pgdata.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname() }));
    const store = await track(openFeedbackStore({ dataDir, logger: log }));
    await store.submitReaction(vote({}));
    await store.close();
    expect(readdirSync(dataDir).sort()).toEqual(['pgdata']);
  });
});

/** Accepts TCP and never answers: a database that hangs rather than refuses. */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => sockets.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** Forwards to the real server until frozen; then swallows bytes both ways (a hung network). */
async function freezableProxy(): Promise<{ port: number; freeze: (on: boolean) => void; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let frozen = false;
  const server = createServer((client) => {
    const upstream = connect(5432, '127.0.0.1');
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(from);
      from.on('data', (d: Buffer) => void (frozen || to.write(d)));
      from.on('error', () => {});
      from.on('close', () => to.destroy());
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    freeze: (on) => (frozen = on),
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

describe('PostgreSQL unavailable', () => {
  const expectUnavailableFast = async (name: string, store: SqlFeedbackStore) => {
    const t0 = performance.now();
    const err = await store.submitReaction(vote({})).catch((e: unknown) => e);
    timings[name] = Math.round(performance.now() - t0);
    expect(err).toBeInstanceOf(FeedbackUnavailableError);
    expect((err as Error).message).not.toMatch(/127\.0\.0\.1|localhost|postgres:\/\//);
    expect(timings[name]).toBeLessThan(5000);
  };

  it('fails reactions with FeedbackUnavailableError within ~5 s while a store on the real server keeps working', async () => {
    const healthy = await track(openFeedbackStore({ databaseUrl: PG_URL, schema: newSchema(), dataDir: tmp, logger: log }));
    const closed = await freePort();
    const silent = await silentServer();
    try {
      const dead = [
        ['refused port', new SqlFeedbackStore(new PgClient(`postgres://postgres@127.0.0.1:${closed}/test`, 'public'))],
        ['refused port via localhost', new SqlFeedbackStore(new PgClient(`postgres://postgres@localhost:${closed}/test`, 'public'))],
        ['silent server', new SqlFeedbackStore(new PgClient(`postgres://postgres@127.0.0.1:${silent.port}/test`, 'public'))],
      ] as const;
      await Promise.all([
        ...dead.map(([name, store]) => expectUnavailableFast(name, store)),
        ...Array.from({ length: 20 }, (_, i) => healthy.submitReaction(vote({ queryId: 'q-alive', userHash: `u${i}` }))),
      ]);
      await Promise.all(dead.map(([, store]) => store.close()));
      expect((await healthy.volumes()).likes).toBe(20);
    } finally {
      await silent.close();
    }
  });

  it('opens while the database is down, then works once it is back (migrating first); survives it going away again', async () => {
    const proxy = await TcpProxy.start({ host: '127.0.0.1', port: 5432 });
    try {
      await proxy.down();
      const url = `postgres://postgres@127.0.0.1:${proxy.port}/test`;
      const store = await track(openFeedbackStore({ databaseUrl: url, schema: newSchema(), dataDir: tmp, logger: log }));
      await expectUnavailableFast('store opened while down', store);
      await proxy.up();
      await store.submitReaction(vote({ queryId: 'q-back' }));
      await proxy.down(); // pooled connections are reset under it
      await expectUnavailableFast('database gone mid-life', store);
      await proxy.up();
      await store.submitReaction(vote({ queryId: 'q-back-again' }));
      expect((await store.volumes()).likes).toBe(2);
    } finally {
      await proxy.down();
    }
  });

  it('fails in bounded time when the network hangs under open connections, then recovers', async () => {
    const proxy = await freezableProxy();
    try {
      const url = `postgres://postgres@127.0.0.1:${proxy.port}/test`;
      const store = await track(openFeedbackStore({ databaseUrl: url, schema: newSchema(), dataDir: tmp, logger: log }));
      await store.submitReaction(vote({ queryId: 'q-before-hang' })); // a pooled connection is open now
      proxy.freeze(true);
      await expectUnavailableFast('network hangs (pooled connection)', store);
      proxy.freeze(false);
      await store.submitReaction(vote({ queryId: 'q-after-hang' }));
      expect((await store.volumes()).likes).toBe(2);
    } finally {
      await proxy.close();
    }
  });

  it('turns a statement timeout into FeedbackUnavailableError and keeps the pool usable', async () => {
    const client = new PgClient(PG_URL, 'public', { statementTimeoutMs: 200 });
    try {
      const t0 = performance.now();
      await expect(client.query(`SELECT pg_sleep(3)`, [])).rejects.toBeInstanceOf(FeedbackUnavailableError);
      timings['statement timeout (200 ms)'] = Math.round(performance.now() - t0);
      expect(await client.query(`SELECT 1 AS one`, [])).toEqual([{ one: 1 }]);
    } finally {
      await client.close();
    }
  });
});

describe('user hashes', () => {
  it('are stable per secret, differ across secrets and platforms, and hide the id', () => {
    const h = hashUserRef('secret-one-123456', 'telegram', '42');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashUserRef('secret-one-123456', 'telegram', '42')).toBe(h);
    expect(hashUserRef('secret-two-123456', 'telegram', '42')).not.toBe(h);
    expect(hashUserRef('secret-one-123456', 'discord', '42')).not.toBe(h);
    expect(hashUserRef('secret-one-123456', 'a:b', 'c')).not.toBe(hashUserRef('secret-one-123456', 'a', 'b:c'));
  });

  it('use a secret created once (0600, 32 random bytes) and reused, even by concurrent first calls', async () => {
    const dir = join(tmp, 'secret', 'nested');
    const path = join(dir, 'user-hash.secret');
    const secrets = await Promise.all(Array.from({ length: 10 }, () => loadOrCreateSecret(path)));
    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateSecret(path)).toBe(secrets[0]);
    expect(readdirSync(dir)).toEqual(['user-hash.secret']);
    const other = await loadOrCreateSecret(join(tmp, 'secret', 'other.secret'));
    expect(other).not.toBe(secrets[0]);
    writeFileSync(join(dir, 'empty.secret'), '\n');
    await expect(loadOrCreateSecret(join(dir, 'empty.secret'))).rejects.toThrow(/no usable secret/);
  });
});
