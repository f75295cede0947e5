import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileFormatError } from '../errors.js';
import { loadCorpus } from './load-corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'memesearch-loaders-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const HEADER = '\tpage\theader\tlink\tmeaning\texample\tpassage\tquery';
const row = (i: number, title: string, link: string, meaning: string, example = 'пример') =>
  `${i}\t1\t${title}\t${link}\t${meaning}\t${example}\tpassage: x\tquery: y`;

describe('memepedia TSV loader', () => {
  it('applies the original cleaning and reports every dropped row', async () => {
    const path = file(
      'memes.tsv',
      [
        HEADER,
        row(0, 'Ждун', 'https://memepedia.ru/zhdun/', 'Скульптура\u00a0существа, которое  ждёт.'),
        row(1, 'Галерея', 'https://memepedia.ru/galereya/', 'Галерея'),
        row(2, 'Пусто', 'https://memepedia.ru/pusto/', '\u00a0'),
        row(3, 'Ждун снова', 'https://memepedia.ru/zhdun/', 'Повтор ссылки'),
        // A quoted cell spanning two lines, with typographic quotes inside.
        `4\t1\tКот\thttps://memepedia.ru/kot/\t"Кот “удивлён”\nи молчит"\tкогда кот\tpassage: x\tquery: y`,
        row(5, 'Парень с длинной шеей', 'https://memepedia.ru/paren-1/', 'Первый'),
        row(6, 'Парень с длинной шеей', 'https://memepedia.ru/paren-2/', 'Второй'),
      ].join('\n'),
    );
    const corpus = await loadCorpus(path);
    expect(corpus.memes.map((m) => m.id)).toEqual(['zhdun', 'kot', 'paren-1', 'paren-2']);
    expect(corpus.memes[0]!.description).toBe('Скульптура существа, которое ждёт.');
    expect(corpus.memes[1]!.description).toBe('Кот “удивлён” и молчит');
    expect(corpus.examples.get('kot')).toBe('когда кот');
    expect(corpus.dropped.map((d) => d.reason)).toEqual([
      expect.stringMatching(/Галерея/),
      expect.stringMatching(/whitespace/),
      expect.stringMatching(/duplicate link/),
    ]);
  });

  it('names a missing column', async () => {
    const path = file('nolink.tsv', '\theader\tmeaning\n0\tЖдун\tждёт\n');
    await expect(loadCorpus(path)).rejects.toThrow(/nolink\.tsv, row 1: missing column "link"/);
  });

  it('names the line with invalid UTF-8', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${HEADER}\n${row(0, 'Ждун', 'https://memepedia.ru/zhdun/', 'ок')}\n`),
      Buffer.from([0x30, 0x09, 0xff, 0xfe, 0x0a]),
    ]);
    const path = file('bad-utf8.tsv', bytes);
    await expect(loadCorpus(path)).rejects.toThrow(/line 3 is not valid UTF-8/);
  });

  it('names a row with the wrong number of columns', async () => {
    const path = file('short.tsv', `${HEADER}\n0\t1\tЖдун\n`);
    await expect(loadCorpus(path)).rejects.toThrow(FileFormatError);
    await expect(loadCorpus(path)).rejects.toThrow(/row 2: has 3 columns, the header has 8/);
  });
});

describe('JSONL loader', () => {
  const good = {
    id: 'zhdun',
    title: 'Ждун',
    description: 'Существо, которое ждёт.',
    url: 'https://memepedia.ru/zhdun/',
    tags: ['ожидание'],
  };

  it('reads records with defaults for optional fields', async () => {
    const path = file('ok.jsonl', `${JSON.stringify(good)}\n\n`);
    const corpus = await loadCorpus(path);
    expect(corpus.memes).toEqual([{ ...good, imageUrl: null, date: null, views: null, source: 'custom' }]);
  });

  it.each([
    ['not json', '{"id": "x",', /row 1: not valid JSON/],
    ['a missing title', JSON.stringify({ ...good, title: undefined }), /row 1: title: /],
    ['a bad id', JSON.stringify({ ...good, id: 'Ждун' }), /row 1: id: id must be lowercase/],
    ['a duplicate id', `${JSON.stringify(good)}\n${JSON.stringify(good)}`, /row 2: duplicate id "zhdun" \(first on row 1\)/],
    ['nothing', '\n\n', /no memes in the file/],
  ])('refuses %s with the row number', async (_what, content, message) => {
    const path = file(`bad-${Math.random()}.jsonl`, content);
    await expect(loadCorpus(path)).rejects.toThrow(message);
  });

  it('says which file does not exist', async () => {
    await expect(loadCorpus(join(dir, 'missing.jsonl'))).rejects.toThrow(/missing\.jsonl: no such file/);
  });
});
