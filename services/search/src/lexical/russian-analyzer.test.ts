import { describe, expect, it } from 'vitest';
import { analyze, normalizeWord, termsOfWord, tokenizeWords } from './russian-analyzer.js';

const shared = (a: string, b: string) => analyze(a).some((t) => analyze(b).includes(t));

describe('russian analyzer', () => {
  it('splits on anything but letters and digits, lower-cases, and folds ё into е', () => {
    expect(tokenizeWords('Ёжик в тумане — 1975, «Союзмультфильм»!')).toEqual(['ежик', 'в', 'тумане', '1975', 'союзмультфильм']);
    expect(tokenizeWords('Stonks/СТОНКС')).toEqual(['stonks', 'стонкс']);
    expect(tokenizeWords('  ,.!  ')).toEqual([]);
  });

  it('treats decomposed letters and stress marks as the word they spell', () => {
    // «й» as и + combining breve, «ё» as е + diaeresis, and a stress mark over «о».
    expect(normalizeWord('мои\u0306')).toBe('мой');
    expect(normalizeWord('Е\u0308ж')).toBe('еж');
    expect(tokenizeWords('ко\u0301т')).toEqual(['кот']);
  });

  it('lets inflected and diminutive forms meet: котики, котов, кот', () => {
    expect(termsOfWord('котов')).toEqual(['кот']);
    expect(termsOfWord('коты')).toEqual(['кот']);
    expect(termsOfWord('котики')).toEqual(['котик', 'кот']);
    expect(shared('котики', 'кот')).toBe(true);
    expect(shared('котов', 'котики')).toBe(true);
    expect(shared('кот', 'кит')).toBe(false);
  });

  it('keeps short words ending in -ик whole', () => {
    expect(termsOfWord('крик')).toEqual(['крик']);
    expect(termsOfWord('шик')).toEqual(['шик']);
  });

  it('matches ё and е spellings', () => {
    expect(analyze('ёжик')).toEqual(analyze('ежик'));
    expect(analyze('пришёл')).toEqual(analyze('пришел'));
  });

  it('drops stop words but keeps negations', () => {
    expect(analyze('и в на это что')).toEqual([]);
    expect(analyze('денег нет, но вы держитесь')).toEqual([...termsOfWord('денег'), 'нет', ...termsOfWord('держитесь')]);
    expect(analyze('не могу')).toContain('не');
  });

  it('passes latin words and numbers through unstemmed', () => {
    expect(analyze('doge 2007')).toEqual(['doge', '2007']);
  });
});
