import { describe, expect, it } from 'vitest';
import { assignFolds, foldRows, foldsTsv } from './folds.js';
import type { Corpus, Meme } from '../corpus/meme.js';

const meme = (id: string): Meme => ({
  id,
  title: `T ${id}`,
  description: `D\t${id}`,
  url: null,
  imageUrl: null,
  tags: [],
  date: null,
  source: 'test',
  views: null,
});

describe('assignFolds', () => {
  const ids = Array.from({ length: 103 }, (_, i) => `meme-${i}`);

  it('deals memes into k folds of near-equal size', () => {
    const folds = assignFolds(ids, 5);
    const sizes = [0, 1, 2, 3, 4].map((f) => [...folds.values()].filter((x) => x === f).length);
    expect(sizes.reduce((a, b) => a + b)).toBe(103);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('does not depend on input order, and the seed changes it', () => {
    const a = assignFolds(ids, 5);
    const b = assignFolds([...ids].reverse(), 5);
    expect([...b.entries()].sort()).toEqual([...a.entries()].sort());
    const c = assignFolds(ids, 5, 'another-seed');
    expect([...c.entries()].filter(([id, f]) => a.get(id) !== f).length).toBeGreaterThan(40);
  });
});

describe('foldRows', () => {
  it('keeps memes with an example and writes a TSV without stray tabs', () => {
    const corpus: Corpus = {
      name: 't',
      path: 't.tsv',
      memes: [meme('a'), meme('b'), meme('c')],
      examples: new Map([
        ['a', 'когда\tпятница'],
        ['c', 'когда понедельник'],
      ]),
      dropped: [],
    };
    const rows = foldRows(corpus);
    expect(rows.map((r) => r.id)).toEqual(['a', 'c']);
    const lines = foldsTsv(rows).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.split('\t')).toHaveLength(4);
  });

  it('refuses a corpus without examples', () => {
    expect(() => foldRows({ name: 'x', path: 'x', memes: [meme('a')], examples: new Map(), dropped: [] })).toThrow(/no example/);
  });
});
