import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { HELDOUT_LIST_PATH, HELDOUT_QUERIES_PATH, SHARED_CORPUS_PATH, TRAIN_QUERIES_PATH } from '../services/search/src/config/paths.js';
import { loadCorpus } from '../services/search/src/corpus/load-corpus.js';
import type { Corpus } from '../services/search/src/corpus/meme.js';
import { normalizeLink } from '../services/search/src/eval/query-file.js';
import { lintQueries, QUERY_STYLES, queryKey, readRawQueryRows, type RawQueryRow } from '../services/search/src/eval/query-lint.js';
import { HELDOUT_SEED, HELDOUT_SHARE, pickByHash, readHeldoutList } from '../services/search/src/eval/split.js';
import { loadSplit } from '../services/search/src/eval/team-queries.js';

/**
 * The team's hand-written queries (data/train, data/heldout) as data: in the mix the issue asks for,
 * in our own words (no run of 4 words from the meme's texts, no situation naming its meme), labelled
 * with links of the shared corpus, never twice, and split by meme exactly as data/heldout/memes.txt
 * says. The checks that need the shared corpus run where ../shared/data is (every developer machine
 * and CI); the rest run everywhere.
 */
let train: RawQueryRow[];
let heldout: RawQueryRow[];
let heldoutLinks: Set<string>;

beforeAll(async () => {
  train = await readRawQueryRows(TRAIN_QUERIES_PATH);
  heldout = await readRawQueryRows(HELDOUT_QUERIES_PATH);
  heldoutLinks = await readHeldoutList(HELDOUT_LIST_PATH);
});

describe('team queries (no corpus needed)', () => {
  it('are many, with known styles in the asked-for mix', () => {
    const all = [...train, ...heldout];
    expect(all.length).toBeGreaterThanOrEqual(8_000);
    const share = (style: string) => all.filter((r) => r.style === style).length / all.length;
    for (const r of all) expect(QUERY_STYLES).toContain(r.style);
    expect(share('situation')).toBeGreaterThanOrEqual(0.4);
    expect(share('picture')).toBeGreaterThanOrEqual(0.15);
    expect(share('typo')).toBeGreaterThanOrEqual(0.15);
    expect(share('short')).toBeGreaterThanOrEqual(0.08);
  });

  it('never repeat a query, and do not lean on one opening', () => {
    const all = [...train, ...heldout];
    const keys = all.map((r) => queryKey(r.query));
    expect(new Set(keys).size).toBe(keys.length);
    const kogda = all.filter((r) => /^когда\b/i.test(r.query.trim())).length / all.length;
    expect(kogda).toBeLessThan(1 / 3);
  });

  it('keep held-out memes and training memes in their own files', () => {
    expect(heldoutLinks.size).toBeGreaterThanOrEqual(400);
    for (const r of heldout)
      for (const link of r.relevant) expect(heldoutLinks.has(normalizeLink(link)), `${link} (heldout row ${r.row})`).toBe(true);
    for (const r of train)
      for (const link of r.relevant) expect(heldoutLinks.has(normalizeLink(link)), `${link} (train row ${r.row})`).toBe(false);
  });
});

describe.runIf(existsSync(SHARED_CORPUS_PATH))(
  'team queries against the shared corpus (skipped only where ../shared/data is absent)',
  () => {
    let corpus: Corpus;
    beforeAll(async () => {
      corpus = await loadCorpus(SHARED_CORPUS_PATH);
    });

    it('are in our own words: no copied runs of words, no situation naming its meme, every link in the corpus', () => {
      const report = lintQueries([...train, ...heldout], corpus);
      expect(report.problems.slice(0, 20)).toEqual([]);
    });

    it('cover at least 2,000 memes with at least 4 queries each', () => {
      const { perMeme } = lintQueries([...train, ...heldout], corpus);
      expect([...perMeme.values()].filter((n) => n >= 4).length).toBeGreaterThanOrEqual(2_000);
    });

    it('hold out the 20% of memes the documented rule picks, and the split loads', async () => {
      const links = corpus.memes.map((m) => m.url!);
      const expected = new Set([...pickByHash(links, HELDOUT_SEED, HELDOUT_SHARE)].map(normalizeLink));
      expect([...heldoutLinks].sort()).toEqual([...expected].sort());
      expect(heldoutLinks.size / corpus.memes.length).toBeGreaterThanOrEqual(0.2);
      const split = await loadSplit(corpus);
      const parts = [...split.parts.values()];
      expect(parts.filter((p) => p === 'heldout').length).toBe(heldoutLinks.size);
      expect(parts.filter((p) => p === 'validation').length).toBeGreaterThan(100);
    });
  },
);
