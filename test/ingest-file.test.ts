import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadJsonlCorpus } from '../services/search/src/corpus/jsonl.loader.js';
import type { Corpus } from '../services/search/src/corpus/meme.js';
import { loadMemepediaTsv } from '../services/search/src/corpus/memepedia-tsv.loader.js';
import { cli, type CliResult } from './helpers/cli.js';
import { DEFAULT_MODEL, isolatedCache } from './helpers/model.js';

/** `memesearch ingest file` end to end: real files in a temp dir, the compiled CLI, a private cache. */
const FIXTURES = fileURLToPath(new URL('./fixtures/ingest/', import.meta.url));
const SHARED_TSV = fileURLToPath(new URL('../../shared/data/memepedia-irinba.tsv', import.meta.url));
const EN_MAP = 'title=Name,description=About,url=Link,imageUrl=Picture,tags=Keywords,date=Added';

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
const out = (name: string) => join(dir, name);
const ingest = (...args: string[]) => cli(['ingest', 'file', ...args], env);

/** A user mistake: exit code 2, an "error:" line, and no stack trace. */
function expectUserError(r: CliResult, message: RegExp) {
  expect(r.code, r.stdout).toBe(2);
  expect(r.stderr).toMatch(/^error: /m);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe('csv', () => {
  it('imports a collection with its own column names (--map), quoted commas, quotes and line breaks; bad rows are named and skipped', async () => {
    const target = out('english.jsonl');
    const r = await ingest(join(FIXTURES, 'english-memes.csv'), '--map', EN_MAP, '--out', target, '--no-embeddings');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^skipped .*english-memes\.csv, row 6: url "not-a-url" is not a URL$/m);
    expect(r.stderr).toMatch(/^skipped .*english-memes\.csv, row 8: description is empty$/m);
    expect(r.stdout).toMatch(
      /→ .*english\.jsonl: 6 rows read, 4 imported, 2 skipped \(1 invalid url, 1 empty description\), 0 dropped by cleaning, 4 memes written$/m,
    );

    const corpus = await loadJsonlCorpus(target);
    expect(corpus.memes.map((m) => m.id)).toEqual(['distracted-boyfriend', 'this-is-fine', 'doge', 'woman-yelling-at-a-cat']);
    expect(corpus.memes[0]).toMatchObject({
      title: 'Distracted Boyfriend',
      imageUrl: 'https://i.kym-cdn.com/photos/distracted-boyfriend.jpg',
      tags: ['temptation', 'loyalty'],
      date: '2017-08-22',
      source: 'english-memes',
    });
    // A comma inside quotes stays in the cell; the cell over two lines is one description; "" is a quote.
    expect(corpus.memes[1]!.description).toBe(
      'A cartoon dog sits in a burning room, sipping coffee, and says «this is fine». Used when someone ignores a disaster around them.',
    );
    expect(corpus.memes[2]).toMatchObject({ id: 'doge', date: '2013-07' });
    expect(corpus.memes[3]!.date).toBe('2019-05-31');
  });

  it('--strict stops at the first bad row and leaves an existing output as it was', async () => {
    const target = file('strict.jsonl', 'old content\n');
    const r = await ingest(join(FIXTURES, 'english-memes.csv'), '--map', EN_MAP, '--out', target, '--strict');
    expectUserError(r, /english-memes\.csv, row 6: url "not-a-url" is not a URL \(--strict: no row may be skipped\)/);
    expect(readFileSync(target, 'utf8')).toBe('old content\n');
  });

  it('handles a BOM, CRLF line ends and a TSV given as CSV', async () => {
    const bom = file(
      'bom.csv',
      '\uFEFFtitle,description,url\r\nКот,"Кот\r\nнедоволен ужином",https://example.org/kot\r\n\r\nЖдун,Ждёт,\r\n',
    );
    const r = await ingest(bom, '--out', out('bom.jsonl'), '--no-clean');
    expect(r.code, r.stderr).toBe(0);
    const corpus = await loadJsonlCorpus(out('bom.jsonl'));
    expect(corpus.memes.map((m) => [m.id, m.title, m.description, m.url])).toEqual([
      ['kot', 'Кот', 'Кот недоволен ужином', 'https://example.org/kot'],
      ['zhdun', 'Ждун', 'Ждёт', null],
    ]);

    const tabs = file('tabs.csv', 'title\tdescription\nКот\tнедоволен\n');
    expectUserError(
      await ingest(tabs, '--out', out('x.jsonl')),
      /tabs\.csv, row 1: the header is one column with "\\t" in it: use --format tsv/,
    );
  });
});

