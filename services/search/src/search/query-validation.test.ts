import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { MAX_QUERY_CHARS, normalizeQuery } from './query-validation.js';

describe('normalizeQuery', () => {
  it('collapses whitespace and trims', () => {
    expect(normalizeQuery('  когда\n\n  дедлайн\t завтра ')).toBe('когда дедлайн завтра');
  });

  it.each([
    ['', /empty/],
    ['   \n\t ', /empty/],
    ['a'.repeat(MAX_QUERY_CHARS + 1), /too long: 1001 characters, the limit is 1000/],
    ['кот\u0000', /control characters/],
    ['кот\ud800', /lone UTF-16 surrogate/],
  ])('rejects %j with a clear message', (raw, message) => {
    expect(() => normalizeQuery(raw)).toThrow(InvalidInputError);
    expect(() => normalizeQuery(raw)).toThrow(message);
  });

  it('counts characters, not UTF-16 units: 1000 emoji are allowed', () => {
    expect(normalizeQuery('😂'.repeat(MAX_QUERY_CHARS))).toHaveLength(2 * MAX_QUERY_CHARS);
  });
});
