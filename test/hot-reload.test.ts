import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchClient, type SearchResponse } from '../services/search/src/client/search-client.js';
import { loadConfig, type Config } from '../services/search/src/config/env.js';
import { loadCorpus } from '../services/search/src/corpus/load-corpus.js';
import { openEncoder, resolveIndex } from '../services/search/src/engine.js';
import { pointCurrentAt } from '../services/search/src/index/index-artifact.js';
import { getModelSpec } from '../services/search/src/model/manifest.js';
import { modelDir } from '../services/search/src/model/model-cache.js';
import { listVersions, pruneVersions } from '../services/search/src/server/index-versions.js';
import { startServer, type RunningServer } from '../services/search/src/server/start-server.js';
import { BIN, cli } from './helpers/cli.js';
import { DEFAULT_MODEL, requireModel } from './helpers/model.js';
import { freePort } from './helpers/ports.js';

/**
 * Hot reload of index versions in two real replicas sharing one artifact directory (as in
 * docker-compose): S1 in this process with ADMIN_TOKEN set, S2 a real `memesearch serve` child
 * without one (loopback admin only, and SIGHUP). Corpora A, B, C are slices of the built-in corpus
 * with disjoint meme ids, written one after another to the same corpus file, so every response can
 * be traced to exactly one version.
 */
const TOKEN = 'hot-reload-test-token-0123456789';
const QUERIES = ['понедельник, опять на работу', 'кот смотрит с презрением', 'жду ответа уже неделю', 'провалил экзамен', 'денег нет'];
const builtinLines = readFileSync(new URL('../data/builtin/memes.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n');
const slice = (from: number) => builtinLines.slice(from, from + 5).join('\n') + '\n';
const CORPUS = { A: slice(0), B: slice(60), C: slice(120) };
const idsOf = (jsonl: string) =>
  new Set(
    jsonl
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id),
  );

let base: string;
let corpusPath: string;
let root: string;
const version = { A: '', B: '', C: '' };
/** Meme ids each version holds, by version name. */
const idsByVersion = new Map<string, Set<string>>();
let s1: RunningServer;
let s1Client: SearchClient;
let s1Metrics: number;
let s2: ChildProcess;
let s2Port: number;
let s2Client: SearchClient;
let s2Stderr = '';

/** A cache directory of its own (each replica has its own feedback store) sharing models and indexes. */
function cacheDir(name: string, realModelDir: string, modelId: string): string {
  const dir = join(base, name);
  mkdirSync(join(dir, 'models'), { recursive: true });
  symlinkSync(realModelDir, join(dir, 'models', modelId));
  symlinkSync(join(base, 'indexes'), join(dir, 'indexes'));
  return dir;
}

