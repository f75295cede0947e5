import { describe, expect, it } from 'vitest';
import type { Meme } from '../corpus/meme.js';
import { DENSE_ONLY, Retriever, type LexicalSearch, type VectorSearch } from './retriever.js';

const meme = (id: string) => ({ id, title: id, description: id }) as Meme;
const memes = ['a', 'b', 'c', 'd'].map(meme);

/** A "vector index" whose scores per row are fixed, whatever the query vector. */
function fixed(scores: number[]): VectorSearch {
  return {
    size: scores.length,
    search: (queries, k) =>
      queries.map(() =>
        scores
          .map((score, row) => ({ row, score }))
          .sort((x, y) => y.score - x.score)
          .slice(0, k),
      ),
  };
}

const lexicalOf = (hits: Array<[string, number]>): LexicalSearch => ({
  search: (_q, k) => hits.slice(0, k).map(([id, score]) => ({ id, score })),
});
const q = new Float32Array(2);

describe('Retriever', () => {
  it('dense only: cosine order, depth respected', () => {
    const r = new Retriever({ memes, dense: fixed([0.5, 0.9, 0.7, 0.1]) }, DENSE_ONLY);
    expect(r.rank('x', q, 3)).toEqual([
      { row: 1, score: 0.9 },
      { row: 2, score: 0.7 },
      { row: 0, score: 0.5 },
    ]);
  });

  it('expansion: a meme scores the best of its vectors, after the offset', () => {
    const parts = { memes, dense: fixed([0.5, 0.9, 0.7, 0.1]), expansion: { index: fixed([0.95, 0.3]), memeRows: [3, 0] } };
    const raw = new Retriever(parts, { ...DENSE_ONLY, expansion: true });
    expect(raw.rank('x', q, 2).map((h) => h.row)).toEqual([3, 1]);
    const shifted = new Retriever(parts, { ...DENSE_ONLY, expansion: true, expansionOffset: 0.1 });
    const hits = shifted.rank('x', q, 4);
    expect(hits.map((h) => h.row)).toEqual([1, 3, 2, 0]);
    expect(hits[1]!.score).toBeCloseTo(0.85);
    // Without the switch the expansion vectors are ignored.
    expect(new Retriever(parts, DENSE_ONLY).rank('x', q, 1)[0]!.row).toBe(1);
  });

  it('linear fusion adds the scaled lexical score; lexical-only memes start from the pool floor', () => {
    const r = new Retriever(
      {
        memes,
        dense: fixed([0.5, 0.9, 0.7, 0.1]),
        lexical: lexicalOf([
          ['a', 10],
          ['d', 5],
        ]),
      },
      { ...DENSE_ONLY, fusion: 'linear', lexicalWeight: 0.5 },
    );
    const hits = r.rank('x', q, 4);
    expect(hits.map((h) => h.row)).toEqual([0, 1, 2, 3]);
    expect(hits[0]!.score).toBeCloseTo(1.0);
    expect(hits[3]!.score).toBeCloseTo(0.1 + 0.25);
  });

  it('rrf sums reciprocal ranks of both lists', () => {
    const r = new Retriever(
      { memes, dense: fixed([0.5, 0.9, 0.7, 0.1]), lexical: lexicalOf([['c', 3]]) },
      { ...DENSE_ONLY, fusion: 'rrf', rrfK: 60 },
    );
    const hits = r.rank('x', q, 2);
    expect(hits[0]).toEqual({ row: 2, score: 1 / 62 + 1 / 61 });
    expect(hits[1]!.row).toBe(1);
  });

  it('spell correction rewrites the text only when switched on', () => {
    const speller = { correct: (t: string) => ({ text: t.replace('кот', 'кит') }) };
    const parts = { memes, dense: fixed([1, 0, 0, 0]), speller };
    expect(new Retriever(parts, { ...DENSE_ONLY, spell: true }).prepare('кот')).toBe('кит');
    expect(new Retriever(parts, DENSE_ONLY).prepare('кот')).toBe('кот');
  });

  it('refuses settings its parts cannot serve', () => {
    expect(() => new Retriever({ memes, dense: fixed([1, 0, 0, 0]) }, { ...DENSE_ONLY, fusion: 'rrf' })).toThrow(/lexical/);
    expect(() => new Retriever({ memes, dense: fixed([1, 0, 0, 0]) }, { ...DENSE_ONLY, spell: true })).toThrow(/speller/);
  });
});
