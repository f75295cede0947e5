import { describe, expect, it } from 'vitest';
import { linearFusion, rrf } from './rank-fusion.js';

const ids = (...xs: string[]) => xs.map((id) => ({ id }));

describe('rrf', () => {
  it('sums 1 / (k + rank) over the lists', () => {
    const fused = rrf([ids('a', 'b', 'c'), ids('b', 'c')], { k: 60 });
    expect(fused.map((x) => x.id)).toEqual(['b', 'c', 'a']);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61);
    expect(fused[1]!.score).toBeCloseTo(1 / 63 + 1 / 62);
    expect(fused[2]!.score).toBeCloseTo(1 / 61);
  });

  it('gives an id missing from a list nothing from that list', () => {
    const fused = rrf([ids('a'), ids('z')]);
    expect(fused).toEqual([
      { id: 'a', score: 1 / 61 },
      { id: 'z', score: 1 / 61 },
    ]);
  });

  it('breaks ties by first appearance, so the first list wins', () => {
    expect(rrf([ids('x', 'y'), ids('y', 'x')]).map((x) => x.id)).toEqual(['x', 'y']);
    expect(rrf([ids('y', 'x'), ids('x', 'y')]).map((x) => x.id)).toEqual(['y', 'x']);
  });

  it('weights lists: a heavier second list overrides the first', () => {
    expect(rrf([ids('a', 'b'), ids('b', 'a')], { weights: [1, 2] }).map((x) => x.id)).toEqual(['b', 'a']);
    // Weight 0 silences a list; its ids still appear, with score 0, after everything else.
    const fused = rrf([ids('a', 'b'), ids('c')], { weights: [1, 0] });
    expect(fused.map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(fused[2]!.score).toBe(0);
  });

  it('lets a small k favour the top ranks', () => {
    // a: rank 1 in one list; b: rank 2 in both. With k = 60 consensus wins, with k = 0 the top rank does.
    const lists = [ids('a', 'b'), ids('c', 'b', 'd', 'e', 'a')];
    expect(rrf(lists, { k: 60 })[0]!.id).toBe('b');
    expect(rrf(lists, { k: 0 })[0]!.id).toBe('a');
  });

  it('counts an id repeated within one list once, at its best rank', () => {
    expect(rrf([ids('a', 'b', 'a')])).toEqual([
      { id: 'a', score: 1 / 61 },
      { id: 'b', score: 1 / 62 },
    ]);
  });

  it('handles empty input', () => {
    expect(rrf([])).toEqual([]);
    expect(rrf([[], []])).toEqual([]);
    expect(rrf([[], ids('a')])).toEqual([{ id: 'a', score: 1 / 61 }]);
  });

  it('rejects weights that do not fit the lists', () => {
    expect(() => rrf([ids('a')], { weights: [1, 1] })).toThrow(/1 lists but 2 weights/);
    expect(() => rrf([ids('a')], { weights: [-1] })).toThrow(/≥ 0/);
    expect(() => rrf([ids('a')], { k: Number.NaN })).toThrow(/k must be/);
  });
});

describe('linearFusion', () => {
  it('min-max normalises each list, so scales do not matter', () => {
    const dense = [
      { id: 'a', score: 0.75 },
      { id: 'b', score: 0.5 },
      { id: 'c', score: 0.25 },
    ];
    const bm25 = [
      { id: 'c', score: 40 },
      { id: 'b', score: 30 },
      { id: 'x', score: 20 },
    ];
    const fused = linearFusion([dense, bm25]);
    // a: 1 + 0; b: 0.5 + 0.5; c: 0 + 1; x: 0 + 0 → a, b, c tie at 1 and keep first-seen order.
    expect(fused.map((x) => [x.id, x.score])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 1],
      ['x', 0],
    ]);
    const weighted = linearFusion([dense, bm25], { weights: [1, 3] });
    expect(weighted.map((x) => x.id)).toEqual(['c', 'b', 'a', 'x']);
    expect(weighted[0]!.score).toBeCloseTo(3);
    expect(weighted[1]!.score).toBeCloseTo(2);
  });

  it('gives every item of a flat list full credit, and skips empty lists', () => {
    expect(
      linearFusion([
        [
          { id: 'a', score: 5 },
          { id: 'b', score: 5 },
        ],
        [],
      ]),
    ).toEqual([
      { id: 'a', score: 1 },
      { id: 'b', score: 1 },
    ]);
    expect(linearFusion([])).toEqual([]);
  });

  it('rejects non-finite scores', () => {
    expect(() => linearFusion([[{ id: 'a', score: Number.NaN }]])).toThrow(/non-finite/);
  });
});
