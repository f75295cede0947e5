import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadJsonlCorpus } from '../services/search/src/corpus/jsonl.loader.js';
import { UserError } from '../services/search/src/errors.js';
import { crawlMemepedia, type CrawlDeps } from '../services/search/src/ingest/memepedia/crawl-memepedia.js';
import { parseCrawlOptions } from '../services/search/src/ingest/memepedia/crawl-options.js';
import { writeMemes } from '../services/search/src/ingest/memepedia/write-memes.js';
import { startFixtureSite, type FixtureSite } from './fixtures/memepedia/fixture-site.js';

/**
 * The crawler against the fixture copy of memepedia on 127.0.0.1, in-process. Rate 20/s keeps a
 * full crawl (3 listing pages, 9 meme links) under a second; timings come from the server's log.
 */
const MEMES = [
  'kot-kosmonavt',
  'grustnyj-ponchik',
  'tancuyushhij-kaktus',
  'molchalivyj-gus',
  'bez-znacheniya',
  'otnositelnye-kartinki',
  'sonnyj-enot',
];
const RATE = 20;
const JITTER_MS = 20;

let site: FixtureSite;
let dir: string;
let out: string;

beforeEach(async () => {
  site = await startFixtureSite();
  dir = mkdtempSync(join(tmpdir(), 'memepedia-crawl-'));
  out = join(dir, 'memes.jsonl');
});
afterEach(async () => {
  await site.close();
  rmSync(dir, { recursive: true, force: true });
});

const options = (extra: Record<string, unknown> = {}) =>
  parseCrawlOptions({ out, baseUrl: site.baseUrl, rate: RATE, timeoutMs: 2_000, retryMinDelayMs: 20, retryMaxDelayMs: 100, ...extra });
const crawl = (extra: Record<string, unknown> = {}, deps: CrawlDeps = {}) => crawlMemepedia(options(extra), deps);
const memePaths = () => site.paths().filter((p) => p !== '/robots.txt' && !p.startsWith('/memoteka/'));
const idsInOutput = () =>
  readFileSync(out, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { id: string }).id);
