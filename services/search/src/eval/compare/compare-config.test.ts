import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPARE, parseCompareConfig } from './compare-config.js';

describe('parseCompareConfig', () => {
  it('reads a model and switches', () => {
    expect(parseCompareConfig('tuned+char+bm25+spell')).toEqual({
      name: 'tuned+char+bm25+spell',
      model: 'tuned',
      lexical: ['char', 'bm25'],
      fusion: 'linear',
      spell: true,
    });
    expect(parseCompareConfig('e5+char+rrf')).toMatchObject({ model: 'base', lexical: ['char'], fusion: 'rrf', spell: false });
    expect(parseCompareConfig('tuned8')).toMatchObject({ model: 'tuned8', lexical: [], fusion: 'none' });
  });

  it('rejects unknown models, unknown or repeated switches and rrf without a lexical scorer', () => {
    expect(() => parseCompareConfig('bert')).toThrow(/start with e5/);
    expect(() => parseCompareConfig('e5+fast')).toThrow(/unknown switch "fast"/);
    expect(() => parseCompareConfig('e5+char+char')).toThrow(/twice/);
    expect(() => parseCompareConfig('e5+rrf')).toThrow(/rrf needs a lexical scorer/);
  });

  it('parses every default configuration', () => {
    for (const name of DEFAULT_COMPARE) expect(parseCompareConfig(name).name).toBe(name);
  });
});
