import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { FeedbackUnavailableError, type FeedbackStore, type Reaction } from '../services/search/src/feedback/feedback-store.js';
import { openFeedbackStore } from '../services/search/src/feedback/open-feedback-store.js';
import { PgClient } from '../services/search/src/feedback/sql-client.js';
import { SqlFeedbackStore } from '../services/search/src/feedback/sql-feedback-store.js';
import { hashUserRef } from '../services/search/src/feedback/user-hash.js';
import { createLogger } from '../services/search/src/logging/logger.js';
import { freePort } from './helpers/ports.js';

/**
 * One suite, two stores: the real PostgreSQL (a schema unique to this run, dropped after) and
 * PGlite on disk (a temp directory). Same SQL, same migrations, same expectations.
 */
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `memesearch_test_${process.pid}_${randomUUID().slice(0, 6)}`;
const dir = mkdtempSync(join(tmpdir(), 'memesearch-pglite-'));
const log = createLogger('silent', 'test');
const opened: FeedbackStore[] = [];

const stores = {
  postgres: () => openFeedbackStore({ databaseUrl: PG_URL, schema: SCHEMA, dataDir: dir, logger: log }),
  pglite: () => openFeedbackStore({ schema: 'public', dataDir: join(dir, 'pglite'), logger: log }),
};

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close().catch(() => {})));
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
});

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

describe.each(Object.keys(stores) as Array<keyof typeof stores>)('feedback store on %s', (kind) => {
  let store: FeedbackStore;
  const open = async () => {
    const s = await stores[kind]();
    opened.push(s);
    return s;
  };

  it('migrates, and migrating again (also concurrently) changes nothing', async () => {
    store = await open();
    await store.migrate();
    await Promise.all([store.migrate(), store.migrate()]);
    expect(await store.volumes()).toEqual({ queries: 0, impressions: 0, likes: 0, dislikes: 0, chosen: 0 });
  });

  it('keeps exactly one vote, the latest, after 200 concurrent conflicting submissions', async () => {
    const reactions: Reaction[] = ['like', 'dislike', 'clear'];
    const latest = 137;
    const order = Array.from({ length: 200 }, (_, i) => i).sort(() => Math.random() - 0.5);
    await Promise.all(
      order.map((i) =>
        store.submitReaction({
          queryId: 'q-conc',
          memeId: 'zhdun',
          userHash: 'u1',
          platform: 'telegram',
          reaction: i === latest ? 'dislike' : reactions[i % 3]!,
          at: at(i === latest ? 10_000 : i),
        }),
      ),
    );
    await store.recordImpressions([
      { queryId: 'q-conc', queryText: 'жду', platform: 'telegram', userHash: 'u1', memeIds: ['zhdun'], at: at(0) },
    ]);
    expect(await store.labelledRows()).toEqual([{ query: 'жду', memeId: 'zhdun', label: 'dislike' }]);
    // A late, older LIKE cannot resurrect itself over the newer reaction.
    await store.submitReaction({ queryId: 'q-conc', memeId: 'zhdun', userHash: 'u1', platform: 'telegram', reaction: 'like', at: at(5) });
    expect((await store.memeCounts()).find((c) => c.memeId === 'zhdun')).toMatchObject({ likes: 0, dislikes: 1 });
  });

  it('keeps CHOSEN apart from the vote, and CLEAR withdraws the vote', async () => {
    await store.submitReaction({ queryId: 'q-ch', memeId: 'kot', userHash: 'u2', platform: 'telegram', reaction: 'like', at: at(1) });
    await store.submitReaction({ queryId: 'q-ch', memeId: 'kot', userHash: 'u2', platform: 'telegram', reaction: 'chosen', at: at(2) });
    expect((await store.memeCounts()).find((c) => c.memeId === 'kot')).toMatchObject({ likes: 1, chosen: 1 });
    await store.submitReaction({ queryId: 'q-ch', memeId: 'kot', userHash: 'u2', platform: 'telegram', reaction: 'clear', at: at(3) });
    expect((await store.memeCounts()).find((c) => c.memeId === 'kot')).toMatchObject({ likes: 0, dislikes: 0, chosen: 1 });
  });

  it('records impressions idempotently and counts them per meme', async () => {
    const batch = [
      { queryId: 'q-i1', queryText: 'понедельник', platform: 'grpc', userHash: null, memeIds: ['a', 'b', 'c'], at: at(10) },
      { queryId: 'q-i2', queryText: null, platform: 'grpc', userHash: null, memeIds: ['a'], at: at(11) },
    ];
    await store.recordImpressions(batch);
    await store.recordImpressions(batch); // a retried batch
    const counts = new Map((await store.memeCounts()).map((c) => [c.memeId, c.impressions]));
    expect([counts.get('a'), counts.get('b'), counts.get('c')]).toEqual([2, 1, 1]);
  });

  it('purges old impressions and query texts', async () => {
    await store.recordImpressions([
      { queryId: 'q-old', queryText: 'старое', platform: 'grpc', userHash: null, memeIds: ['old'], at: new Date('2020-01-01') },
    ]);
    expect(await store.purgeBefore(new Date('2021-01-01'))).toBe(2);
    expect((await store.memeCounts()).find((c) => c.memeId === 'old')).toBeUndefined();
  });

  it('loses nothing when closed and opened again', async () => {
    const before = { volumes: await store.volumes(), rows: await store.labelledRows() };
    await store.close();
    store = await open();
    expect({ volumes: await store.volumes(), rows: await store.labelledRows() }).toEqual(before);
  });
});

describe('database down', () => {
  it('fails a reaction with FeedbackUnavailableError in bounded time', async () => {
    const port = await freePort();
    const store = new SqlFeedbackStore(new PgClient(`postgres://postgres@127.0.0.1:${port}/test`, 'public'), 'public');
    const t0 = Date.now();
    await expect(
      store.submitReaction({ queryId: 'q', memeId: 'm', userHash: 'u', platform: 'p', reaction: 'like', at: new Date() }),
    ).rejects.toThrow(FeedbackUnavailableError);
    expect(Date.now() - t0).toBeLessThan(5000);
    await store.close();
  });
});

describe('user hashes', () => {
  it('are stable per secret, differ across secrets and platforms, and hide the id', () => {
    const h = hashUserRef('secret-one-123456', 'telegram', '42');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashUserRef('secret-one-123456', 'telegram', '42')).toBe(h);
    expect(hashUserRef('secret-two-123456', 'telegram', '42')).not.toBe(h);
    expect(hashUserRef('secret-one-123456', 'discord', '42')).not.toBe(h);
    expect(h).not.toContain('42');
  });
});