const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe('crawlMemepedia', () => {
  it('walks three listing pages and writes every usable meme once, in a file the corpus loader reads', async () => {
    const report = await crawl();
    expect(report.aborted).toBeNull();
    expect(site.paths().slice(0, 2)).toEqual(['/robots.txt', '/memoteka/']);
    expect(site.paths().filter((p) => p.startsWith('/memoteka/'))).toEqual(['/memoteka/', '/memoteka/page/2/', '/memoteka/page/3/']);
    expect(report).toMatchObject({ listPages: 3, added: 7, updated: 0, total: 7, stoppedBy: 'end of the listing' });

    const corpus = await loadJsonlCorpus(out);
    expect(corpus.memes.map((m) => m.id).sort()).toEqual([...MEMES].sort());
    expect(corpus.memes.every((m) => m.source === 'memepedia' && m.url?.startsWith(site.baseUrl))).toBe(true);
    const owl = corpus.memes.find((m) => m.id === 'otnositelnye-kartinki')!;
    // The page has no date, counter or absolute links: the listing's values and the server's origin fill in.
    expect(owl).toMatchObject({
      date: '2023-03-12',
      views: 640,
      imageUrl: `${site.baseUrl}/wp-content/uploads/2023/03/udivlyonnaya-sova.jpg`,
    });

    expect(report.skipped).toEqual([
      { url: `${site.baseUrl}/propavshij-nosok/`, reason: 'HTTP 404' },
      { url: `${site.baseUrl}/slomannaya-stranica/`, reason: expect.stringMatching(/no title/) },
    ]);
    // robots.txt disallows /closed/: reported, never requested.
    expect(report.disallowed).toEqual([`${site.baseUrl}/closed/sekretnyj-mem/`]);
    expect(site.paths().some((p) => p.startsWith('/closed/'))).toBe(false);
    expect(new Set(site.requests.map((r) => r.userAgent))).toEqual(
      new Set([expect.stringMatching(/^memesearch-ingest\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\/memesearch\/memesearch\)$/)]),
    );
  });

  it('spaces requests at least 1/rate apart', async () => {
    await crawl();
    const times = site.requests.map((r) => r.at);
    expect(times.length).toBeGreaterThanOrEqual(12);
    // The limiter spaces send times exactly; arrivals jitter around them (the first one also waits
    // for the connection), so allow JITTER_MS. Without the limiter the gaps are 1–3 ms.
    expect(Math.min(...gaps(times))).toBeGreaterThanOrEqual(1000 / RATE - JITTER_MS);
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(((times.length - 1) * 1000) / RATE - JITTER_MS);
  });

  it('honours a robots.txt Crawl-delay longer than our own interval', async () => {
    site.rules.set('/robots.txt', () => ({
      status: 200,
      headers: { 'content-type': 'text/plain' },
      body: 'User-agent: *\nCrawl-delay: 0.2\n',
    }));
    const report = await crawl({ max: 2 });
    expect(report.robots).toMatch(/Crawl-delay 0.2 s/);
    expect(site.requests).toHaveLength(4); // robots.txt, a listing page, two memes
    expect(Math.min(...gaps(site.requests.map((r) => r.at)))).toBeGreaterThanOrEqual(200 - JITTER_MS);
  });

  it('waits out a 429 for its Retry-After, for every later request too, then fetches the page', async () => {
    site.rules.set('/grustnyj-ponchik/', (n) => (n === 1 ? { status: 429, headers: { 'retry-after': '1' } } : undefined));
    const report = await crawl();
    const hits = site.requests.filter((r) => r.path === '/grustnyj-ponchik/');
    expect(hits.map((r) => r.status)).toEqual([429, 200]);
    const after = site.requests.filter((r) => r.at > hits[0]!.at);
    expect(Math.min(...after.map((r) => r.at - hits[0]!.at))).toBeGreaterThanOrEqual(1000 - JITTER_MS);
    expect(report).toMatchObject({ rateLimitWaits: 1, added: 7 });
  });

  it('stops the whole crawl when a 429 asks for a longer pause than we wait, and resumes there later', async () => {
    site.rules.set('/tancuyushhij-kaktus/', () => ({ status: 429, headers: { 'retry-after': '3600' } }));
    const report = await crawl();
    expect(report.aborted).toMatch(/tancuyushhij-kaktus\/: HTTP 429 asks to wait 3600 s, more than the 300 s we wait/);
    expect(site.paths().at(-1)).toBe('/tancuyushhij-kaktus/');
    site.rules.clear();
    site.requests.length = 0;
    expect(await crawl()).toMatchObject({ resumed: true, added: 5, aborted: null });
    expect(site.paths().slice(0, 2)).toEqual(['/robots.txt', '/tancuyushhij-kaktus/']);
  });

  it('retries a 500 and a page slower than the timeout, and reports a page that never comes', async () => {
    site.rules.set('/molchalivyj-gus/', (n) => (n === 1 ? { status: 500, body: 'oops' } : undefined));
    site.rules.set('/tancuyushhij-kaktus/', (n) => (n === 1 ? { status: 200, delayMs: 5_000, body: '<h1>поздно</h1>' } : undefined));
    site.rules.set('/sonnyj-enot/', () => 'hang');
    const started = performance.now();
    const report = await crawl({ timeoutMs: 400, retries: 2 });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(site.paths().filter((p) => p === '/molchalivyj-gus/')).toHaveLength(2);
    expect(site.paths().filter((p) => p === '/tancuyushhij-kaktus/')).toHaveLength(2);
    expect(site.paths().filter((p) => p === '/sonnyj-enot/')).toHaveLength(3);
    expect(report.retries).toBe(1 + 1 + 2);
    expect(report.failed).toEqual([
      { url: `${site.baseUrl}/sonnyj-enot/`, reason: 'no complete answer within 400 ms (gave up after 3 attempts)' },
    ]);
    expect(idsInOutput().sort()).toEqual(MEMES.filter((id) => id !== 'sonnyj-enot').sort());

    // The failure was passing: the next run tries it first and stops at the first page with nothing new.
    site.rules.clear();
    site.requests.length = 0;
    const next = await crawl();
    expect(next).toMatchObject({ added: 1, failed: [] });
    expect(site.paths()).toEqual(['/robots.txt', '/sonnyj-enot/', '/memoteka/']);
    expect(idsInOutput().sort()).toEqual([...MEMES].sort());
  });

  it('does not crawl when robots.txt cannot be read, and says why', async () => {
    site.rules.set('/robots.txt', () => ({ status: 503 }));
    const report = await crawl({ retries: 1 });
    expect(report.aborted).toMatch(/robots\.txt could not be read \(HTTP 503 \(gave up after 2 attempts\)\): not crawling/);
    expect(site.paths()).toEqual(['/robots.txt', '/robots.txt']);
  });

  it('--max caps the meme pages fetched; the next run goes on from the checkpoint without refetching', async () => {
    const first = await crawl({ max: 3 });
    expect(first).toMatchObject({ added: 3, memePages: 3 });
    expect(first.stoppedBy).toMatch(/--max 3/);
    expect(memePaths()).toHaveLength(3);
    const second = await crawl();
    expect(second.resumed).toBe(true);
    const fetched = memePaths();
    expect(fetched).toEqual([...new Set(fetched)]);
    expect(idsInOutput().sort()).toEqual([...MEMES].sort());
  });

  it('an incremental rerun fetches only robots.txt and the first listing page, and appends what is new', async () => {
    // The first crawl sees a listing without «Грустный пончик»; it appears before the second.
    const withoutDonut = site
      .file('/memoteka/')
      .replace(/<li class="post-item[^]*?<\/li>/g, (card) => (card.includes('grustnyj-ponchik') ? '' : card));
    site.rules.set('/memoteka/', () => ({ status: 200, body: withoutDonut }));
    await crawl();
    expect(idsInOutput()).not.toContain('grustnyj-ponchik');
    const before = readFileSync(out, 'utf8');

    site.requests.length = 0;
    const unchanged = await crawl();
    expect(site.paths()).toEqual(['/robots.txt', '/memoteka/']);
    expect(unchanged).toMatchObject({ added: 0, memePages: 0 });
    expect(readFileSync(out, 'utf8')).toBe(before);

    site.rules.clear();
    site.requests.length = 0;
    const grown = await crawl();
    expect(site.paths()).toEqual(['/robots.txt', '/memoteka/', '/grustnyj-ponchik/', '/memoteka/page/2/']);
    expect(grown).toMatchObject({ added: 1, stoppedBy: expect.stringMatching(/nothing newer/) });
    expect(readFileSync(out, 'utf8').startsWith(before)).toBe(true);
    expect(idsInOutput().sort()).toEqual([...MEMES].sort());
  });

  it('--since refetches known memes listed since then, replacing their lines, and stops below that date', async () => {
    await crawl();
    const order = idsInOutput();
    site.rules.set('/kot-kosmonavt/', () => ({ status: 200, body: site.file('/kot-kosmonavt/').replaceAll('15 320', '16 000') }));
    site.requests.length = 0;
    const report = await crawl({ since: '2024-02-01' });
    expect(memePaths()).toEqual(['/kot-kosmonavt/', '/grustnyj-ponchik/']);
    expect(site.paths()).not.toContain('/memoteka/page/3/');
    expect(report).toMatchObject({ added: 0, updated: 2 });
    expect(idsInOutput()).toEqual(order);
    const corpus = await loadJsonlCorpus(out);
    expect(corpus.memes.find((m) => m.id === 'kot-kosmonavt')?.views).toBe(16000);
  });

  it('drops a torn last line left by a crash mid-append and fetches that meme again', async () => {
    // The state a kill during the second append leaves: the checkpoint from before it, half a line.
    await crawl({ max: 1 });
    copyFileSync(`${out}.checkpoint.json`, join(dir, 'old-checkpoint.json'));
    await crawl({ max: 1 });
    copyFileSync(join(dir, 'old-checkpoint.json'), `${out}.checkpoint.json`);
    const [first, second] = readFileSync(out, 'utf8').split('\n');
    writeFileSync(out, `${first}\n${second!.slice(0, 40)}`);
    site.requests.length = 0;
    const report = await crawl();
    expect(report.notes.join()).toMatch(/dropped an incomplete last line/);
    expect(memePaths()[0]).toBe('/grustnyj-ponchik/');
    expect(idsInOutput().sort()).toEqual([...MEMES].sort());
  });

  it('fetches again a meme the checkpoint calls written but the output lost', async () => {
    await crawl();
    const lines = readFileSync(out, 'utf8').split('\n');
    writeFileSync(out, lines.filter((l) => !l.includes('"id":"kot-kosmonavt"')).join('\n'));
    site.requests.length = 0;
    const report = await crawl();
    expect(memePaths()).toEqual(['/kot-kosmonavt/']);
    expect(report.added).toBe(1);
    expect(idsInOutput().sort()).toEqual([...MEMES].sort());
  });

  it('never duplicates a meme when the checkpoint lags behind the output (a crash between the two writes)', async () => {
    await crawl({ max: 3 });
    copyFileSync(`${out}.checkpoint.json`, join(dir, 'old-checkpoint.json'));
    await crawl({ max: 2 });
    copyFileSync(join(dir, 'old-checkpoint.json'), `${out}.checkpoint.json`);
    site.requests.length = 0;
    await crawl();
    // The old checkpoint forgot listing page 2 and its outcomes; the output still has «Молчаливый гусь».
    expect(memePaths()).toEqual([
      '/propavshij-nosok/',
      '/slomannaya-stranica/',
      '/bez-znacheniya/',
      '/otnositelnye-kartinki/',
      '/sonnyj-enot/',
    ]);
    expect(idsInOutput().sort()).toEqual([...MEMES].sort());
  });

  it('refuses an output file that is not a corpus JSONL, naming the row, without touching it', async () => {
    const tsv = 'title\tmeaning\nЖдун\tждёт\n';
    writeFileSync(out, tsv);
    await expect(crawl()).rejects.toThrow(/memes\.jsonl, row 1: not valid JSON/);
    expect(readFileSync(out, 'utf8')).toBe(tsv);
    expect(site.requests).toHaveLength(0);
  });

  it('sends memes through the writeMemes step, which a cleaning step can wrap', async () => {
    const report = await crawl(
      {},
      {
        writeMemes: (file, memes) =>
          writeMemes(
            file,
            memes.filter((m) => m.id !== 'sonnyj-enot').map((m) => ({ ...m, title: m.title.toUpperCase() })),
          ),
      },
    );
    expect(report.skipped).toContainEqual({ url: `${site.baseUrl}/sonnyj-enot/`, reason: 'dropped by the output step' });
    const corpus = await loadJsonlCorpus(out);
    expect(corpus.memes.find((m) => m.id === 'kot-kosmonavt')?.title).toBe('КОТ-КОСМОНАВТ');
    expect(corpus.memes).toHaveLength(6);
  });
});

describe('crawler options', () => {
  it('defaults to the polite settings: one request a second, memepedia.ru, <out>.checkpoint.json', () => {
    const o = parseCrawlOptions({});
    expect(o).toMatchObject({ rate: 1, baseUrl: 'https://memepedia.ru', listPath: '/memoteka/', out: 'memepedia.jsonl' });
    expect(o.checkpoint).toBe('memepedia.jsonl.checkpoint.json');
    expect(o.userAgent).toMatch(/^memesearch-ingest\//);
  });

  it.each([
    [{ rate: '0' }, /--rate "0": must be a number of requests per second/],
    [{ rate: 'fast' }, /--rate "fast"/],
    [{ max: '2.5' }, /--max "2.5": must be an integer/],
    [{ since: '2024-13-01' }, /--since "2024-13-01": must be a date as YYYY-MM-DD/],
    [{ baseUrl: 'ftp://memepedia.ru' }, /--base-url "ftp:\/\/memepedia.ru": must be an http\(s\) URL/],
    [{ timeoutMs: '5' }, /--timeout "5"/],
  ])('refuses %j', (raw, message) => {
    expect(() => parseCrawlOptions(raw)).toThrow(UserError);
    expect(() => parseCrawlOptions(raw)).toThrow(message);
  });
});
