import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadJsonlCorpus } from '../services/search/src/corpus/jsonl.loader.js';
import { startFixtureSite, type FixtureSite } from './fixtures/memepedia/fixture-site.js';
import { BIN, cli } from './helpers/cli.js';

/** `memesearch ingest memepedia` as a user runs it (the compiled CLI), against the fixture site. */
let site: FixtureSite;
let dir: string;
let out: string;

beforeEach(async () => {
  site = await startFixtureSite();
  dir = mkdtempSync(join(tmpdir(), 'memepedia-cli-'));
  out = join(dir, 'memes.jsonl');
});
afterEach(async () => {
  await site.close();
  rmSync(dir, { recursive: true, force: true });
});

const args = (...extra: string[]) => ['ingest', 'memepedia', '--base-url', site.baseUrl, '--out', out, '--rate', '20', ...extra];

describe('memesearch ingest memepedia', () => {
  it('resumes after kill -9: every meme exactly once, no page the checkpoint holds fetched again', async () => {
    // The crawler is killed while it waits for the fourth meme (first on listing page 2).
    site.rules.set('/molchalivyj-gus/', (n) => {
      if (n > 1) return undefined;
      child.kill('SIGKILL');
      return 'hang';
    });
    const child = spawn(process.execPath, [BIN, ...args()], { stdio: 'ignore' });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect(signal).toBe('SIGKILL');

    const checkpoint = JSON.parse(readFileSync(`${out}.checkpoint.json`, 'utf8')) as {
      done: Record<string, unknown>;
      pass: { listPages: string[] };
    };
    const held = [...Object.keys(checkpoint.done), ...checkpoint.pass.listPages].map((u) => new URL(u).pathname);
    expect(held.sort()).toEqual(['/grustnyj-ponchik/', '/kot-kosmonavt/', '/memoteka/', '/memoteka/page/2/', '/tancuyushhij-kaktus/']);
    const firstRun = site.requests.length;

    site.rules.clear();
    const resumed = await cli(args());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/^memepedia: 4 new, 0 updated → .*memes\.jsonl \(7 memes\), resumed an unfinished crawl$/m);
    const again = site.paths().slice(firstRun);
    expect(again.filter((p) => held.includes(p))).toEqual([]);
    expect(again.filter((p) => p === '/molchalivyj-gus/')).toHaveLength(1);
    const corpus = await loadJsonlCorpus(out); // refuses duplicate ids
    expect(corpus.memes).toHaveLength(7);

    // Nothing new on the site: the next run reads robots.txt and the first listing page, no more.
    const secondRun = site.requests.length;
    const incremental = await cli(args());
    expect(incremental.code, incremental.stderr).toBe(0);
    expect(site.paths().slice(secondRun)).toEqual(['/robots.txt', '/memoteka/']);
    expect(incremental.stdout).toMatch(/^memepedia: 0 new, 0 updated/m);
    expect(incremental.stdout).toMatch(
      /disallowed by robots\.txt, not requested \(1\):\n\s+http:\/\/127\.0\.0\.1:\d+\/closed\/sekretnyj-mem\//,
    );
  });

  it('prints the summary: skipped pages with reasons, disallowed ones, retries', async () => {
    site.rules.set('/kot-kosmonavt/', (n) => (n === 1 ? { status: 502 } : undefined));
    const r = await cli(args());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^memepedia: 7 new, 0 updated/m);
    expect(r.stdout).toMatch(/fetched: 3 listing pages, 9 meme pages; 14 requests, 1 retries/);
    expect(r.stdout).toMatch(/skipped \(2\):\n\s+\S+\/propavshij-nosok\/: HTTP 404\n\s+\S+\/slomannaya-stranica\/: no title/);
  });

  it.each([
    [['--rate', '0'], /^error: --rate "0": must be a number of requests per second from 0\.01 to 50$/m],
    [['--since', 'вчера'], /^error: --since "вчера": must be a date as YYYY-MM-DD$/m],
    [['--max', '-1'], /^error: --max "-1": must be an integer from 1 to 1000000$/m],
  ])('refuses bad options %j with exit code 2', async (extra, message) => {
    const r = await cli(args(...extra));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(site.requests).toHaveLength(0);
  });

  it('refuses an --out file that is not a corpus JSONL, naming file and row, and leaves it alone', async () => {
    writeFileSync(out, '{"id":"zhdun","title":"Ждун","description":"ждёт"}\nname\tmeaning\n');
    const r = await cli(args());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*memes\.jsonl, row 2: not valid JSON/m);
    expect(readFileSync(out, 'utf8')).toBe('{"id":"zhdun","title":"Ждун","description":"ждёт"}\nname\tmeaning\n');
  });
});
