import { InvalidInputError } from '../errors.js';

export const MAX_QUERY_CHARS = 1000;

// C0/C1 control characters other than tab and line breaks (which are whitespace to us).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * Turns raw user input into the query text we embed, or says clearly why it can't be one.
 * Whitespace is collapsed so "  кот\n\n" and "кот" are the same query (and the same cache key).
 */
export function normalizeQuery(raw: string, maxChars = MAX_QUERY_CHARS): string {
  if (!raw.isWellFormed()) throw new InvalidInputError('query contains a lone UTF-16 surrogate (broken text encoding)');
  if (CONTROL.test(raw)) throw new InvalidInputError('query contains control characters');
  const query = raw.replace(/\s+/g, ' ').trim();
  if (query === '') throw new InvalidInputError('query is empty: describe a situation, e.g. «когда дедлайн завтра, а ты ещё не начинал»');
  const length = [...query].length;
  if (length > maxChars) throw new InvalidInputError(`query is too long: ${length} characters, the limit is ${maxChars}`);
  return query;
}