describe('mapping errors come before any row is read', () => {
  it.each([
    [['--map', 'colour=Name'], /--map: unknown field "colour"/],
    [
      ['--map', 'title=Nom,description=About'],
      /english-memes\.csv, row 1: no column "Nom" \(--map title=Nom\); the file has: "id", "Name", /,
    ],
    [
      ['--map', 'title=Name'],
      /english-memes\.csv, row 1: no column for description; the file has: .* \(name it with --map description=COLUMN\)/,
    ],
    [['--map', 'title'], /--map: "title" is not field=column/],
    [['--format', 'xml'], /--format must be csv, tsv or jsonl, not "xml"/],
  ])('%#: %s', async (args, message) => {
    const target = out('mapping.jsonl');
    expectUserError(await ingest(join(FIXTURES, 'english-memes.csv'), ...args, '--out', target), message);
    expect(existsSync(target)).toBe(false);
  });

  it('names a JSONL key that no line has', async () => {
    expectUserError(
      await ingest(join(FIXTURES, 'memes.jsonl'), '--map', 'title=nom,description=text', '--out', out('x.jsonl')),
      /memes\.jsonl: no key "nom" \(--map title=nom\); the file has: "name", "text", "page", "labels", "year"/,
    );
  });
});

describe('jsonl', () => {
  it('maps keys, splits tags, reads ISO dates, names bad lines and makes ids from titles unique', async () => {
    const target = out('memes.jsonl');
    const r = await ingest(
      join(FIXTURES, 'memes.jsonl'),
      '--map',
      'title=name,description=text,url=page,tags=labels,date=year',
      '--tags-separator',
      ';',
      '--source',
      'fixture',
      '--out',
      target,
      '--no-embeddings',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/row 3: not valid JSON/);
    expect(r.stderr).toMatch(/row 4: is an array, not a JSON object/);
    expect(r.stderr).toMatch(/row 7: description \(text\) must be text, not an object/);
    expect(r.stderr).toMatch(/row 5: id "zhdun" is taken, stored as "zhdun-2"/);
    expect(r.stdout).toMatch(/6 rows read, 3 imported, 3 skipped \(2 invalid JSON, 1 invalid description\)/);
    const corpus = await loadJsonlCorpus(target);
    expect(corpus.memes.map((m) => [m.id, m.tags, m.date, m.source])).toEqual([
      ['zhdun', ['ожидание', 'терпение'], '2017', 'fixture'],
      ['kot-za-stolom', ['кот', 'ужин'], '2019-06-03', 'fixture'],
      ['zhdun-2', [], null, 'fixture'],
    ]);
  });

  it.each([
    ['empty.jsonl', '  \n\n', /empty\.jsonl: the file is empty/],
    ['array.jsonl', '[{"title": "a", "description": "b"}]\n', /array\.jsonl: this is a JSON array, not JSON Lines/],
    ['pretty.jsonl', '{\n  "title": "a",\n  "description": "b"\n}\n', /pretty\.jsonl: this is one JSON document over several lines/],
    [
      'binary.jsonl',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      /binary\.jsonl: line 1 is not valid UTF-8/,
    ],
    ['nul.jsonl', Buffer.from('{"title": "a"}\n\u0000\u0000\u0000\n'), /nul\.jsonl: this looks like a binary file/],
  ])('refuses %s', async (name, content, message) => {
    expectUserError(await ingest(file(name, content), '--out', out('x.jsonl')), message);
  });

  it('fails when every row is bad, saying why', async () => {
    const path = file('allbad.jsonl', '{"title": "Кот", "description": ""}\n{"title": "", "description": "текст"}\n');
    expectUserError(
      await ingest(path, '--out', out('x.jsonl')),
      /allbad\.jsonl: no usable rows: all 2 were skipped \(1 empty description, 1 empty title\)/,
    );
  });
});

