import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../services/search/src/config/env.js';
import { dot } from '../services/search/src/encoder/pooling.js';
import { openEngine, type Engine } from '../services/search/src/engine.js';
import { isolatedCache } from './helpers/model.js';

/** The shipped default (README, "Search quality"). */
const DEFAULT_LEXICAL = [{ kind: 'bm25', weight: 0.05 }];

/**
 * The ranking pipeline `search` and `serve` use, on the real model and built-in corpus: by default
 * dense + lexical (linear fusion), with SEARCH_FUSION=none plain cosine similarity.
 */
let hybrid: Engine;
let dense: Engine;
let config: Config;
let cleanup: () => void;

beforeAll(async () => {
  ({ config, cleanup } = await isolatedCache());
  hybrid = await openEngine(config);
  dense = await openEngine(loadConfig({ ...process.env, MEMESEARCH_CACHE_DIR: config.MEMESEARCH_CACHE_DIR, SEARCH_FUSION: 'none' }));
});
afterAll(async () => {
  await hybrid?.close();
  await dense?.close();
  cleanup?.();
});

const cosine = async (engine: Engine, query: string, memeText: string) => {
  const [q] = await engine.encoder.embed([query], 'query');
  const [p] = await engine.encoder.embed([memeText], 'passage');
  return dot(q!, p!);
};

describe('ranking pipeline', () => {
  it('defaults to linear fusion with the weights fitted on the validation memes', () => {
    expect(config.SEARCH_FUSION).toBe('linear');
    expect(config.SEARCH_LEXICAL).toEqual(DEFAULT_LEXICAL);
    expect(config.SEARCH_SPELL).toBe(false);
  });

  it('without fusion, scores are the cosine similarities', async () => {
    const [top] = await dense.core.search('серое существо терпеливо ждёт', 1);
    const expected = await cosine(dense, 'серое существо терпеливо ждёт', `${top!.meme.title}. ${top!.meme.description}`);
    expect(top!.score).toBeCloseTo(expected, 4);
  });

  it('with fusion, a meme whose words the query names gets at most the lexical weights on top of its cosine', async () => {
    const query = 'ждун';
    const fused = await hybrid.core.search(query, 10);
    const plain = new Map((await dense.core.search(query, hybrid.artifact.memes.length)).map((h) => [h.meme.id, h.score]));
    const bonuses = fused.map((h) => h.score - plain.get(h.meme.id)!);
    const most = config.SEARCH_LEXICAL.reduce((s, c) => s + c.weight, 0);
    for (const b of bonuses) {
      expect(b).toBeGreaterThanOrEqual(-1e-6);
      expect(b).toBeLessThanOrEqual(most + 1e-6);
    }
    expect(fused[0]!.meme.id).toBe('zhdun');
    expect(bonuses[0]).toBeGreaterThan(0); // the meme the query names gets a lexical bonus
  });

  it('names a bad ranking setting', () => {
    expect(() => loadConfig({ SEARCH_FUSION: 'bm25' })).toThrow(/SEARCH_FUSION/);
    expect(() => loadConfig({ SEARCH_LEXICAL: 'char:-1' })).toThrow(/SEARCH_LEXICAL/);
    expect(() => loadConfig({ SEARCH_LEXICAL: 'tfidf:0.3' })).toThrow(/SEARCH_LEXICAL/);
    expect(loadConfig({ SEARCH_LEXICAL: 'char:0.3,bm25:0.05' }).SEARCH_LEXICAL).toEqual([
      { kind: 'char', weight: 0.3 },
      { kind: 'bm25', weight: 0.05 },
    ]);
  });
});
