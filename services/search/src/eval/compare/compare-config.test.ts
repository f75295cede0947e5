import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPARE, parseCompareConfig } from './compare-config.js';

describe('parseCompareConfig', () => {
  it('reads a model and switches', () => {
    expect(parseCompareConfig('tuned+lex+exp+spell')).toEqual({
      name: 'tuned+lex+exp+spell',
      model: 'tuned',
      fusion: 'linear',
      expansion: true,
      spell: true,
    });
    expect(parseCompareConfig('e5+rrf')).toMatchObject({ model: 'base', fusion: 'rrf', expansion: false, spell: false });
  });

  it('rejects unknown models, unknown or repeated switches and two fusions', () => {
    expect(() => parseCompareConfig('bert')).toThrow(/start with e5/);
    expect(() => parseCompareConfig('e5+fast')).toThrow(/unknown switch "fast"/);
    expect(() => parseCompareConfig('e5+lex+lex')).toThrow(/twice/);
    expect(() => parseCompareConfig('e5+lex+rrf')).toThrow(/one of lex and rrf/);
  });

  it('parses every default configuration', () => {
    for (const name of DEFAULT_COMPARE) expect(parseCompareConfig(name).name).toBe(name);
  });
});