describe('tsv in the memepedia format', () => {
  const HEADER = '\tpage\theader\tlink\tmeaning\texample\tpassage\tquery';
  const row = (i: number, title: string, link: string, meaning: string) =>
    `${i}\t1\t${title}\t${link}\t${meaning}\tпример\tpassage: x\tquery: y`;
  const sample = () =>
    file(
      'sample.tsv',
      [
        HEADER,
        row(0, 'Ждун', 'https://memepedia.ru/zhdun/', 'Скульптура\u00a0существа, которое  ждёт.'),
        row(1, 'Галерея', 'https://memepedia.ru/galereya/', 'Галерея'),
        `2\t1\tКот\thttps://memepedia.ru/a/kot/\t"Кот “удивлён”\nи молчит"\tкогда кот\tpassage: x\tquery: y`,
        row(3, 'Пусто', 'https://memepedia.ru/pusto/', '\u00a0'),
        row(4, 'Ждун снова', 'https://memepedia.ru/zhdun/', 'Повтор ссылки'),
        row(5, 'Другой кот', 'https://memepedia.ru/b/kot/', 'Тот же хвост ссылки, другой мем'),
        row(6, 'Мем по-русски', 'https://memepedia.ru/мем-по-русски/', 'Ссылка без латиницы'),
      ].join('\n') + '\n',
    );

  /** `ingest file --no-clean` must give what the memepedia loader gives: same memes, same dropped rows. */
  async function expectRoundTrip(tsv: string, target: string): Promise<Corpus> {
    const r = await ingest(tsv, '--format', 'tsv', '--no-clean', '--out', target);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^columns: title ← "header", description ← "meaning", url ← "link"$/m);
    const loaded = await loadMemepediaTsv(tsv);
    const imported = await loadJsonlCorpus(target);
    const fields = (c: Corpus) => c.memes.map((m) => ({ id: m.id, title: m.title, description: m.description, url: m.url }));
    expect(imported.memes).toHaveLength(loaded.memes.length);
    expect(fields(imported)).toEqual(fields(loaded));
    const skippedRows = [...r.stderr.matchAll(/^skipped .*, row (\d+): /gm)].map((m) => Number(m[1]));
    expect(skippedRows).toEqual(loaded.dropped.map((d) => d.row));
    return loaded;
  }

  it('round-trips a memepedia-format TSV with no --map', async () => {
    const loaded = await expectRoundTrip(sample(), out('sample.jsonl'));
    expect(loaded.memes.map((m) => m.id)).toEqual(['zhdun', 'kot', 'kot-2', expect.stringMatching(/^u-[0-9a-f]{10}$/)]);
    expect(loaded.dropped.map((d) => d.row)).toEqual([3, 6, 7]);
  });

  it.runIf(existsSync(SHARED_TSV))('round-trips the shared memepedia TSV (skipped only where ../shared/data is absent)', async () => {
    const loaded = await expectRoundTrip(SHARED_TSV, out('memepedia.jsonl'));
    expect(loaded.memes.length).toBeGreaterThan(2000);
  });

  it('cleans by default, and the output builds an index', async () => {
    const target = out('sample-clean.jsonl');
    const r = await ingest(sample(), '--out', target);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/7 rows read, 4 imported, 3 skipped \(.*\), 0 dropped by cleaning, 4 memes written/);
    const corpus = await loadJsonlCorpus(target);
    expect(corpus.memes.find((m) => m.id === 'kot')!.description).toBe('Кот «удивлён» и молчит');

    const built = await cli(['index', 'build', '--corpus', target], env);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toMatch(new RegExp(`^built index .*: 4 memes, 384 dims, model ${DEFAULT_MODEL}`, 'm'));
  });
});