beforeAll(async () => {
  const real = await requireModel();
  const spec = getModelSpec(real.MEMESEARCH_MODEL);
  base = mkdtempSync(join(tmpdir(), 'memesearch-reload-'));
  mkdirSync(join(base, 'indexes'));
  const cache1 = cacheDir('cache1', modelDir(real.MEMESEARCH_CACHE_DIR, spec), spec.id);
  const cache2 = cacheDir('cache2', modelDir(real.MEMESEARCH_CACHE_DIR, spec), spec.id);
  corpusPath = join(base, 'memes.jsonl');

  // Versions A and B built up front (as `index build` would), then CURRENT back at A, which is
  // also what the corpus file holds, so both replicas start on A without building.
  const config: Config = { ...loadConfig({ ...process.env, MEMESEARCH_CACHE_DIR: cache1, LOG_LEVEL: 'silent' }), REDIS_URL: undefined };
  const { encoder, identity } = await openEncoder(config);
  try {
    for (const name of ['A', 'B'] as const) {
      writeFileSync(corpusPath, CORPUS[name]);
      const { artifact } = await resolveIndex(config, identity, await loadCorpus(corpusPath), encoder, { rebuild: true });
      version[name] = artifact.meta.version;
      idsByVersion.set(artifact.meta.version, idsOf(CORPUS[name]));
      root = join(artifact.dir, '..');
    }
  } finally {
    await encoder.dispose();
  }
  writeFileSync(corpusPath, CORPUS.A);
  await pointCurrentAt(root, version.A);

  s1Metrics = await freePort();
  s2Port = await freePort();
  s2 = spawn(process.execPath, [BIN, 'serve', '--corpus', corpusPath], {
    env: {
      ...process.env,
      MEMESEARCH_CACHE_DIR: cache2,
      GRPC_PORT: String(s2Port),
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      REDIS_URL: '',
      ADMIN_TOKEN: '',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  s2.stderr!.on('data', (d: Buffer) => (s2Stderr += d.toString()));
  s1 = await startServer(
    {
      ...loadConfig({
        ...process.env,
        MEMESEARCH_CACHE_DIR: cache1,
        GRPC_PORT: '0',
        METRICS_PORT: String(s1Metrics),
        LOG_LEVEL: 'silent',
        ADMIN_TOKEN: TOKEN,
      }),
      REDIS_URL: undefined,
    },
    { corpusPath },
  );
  s1Client = new SearchClient(`127.0.0.1:${s1.port}`, 30_000);
  s2Client = new SearchClient(`127.0.0.1:${s2Port}`, 30_000);
  await waitFor(
    async () => (await s2Client.health().catch(() => 'DOWN')) === 'SERVING',
    () => `S2 did not start:\n${s2Stderr}`,
  );
}, 300_000);

afterAll(async () => {
  s1Client?.close();
  s2Client?.close();
  s2?.kill('SIGTERM');
  await s1?.stop();
  if (s2 && s2.exitCode === null) await new Promise((r) => s2.once('exit', r));
  if (base) rmSync(base, { recursive: true, force: true });
});

async function waitFor(ok: () => Promise<boolean> | boolean, why: () => string, ms = 120_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error(why());
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Sample {
  startedAt: number;
  res: SearchResponse;
}

/**
 * Eight clients search in a loop (and check health) while `swap` runs; they go on until 16
 * searches have started after it finished. Returns what they saw.
 */
async function underLoad(client: SearchClient, swap: () => Promise<void>) {
  const samples: Sample[] = [];
  const failures: string[] = [];
  const unhealthy: string[] = [];
  let swappedAt = Infinity;
  let stop = false;
  const worker = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const startedAt = performance.now();
      try {
        samples.push({ startedAt, res: await client.search({ query: QUERIES[(w + i) % QUERIES.length]!, limit: 3 }) });
        if (i % 4 === 0) {
          const h = await client.health();
          if (h !== 'SERVING') unhealthy.push(h);
        }
      } catch (err) {
        failures.push(String(err));
      }
      if (samples.filter((s) => s.startedAt > swappedAt).length >= 16) stop = true;
    }
  };
  const workers = Array.from({ length: 8 }, (_, w) => worker(w));
  await waitFor(
    () => samples.length >= 16 || failures.length > 0,
    () => 'no searches before the swap',
  );
  try {
    await swap();
  } finally {
    swappedAt = performance.now();
    if (failures.length > 0) stop = true;
  }
  await Promise.all(workers);
  return { samples, failures, unhealthy, swappedAt };
}

/** Every response comes entirely from one version: its index_version names the memes it holds. */
function expectConsistent(samples: Sample[]) {
  for (const { res } of samples) {
    const ids = idsByVersion.get(res.index_version);
    expect(ids, `unknown index_version ${res.index_version}`).toBeDefined();
    expect(res.results.length).toBeGreaterThan(0);
    for (const r of res.results) expect(ids!.has(r.meme!.id), `${r.meme!.id} is not in ${res.index_version}`).toBe(true);
  }
}

const grpcError = async (p: Promise<unknown>) =>
  (await p.then(
    () => ({ code: status.OK, details: '' }),
    (e: unknown) => e,
  )) as ServiceError;

describe('hot reload', () => {
  it('switches S1 to the version CURRENT points to on ReloadIndex, under load, without a failed call', async () => {
    const swapped = await underLoad(s1Client, async () => {
      await pointCurrentAt(root, version.B); // what `index build` does when it finishes
      const r = await s1Client.reloadIndex('', { adminToken: TOKEN });
      expect(r).toMatchObject({ version: version.B, previous_version: version.A, memes: 5, changed: true });
      expect(r.load_ms).toBeGreaterThan(0);
    });
    expect(swapped.failures).toEqual([]);
    expect(swapped.unhealthy).toEqual([]);
    expectConsistent(swapped.samples);
    const seen = new Set(swapped.samples.map((s) => s.res.index_version));
    expect(seen).toEqual(new Set([version.A, version.B]));
    // Searches that started after the reload answered from B only.
    for (const s of swapped.samples.filter((x) => x.startedAt > swapped.swappedAt)) expect(s.res.index_version).toBe(version.B);
    // GetMeme follows the swap too; S2 was not told and still serves A.
    expect((await s1Client.getMeme([...idsOf(CORPUS.B)][0]!)).id).toBe([...idsOf(CORPUS.B)][0]);
    expect((await grpcError(s1Client.getMeme([...idsOf(CORPUS.A)][0]!))).code).toBe(status.NOT_FOUND);
    expect((await s2Client.indexInfo()).version).toBe(version.A);
  });

  it('switches the `memesearch serve` process S2 on SIGHUP, under load, without a failed call', async () => {
    const before = s2Stderr.length;
    const swapped = await underLoad(s2Client, async () => {
      s2.kill('SIGHUP');
      await waitFor(
        () => /index reloaded: /.test(s2Stderr.slice(before)) || /refused/.test(s2Stderr.slice(before)),
        () => `no reload after SIGHUP:\n${s2Stderr.slice(before)}`,
      );
    });
    expect(s2Stderr.slice(before)).toContain(`index reloaded: ${version.B} (5 memes; was ${version.A})`);
    expect(swapped.failures).toEqual([]);
    expect(swapped.unhealthy).toEqual([]);
    expectConsistent(swapped.samples);
    expect(new Set(swapped.samples.map((s) => s.res.index_version))).toEqual(new Set([version.A, version.B]));
    for (const s of swapped.samples.filter((x) => x.startedAt > swapped.swappedAt)) expect(s.res.index_version).toBe(version.B);
    expect(s2.exitCode).toBeNull();
  });

  it('runs concurrent reloads one after another', async () => {
    const order = [version.A, version.B, version.A, version.B];
    const results = await Promise.all(order.map((v) => s1Client.reloadIndex(v, { adminToken: TOKEN })));
    expect(results.map((r) => r.version)).toEqual(order);
    // Each one started from what the one before it left: no two loads overlapped.
    expect(results.map((r) => r.previous_version)).toEqual([version.B, ...order.slice(0, -1)]);
    expect(results.every((r) => r.changed)).toBe(true);
    const again = await Promise.all([s1Client.reloadIndex('', { adminToken: TOKEN }), s1Client.reloadIndex('', { adminToken: TOKEN })]);
    expect(again.map((r) => [r.version, r.changed])).toEqual([
      [version.B, false],
      [version.B, false],
    ]);
  });

  it('guards AdminService: a token when ADMIN_TOKEN is set, loopback otherwise', async () => {
    for (const token of [undefined, 'wrong-token-wrong-token-wrong']) {
      const err = await grpcError(s1Client.reloadIndex(version.A, { adminToken: token }));
      expect(err.code).toBe(status.UNAUTHENTICATED);
      expect(err.details).toMatch(/authorization: Bearer <ADMIN_TOKEN>/);
      expect((await grpcError(s1Client.indexInfo({ adminToken: token }))).code).toBe(status.UNAUTHENTICATED);
    }
    expect((await s1Client.indexInfo({ adminToken: TOKEN })).version).toBe(version.B);
    // S2 has no ADMIN_TOKEN: this test talks to it over loopback.
    expect(await s2Client.indexInfo()).toMatchObject({ version: version.B, memes: 5, model_id: DEFAULT_MODEL, current_version: version.B });
  });

  describe('refuses a broken version and keeps serving the old one', () => {
    /** A copy of version A under another name, damaged by `damage`; checksums re-recorded if asked. */
    function brokenCopy(name: string, damage: (dir: string) => void, rerecord: boolean): string {
      const dir = join(root, name);
      cpSync(join(root, version.A), dir, { recursive: true });
      editMeta(dir, (m) => (m.version = name));
      damage(dir);
      if (rerecord) recordChecksums(dir);
      return name;
    }

    const lines = (dir: string) => readFileSync(join(dir, 'memes.jsonl'), 'utf8').trim().split('\n');
    const editMeta = (dir: string, edit: (meta: Record<string, unknown>) => void) => {
      const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Record<string, unknown>;
      edit(meta);
      writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 2));
    };

    it.each([
      [
        'a truncated index.faiss',
        (d: string) => truncateSync(join(d, 'index.faiss'), 3000),
        true,
        /cannot read index\.faiss: it has 3000 bytes, an IndexFlatIP of 5×384 has 7725/,
      ],
      [
        'a garbage index.faiss of the right size',
        (d: string) => writeFileSync(join(d, 'index.faiss'), Buffer.alloc(7725, 'garbage!')),
        true,
        /cannot read index\.faiss \(.*not recognized/,
      ],
      [
        'a garbage meta.json',
        (d: string) => writeFileSync(join(d, 'meta.json'), '{"formatVersion": 1, "vers'),
        false,
        /meta\.json is unreadable/,
      ],
      ['a meta.json of the wrong shape', (d: string) => editMeta(d, (m) => (m.count = 'five')), false, /bad meta\.json \(count: /],
      [
        'fewer memes than meta.json says',
        (d: string) => writeFileSync(join(d, 'memes.jsonl'), lines(d).slice(0, 4).join('\n') + '\n'),
        true,
        /inconsistent: meta\.json says 5×384, index\.faiss has 5×384, memes\.jsonl has 4 memes/,
      ],
      [
        'a bad JSON line',
        (d: string) =>
          writeFileSync(
            join(d, 'memes.jsonl'),
            lines(d)
              .map((l, i) => (i === 2 ? l.slice(0, 40) : l))
              .join('\n') + '\n',
          ),
        true,
        /memes\.jsonl line 3 is not valid JSON/,
      ],
      [
        'a meme line that is not a meme',
        (d: string) =>
          writeFileSync(
            join(d, 'memes.jsonl'),
            lines(d)
              .map((l, i) => (i === 1 ? '{"id":"Bad Id"}' : l))
              .join('\n') + '\n',
          ),
        true,
        /memes\.jsonl line 2 is not a meme \(id: /,
      ],
      [
        'a memes.jsonl altered after it was written (checksum)',
        (d: string) =>
          writeFileSync(join(d, 'memes.jsonl'), readFileSync(join(d, 'memes.jsonl'), 'utf8').replace('"title":"', '"title":"X')),
        false,
        /memes\.jsonl does not match its checksum in meta\.json/,
      ],
      [
        'an index.faiss altered after it was written (checksum)',
        (d: string) => {
          const bytes = readFileSync(join(d, 'index.faiss'));
          bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
          writeFileSync(join(d, 'index.faiss'), bytes);
        },
        false,
        /index\.faiss does not match its checksum in meta\.json/,
      ],
      [
        'an index built with other weights of the model',
        (d: string) => editMeta(d, (m) => (m.modelSha256 = 'f'.repeat(64))),
        true,
        new RegExp(`built with other weights of ${DEFAULT_MODEL} \\(model sha256 ffffffffffff…`),
      ],
      [
        'an index built with another model',
        (d: string) => editMeta(d, (m) => Object.assign(m, { modelId: 'e5-large', dimension: 1024 })),
        true,
        new RegExp(`built with model e5-large \\(1024 dims\\) but the encoder is ${DEFAULT_MODEL} \\(384 dims\\)`),
      ],
    ])('refuses %s', async (what, damage, rerecord, problem) => {
      const name = brokenCopy(
        `broken-${what
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/-$/, '')}`,
        damage,
        rerecord,
      );
      const err = await grpcError(s1Client.reloadIndex(name, { adminToken: TOKEN }));
      expect(err.code).toBe(status.FAILED_PRECONDITION);
      expect(err.details).toMatch(new RegExp(`^index reload refused, still serving ${version.B}: index (artifact )?\\S*${name}`));
      expect(err.details).toMatch(problem);
      const res = await s1Client.search({ query: QUERIES[0]!, limit: 3 });
      expect(res.index_version).toBe(version.B);
      expectConsistent([{ startedAt: 0, res }]);
    });

    it('refuses a copied directory whose meta.json names another version', async () => {
      const name = 'copy-of-a';
      cpSync(join(root, version.A), join(root, name), { recursive: true });
      const err = await grpcError(s1Client.reloadIndex(name, { adminToken: TOKEN }));
      expect(err.code).toBe(status.FAILED_PRECONDITION);
      expect(err.details).toMatch(new RegExp(`copy-of-a: meta\\.json names version ${version.A} \\(a copied or renamed directory\\?\\)`));
    });

    it('refuses a version that does not exist, and CURRENT pointing at a broken one', async () => {
      let err = await grpcError(s1Client.reloadIndex('20990101T000000Z-e5-small-nothere', { adminToken: TOKEN }));
      expect(err.code).toBe(status.FAILED_PRECONDITION);
      expect(err.details).toMatch(/version 20990101T000000Z-e5-small-nothere does not exist in /);
      err = await grpcError(s1Client.reloadIndex('../../etc', { adminToken: TOKEN }));
      expect(err.code).toBe(status.INVALID_ARGUMENT);
      expect(err.details).toMatch(/not an index version name/);

      await pointCurrentAt(root, 'broken-a-truncated-index-faiss');
      try {
        err = await grpcError(s1Client.reloadIndex('', { adminToken: TOKEN }));
        expect(err.code).toBe(status.FAILED_PRECONDITION);
        expect(err.details).toMatch(/broken-a-truncated-index-faiss: cannot read index\.faiss/);
      } finally {
        await pointCurrentAt(root, version.B);
      }
      expect((await s1Client.indexInfo({ adminToken: TOKEN })).version).toBe(version.B);
    });

    it('still loads an artifact written before checksums existed, with the structural checks', async () => {
      const legacy = brokenCopy('legacy-no-checksums', (d) => editMeta(d, (m) => delete m.files), false);
      expect(await s1Client.reloadIndex(legacy, { adminToken: TOKEN })).toMatchObject({ version: legacy, memes: 5, changed: true });
      idsByVersion.set(legacy, idsOf(CORPUS.A));
      expectConsistent([{ startedAt: 0, res: await s1Client.search({ query: QUERIES[1]!, limit: 3 }) }]);
      const truncated = brokenCopy(
        'legacy-truncated',
        (d) => {
          editMeta(d, (m) => delete m.files);
          truncateSync(join(d, 'index.faiss'), 100);
        },
        false,
      );
      const err = await grpcError(s1Client.reloadIndex(truncated, { adminToken: TOKEN }));
      expect(err.details).toMatch(/cannot read index\.faiss: it has 100 bytes/);
      expect((await s1Client.reloadIndex(version.B, { adminToken: TOKEN })).version).toBe(version.B);
    });
  });

  it('exports the served version and reload outcomes as metrics', async () => {
    const text = await (await fetch(`http://127.0.0.1:${s1Metrics}/metrics`)).text();
    expect(text).toContain(`memesearch_index_info{version="${version.B}"} 1`);
    expect(text).not.toContain(`memesearch_index_info{version="${version.A}"}`);
    expect(text).toMatch(/memesearch_index_memes 5/);
    expect(text).toMatch(/memesearch_index_reloads_total\{outcome="refused"\} (1[3-9]|[2-9]\d)/);
    expect(text).toMatch(/memesearch_index_reloads_total\{outcome="unchanged"\} 2/);
    expect(text).toMatch(/memesearch_index_reloads_total\{outcome="reloaded"\} \d+/);
  });
});

describe('the CLI: index build | list | activate, client reload | info', () => {
  const env = () => ({ MEMESEARCH_CACHE_DIR: join(base, 'cache1'), ADMIN_TOKEN: '' });
  const both = () => `127.0.0.1:${s1.port},127.0.0.1:${s2Port}`;

  it('builds version C with the reload hint, lists it as CURRENT, and reloads both replicas', async () => {
    writeFileSync(corpusPath, CORPUS.C);
    const build = await cli(['index', 'build', '--corpus', corpusPath], env());
    expect(build.code, build.stderr).toBe(0);
    version.C = /built index (\S+): 5 memes/.exec(build.stdout)![1]!;
    idsByVersion.set(version.C, idsOf(CORPUS.C));
    expect(build.stderr).toMatch(/hint: running services keep serving their version until reloaded: `npx memesearch client reload/);

    const list = await cli(['index', 'list', '--corpus', corpusPath], env());
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^\\* ${version.C}  5 memes  ${DEFAULT_MODEL}  built \\S+$`, 'm'));
    expect(list.stdout).toMatch(new RegExp(`^  ${version.A}  5 memes .*other corpus content`, 'm'));
    expect(list.stdout).toMatch(/^ {2}legacy-no-checksums .*\(no checksums\)/m);
    const json = JSON.parse((await cli(['index', 'list', '--corpus', corpusPath, '--json'], env())).stdout) as {
      current: string;
      versions: Array<{ version: string; current: boolean; memes?: number; problem?: string }>;
    };
    expect(json.current).toBe(version.C);
    expect(json.versions.filter((v) => v.current).map((v) => v.version)).toEqual([version.C]);
    expect(json.versions.find((v) => v.version === 'broken-a-garbage-meta-json')?.problem).toMatch(/meta\.json is unreadable/);

    // S1 wants the token, S2 (no ADMIN_TOKEN) takes loopback calls either way.
    const reload = await cli(['client', '--address', both(), 'reload'], { ...env(), ADMIN_TOKEN: TOKEN });
    expect(reload.code, reload.stderr + reload.stdout).toBe(0);
    expect(reload.stdout).toContain(`127.0.0.1:${s1.port}  reloaded  ${version.C}  (5 memes, was ${version.B}`);
    expect(reload.stdout).toContain(`127.0.0.1:${s2Port}  reloaded  ${version.C}  (5 memes, was ${version.B}`);
    for (const c of [s1Client, s2Client]) expectConsistent([{ startedAt: 0, res: await c.search({ query: QUERIES[2]!, limit: 3 }) }]);
    expect((await s2Client.search({ query: QUERIES[2]!, limit: 3 })).index_version).toBe(version.C);

    const info = await cli(['client', '--address', both(), 'info'], { ...env(), ADMIN_TOKEN: TOKEN });
    expect(info.code, info.stderr).toBe(0);
    expect(info.stdout.trim().split('\n')).toHaveLength(2);
    for (const line of info.stdout.trim().split('\n')) expect(line).toMatch(new RegExp(`  ${version.C}  5 memes  loaded `));
  });

  it('rolls back with `index activate`, and `client reload` reports each replica, failing if any failed', async () => {
    const activate = await cli(['index', 'activate', version.A, '--corpus', corpusPath], env());
    expect(activate.code, activate.stderr).toBe(0);
    expect(activate.stdout).toContain(`CURRENT → ${version.A} (5 memes, built `);
    expect(activate.stdout).toContain(`was ${version.C}`);
    expect(activate.stderr).toMatch(/note: .* was built from other content than .*memes\.jsonl has now/);

    const dead = await freePort();
    // Without the token S1 refuses; S2 reloads; nobody listens on the third address.
    const r = await cli(['client', '--address', `${both()},127.0.0.1:${dead}`, 'reload'], env());
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`127.0.0.1:${s1.port}  FAILED  UNAUTHENTICATED: admin calls need`);
    expect(r.stdout).toContain(`127.0.0.1:${s2Port}  reloaded  ${version.A}  (5 memes, was ${version.C}`);
    expect(r.stdout).toMatch(new RegExp(`127\\.0\\.0\\.1:${dead}  FAILED  UNAVAILABLE`));
    expect(r.stderr).toMatch(/^error: 2 of 3 replica\(s\) did not reload; those keep serving their previous version/m);
    expect((await s1Client.indexInfo({ adminToken: TOKEN })).version).toBe(version.C);

    const again = await cli(['client', '--address', both(), 'reload', '--json'], { ...env(), ADMIN_TOKEN: TOKEN });
    expect(again.code, again.stdout).toBe(0);
    const rows = again.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { address: string; version: string; changed: boolean });
    expect(rows.map((x) => [x.version, x.changed])).toEqual([
      [version.A, true],
      [version.A, false],
    ]);
  });

  it('refuses to activate a broken or missing version, leaving CURRENT alone', async () => {
    const broken = await cli(['index', 'activate', 'broken-fewer-memes-than-meta-json-says', '--corpus', corpusPath], env());
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^error: index artifact .* is inconsistent: meta\.json says 5×384, .* 4 memes/m);
    const missing = await cli(['index', 'activate', 'nothere', '--corpus', corpusPath], env());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: index version nothere does not exist in /m);
    expect((await listVersions(root)).current).toBe(version.A);

    const refused = await cli(['client', '--address', both(), 'reload', '--version', 'broken-a-bad-json-line'], {
      ...env(),
      ADMIN_TOKEN: TOKEN,
    });
    expect(refused.code).toBe(2);
    for (const port of [s1.port, s2Port])
      expect(refused.stdout).toMatch(
        new RegExp(
          `127\\.0\\.0\\.1:${port}  FAILED  FAILED_PRECONDITION: index reload refused, still serving ${version.A}: .*line 3 is not valid JSON`,
        ),
      );
  });

  it('prunes old versions but never the current one', async () => {
    const before = readdirSync(root).filter((n) => !n.startsWith('.') && n !== 'CURRENT');
    const removed = await pruneVersions(root, 1);
    const after = readdirSync(root).filter((n) => !n.startsWith('.') && n !== 'CURRENT');
    // The newest is C; A is CURRENT (activated above) and survives too.
    expect(after.sort()).toEqual([version.A, version.C].sort());
    expect(removed.length).toBe(before.length - 2);
    expect(existsSync(join(root, version.B))).toBe(false);
  });
});

/** Re-records sha256 and size of the files in meta.json, so that only the damage under test fails. */
function recordChecksums(dir: string): void {
  const metaPath = join(dir, 'meta.json');
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { files?: Record<string, { sha256: string; bytes: number }> };
  for (const name of ['index.faiss', 'memes.jsonl']) {
    const bytes = readFileSync(join(dir, name));
    meta.files = { ...meta.files, [name]: { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length } };
  }
  writeFileSync(metaPath, JSON.stringify(meta, null, 2));
}
