import { describe, expect, it } from 'vitest';
import { CharNgramIndex, charNgrams } from './char-ngram.index.js';

const grams = (text: string, min = 3, max = 5) => {
  const out: string[] = [];
  charNgrams(text, min, max, (g) => out.push(g));
  return out;
};

const memes = [
  { title: 'Ждун', description: 'Серое существо терпеливо ждёт в очереди' },
  { title: 'Денег нет, но вы держитесь', description: 'Ответ чиновника пенсионерке о зарплате' },
  { title: 'Кот за столом', description: 'Белый кот недоумевает за ужином' },
];

describe('charNgrams', () => {
  it('cuts each space-padded, normalised word into 3- to 5-grams', () => {
    expect(grams('Ёж', 3, 3)).toEqual([' еж', 'еж ']);
    expect(grams('кот', 3, 5)).toEqual([' ко', 'кот', 'от ', ' кот', 'кот ', ' кот ']);
  });

  it('gives a word shorter than n itself once', () => {
    expect(grams('я', 3, 5)).toEqual([' я ']);
  });
});

describe('CharNgramIndex', () => {
  const index = CharNgramIndex.build(memes);

  it('scores an exact title as a cosine close to its meme only', () => {
    const [top, second] = index.search('ждун', 3);
    expect(top!.row).toBe(0);
    expect(top!.score).toBeGreaterThan(0.1);
    expect(top!.score).toBeLessThanOrEqual(1 + 1e-6);
    expect(second?.score ?? 0).toBeLessThan(top!.score / 2);
  });

  it('matches through inflection and typos', () => {
    expect(index.search('денег нетт но вы держитес', 1)[0]!.row).toBe(1);
    expect(index.search('котик за столиком', 1)[0]!.row).toBe(2);
  });

  it('returns nothing for text it shares no n-gram with, and a zeroed buffer', () => {
    expect(index.search('qqqxxx', 3)).toEqual([]);
    expect([...index.scoreAll('qqqxxx')].every((s) => s === 0)).toBe(true);
  });

  it('counts unknown n-grams in the query norm: mostly-unknown text scores lower than the clean query', () => {
    const clean = index.search('ждун', 1)[0]!.score;
    const noisy = index.search('ждун zzzzzz yyyyyyy', 1)[0]!.score;
    expect(noisy).toBeLessThan(clean);
  });

  it('reuses one buffer and fully resets it between queries', () => {
    index.scoreAll('ждун');
    const s = index.scoreAll('кот за столом');
    expect(s[0]).toBeCloseTo(index.scoreAll('кот за столом')[0]!);
    expect(index.search('кот за столом', 3)[0]!.row).toBe(2);
  });
});
