import { describe, expect, it } from 'vitest';
import type { Corpus, Meme } from '../corpus/meme.js';
import { assignSplit, pickByHash, splitRows, splitTsv } from './split.js';

const meme = (i: number): Meme => ({
  id: `m${i}`,
  title: `T${i}`,
  description: `D\t${i}`,
  url: `https://memepedia.ru/m${i}/`,
  imageUrl: null,
  tags: [],
  date: null,
  source: 'memepedia',
  views: null,
});
const memes = Array.from({ length: 100 }, (_, i) => meme(i));
const links = memes.map((m) => m.url!);

describe('pickByHash', () => {
  it('picks the share rounded up, whatever the input order, and the seed changes it', () => {
    const a = pickByHash(links, 's', 0.2);
    expect(a.size).toBe(20);
    expect([...pickByHash([...links].reverse(), 's', 0.2)].sort()).toEqual([...a].sort());
    expect([...pickByHash(links, 'other', 0.2)].sort()).not.toEqual([...a].sort());
  });
});

describe('assignSplit', () => {
  it('puts listed memes in heldout, 10% of the rest in validation, memes without a link in train', () => {
    const held = new Set(links.slice(0, 20).map((l) => l.replace('https://', '').replace(/\/$/, '')));
    const parts = assignSplit([...memes, { ...meme(200), url: null }], held);
    const count = (p: string) => [...parts.values()].filter((x) => x === p).length;
    expect(count('heldout')).toBe(20);
    expect(count('validation')).toBe(8); // ceil(10% of the 80 others with links)
    expect(count('train')).toBe(73);
    expect(parts.get('m200')).toBe('train');
  });
});

describe('splitRows', () => {
  it('gives the example and every team query of a meme its part, and writes TSV without tabs in cells', () => {
    const corpus: Corpus = { name: 'c', path: 'c', memes: memes.slice(0, 2), examples: new Map([['m0', 'пример']]), dropped: [] };
    const parts = new Map([
      ['m0', 'heldout' as const],
      ['m1', 'train' as const],
    ]);
    const rows = splitRows(corpus, parts, [
      { row: 2, query: ' запрос ', relevant: ['https://memepedia.ru/m1/', 'https://memepedia.ru/m0'], style: 'situation' },
    ]);
    expect(rows.map((r) => [r.part, r.id, r.style, r.query])).toEqual([
      ['heldout', 'm0', 'example', 'пример'],
      ['train', 'm1', 'situation', 'запрос'],
      ['heldout', 'm0', 'situation', 'запрос'],
    ]);
    expect(splitTsv(rows).split('\n')[1]).toBe('heldout\tm0\texample\tпример\tT0. D 0');
  });
});
