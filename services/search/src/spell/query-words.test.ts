import { describe, expect, it } from 'vitest';
import { matchCase, queryWords } from './query-words.js';

const words = (q: string) => queryWords(q).map((w) => (w.quoted ? `"${w.text}"` : w.text));

describe('queryWords', () => {
  it('finds words with their positions', () => {
    const [a, b] = queryWords('ну,  лан');
    expect(a).toEqual({ text: 'ну', start: 0, end: 2, quoted: false });
    expect(b).toEqual({ text: 'лан', start: 5, end: 8, quoted: false });
  });

  it('marks words inside any kind of quotes', () => {
    expect(words('мем «ето фиаско» братан')).toEqual(['мем', '"ето"', '"фиаско"', 'братан']);
    expect(words('мем "ето" и “нильзя” и „падажди“')).toEqual(['мем', '"ето"', 'и', '"нильзя"', 'и', '"падажди"']);
  });

  it('treats an unclosed quote as quoting the rest', () => {
    expect(words('кот "ето фиаско')).toEqual(['кот', '"ето"', '"фиаско"']);
  });
});

describe('matchCase', () => {
  it('copies lower, capitalised and upper case', () => {
    expect(matchCase('нильзя', 'нельзя')).toBe('нельзя');
    expect(matchCase('Нильзя', 'нельзя')).toBe('Нельзя');
    expect(matchCase('НИЛЬЗЯ', 'нельзя')).toBe('НЕЛЬЗЯ');
    expect(matchCase('ЕТО', 'это')).toBe('ЭТО');
  });
});
