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

/** A lexical scorer with fixed scores per row. */
const lexicalOf = (scores: number[], scale: LexicalSearch['scale']): LexicalSearch => ({ scale, scoreAll: () => scores });
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

  it('linear fusion adds a relative scorer divided by its best, a cosine scorer as it is', () => {
    const parts = {
      memes,
      dense: fixed([0.5, 0.9, 0.7, 0.1]),
      lexical: { bm25: lexicalOf([10, 0, 0, 5], 'relative'), char: lexicalOf([0.2, 0, 0.4, 0], 'cosine') },
    };
    const bm25 = new Retriever(parts, { ...DENSE_ONLY, fusion: 'linear', lexical: [{ kind: 'bm25', weight: 0.5 }] }).rank('x', q, 4);
    expect(bm25.map((h) => h.row)).toEqual([0, 1, 2, 3]);
    expect(bm25[0]!.score).toBeCloseTo(1.0);
    expect(bm25[3]!.score).toBeCloseTo(0.1 + 0.25);
    const both = new Retriever(parts, {
      ...DENSE_ONLY,
      fusion: 'linear',
      lexical: [
        { kind: 'bm25', weight: 0.5 },
        { kind: 'char', weight: 1 },
      ],
    }).rank('x', q, 4);
    expect(Object.fromEntries(both.map((h) => [h.row, Number(h.score.toFixed(4))]))).toEqual({ 0: 1.2, 1: 0.9, 2: 1.1, 3: 0.35 });
  });

  it('linear fusion: a meme only a lexical scorer found starts from the dense pool floor', () => {
    const dense = fixed(Array.from({ length: 300 }, (_, i) => 1 - i / 1000));
    const many = Array.from({ length: 300 }, (_, i) => meme(`m${i}`));
    const scores = new Array<number>(300).fill(0);
    scores[299] = 1; // the densest-last meme is outside the 256-deep pool
    const r = new Retriever(
      { memes: many, dense, lexical: { char: lexicalOf(scores, 'cosine') } },
      { ...DENSE_ONLY, fusion: 'linear', lexical: [{ kind: 'char', weight: 0.5 }] },
    );
    const hit = r.rank('x', q, 10)[0]!; // depth 10: a pool of 256, row 299 is outside it
    expect(hit.row).toBe(299);
    expect(hit.score).toBeCloseTo(1 - 255 / 1000 + 0.5);
  });

  it('rrf sums reciprocal ranks of the dense list and each lexical list', () => {
    const r = new Retriever(
      { memes, dense: fixed([0.5, 0.9, 0.7, 0.1]), lexical: { char: lexicalOf([0, 0, 3, 0], 'cosine') } },
      { ...DENSE_ONLY, fusion: 'rrf', lexical: [{ kind: 'char', weight: 0 }], rrfK: 60 },
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
    const dense = fixed([1, 0, 0, 0]);
    expect(() => new Retriever({ memes, dense }, { ...DENSE_ONLY, fusion: 'rrf' })).toThrow(/lexical scorer/);
    expect(() => new Retriever({ memes, dense }, { ...DENSE_ONLY, fusion: 'linear', lexical: [{ kind: 'char', weight: 1 }] })).toThrow(
      /char/,
    );
    expect(() => new Retriever({ memes, dense }, { ...DENSE_ONLY, spell: true })).toThrow(/speller/);
  });
});
