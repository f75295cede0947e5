import { describe, expect, it } from 'vitest';
import { emptyMeaningReason, normalizeWhitespace, slugFromUrl } from './text-clean.js';

describe('corpus cleaning rules', () => {
  it('normalises nbsp, tabs and newlines to single spaces', () => {
    expect(normalizeWhitespace('\u00a0Мем\u00a0 «Ждун»\n\n– это\tскульптура ')).toBe('Мем «Ждун» – это скульптура');
  });

  it('drops the meanings the original notebook dropped, saying why', () => {
    expect(emptyMeaningReason('Галерея')).toMatch(/Галерея/);
    expect(emptyMeaningReason('\u00a0')).toMatch(/whitespace/);
    expect(emptyMeaningReason('')).toMatch(/empty/);
    expect(emptyMeaningReason('Галерея мемов про котов')).toBeUndefined();
  });

  it('makes stable ids from memepedia links', () => {
    expect(slugFromUrl('https://memepedia.ru/zhdun/')).toBe('zhdun');
    expect(slugFromUrl('https://memepedia.ru/eto-fiasko-bratan')).toBe('eto-fiasko-bratan');
    expect(slugFromUrl('https://example.org/memes/%D0%BA%D0%BE%D1%82/')).toMatch(/^u-[0-9a-f]{10}$/);
    expect(slugFromUrl('not a url')).toBeUndefined();
  });
});
