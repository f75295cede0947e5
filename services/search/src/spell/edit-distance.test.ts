import { describe, expect, it } from 'vitest';
import { weightedDistance } from './edit-distance.js';

describe('weightedDistance', () => {
  it('is 0 for equal words and 1 for a plain edit', () => {
    expect(weightedDistance('кот', 'кот')).toBe(0);
    expect(weightedDistance('кот', 'кит')).toBe(1); // substitution
    expect(weightedDistance('доктр', 'доктор')).toBe(1); // insertion
    expect(weightedDistance('котт', 'кот')).toBe(0.5); // a doubled letter is cheap, see below
    expect(weightedDistance('ктоы', 'кто')).toBe(1); // deletion
    expect(weightedDistance('окт', 'кот')).toBe(1); // adjacent transposition
  });

  it('charges half for the swaps and omissions Russian writers make', () => {
    expect(weightedDistance('ето', 'это')).toBe(0.5);
    expect(weightedDistance('падажди', 'подожди')).toBe(1);
    expect(weightedDistance('втираеш', 'втираешь')).toBe(0.5);
    expect(weightedDistance('максвел', 'максвелл')).toBe(0.5);
    expect(weightedDistance('дирижитесь', 'держитесь')).toBe(1.5);
  });

  it('is symmetric', () => {
    for (const [a, b] of [
      ['падажди', 'подожди'],
      ['максвел', 'максвелл'],
      ['абв', 'бав'],
    ] as const)
      expect(weightedDistance(a, b)).toBe(weightedDistance(b, a));
  });

  it('gives up past the limit', () => {
    expect(weightedDistance('кот', 'собака', 2)).toBe(Infinity);
    expect(weightedDistance('кот', 'кит', 1)).toBe(1);
    expect(weightedDistance('кот', 'кит', 0.5)).toBe(Infinity);
    expect(weightedDistance('', 'кот')).toBe(3);
  });
});
