import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../services/search/src/config/env.js';
import { openEngine, type Engine } from '../services/search/src/engine.js';
import { IndexMismatchError, InvalidInputError } from '../services/search/src/errors.js';
import { dot } from '../services/search/src/encoder/pooling.js';
import { EXAM_QUERY, STUDY_MEMES } from './helpers/builtin.js';
import { DEFAULT_MODEL, isolatedCache } from './helpers/model.js';

/** The real model on the built-in corpus, with index artifacts in a private cache directory. */
let config: Config;
let cleanup: () => void;
let engine: Engine;

beforeAll(async () => {
  ({ config, cleanup } = await isolatedCache());
  engine = await openEngine(config);
});
afterAll(async () => {
  await engine?.close();
  cleanup?.();
});

describe('search engine on the built-in corpus', () => {
  it('built an index of every built-in meme', () => {
    expect(engine.built).toBe(true);
    expect(engine.artifact.meta).toMatchObject({ modelId: DEFAULT_MODEL, dimension: 384, count: engine.corpus.memes.length });
    expect(engine.corpus.memes.length).toBeGreaterThanOrEqual(150);
  });

  it('finds an exam meme for a sleepless night before a cancelled exam', async () => {
    const [top] = await engine.core.search(EXAM_QUERY, 3);
    expect(STUDY_MEMES).toContain(top!.meme.id);
  });

  it('finds a meme by a description of its picture', async () => {
    const hits = await engine.core.search('серое существо сидит и терпеливо ждёт', 3);
    expect(hits.map((h) => h.meme.id)).toContain('zhdun');
  });

  it('ranks best first', async () => {
    const hits = await engine.core.search('понедельник, снова на работу', 10);
    expect(hits).toHaveLength(10);
    const scores = hits.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('embeds the same text the same way alone and inside a padded batch', async () => {
    const texts = ['кот', 'когда начальник пишет в пятницу вечером и просит срочно всё переделать к понедельнику', 'ждун'];
    const batch = await engine.encoder.embed(texts, 'query');
    for (const [i, t] of texts.entries()) {
      const [alone] = await engine.encoder.embed([t], 'query');
      expect(dot(alone!, batch[i]!)).toBeGreaterThan(0.9999);
    }
  });

  it('rejects bad queries with a clear error', async () => {
    await expect(engine.core.search('   ', 3)).rejects.toThrow(InvalidInputError);
    await expect(engine.core.search('x'.repeat(100_000), 3)).rejects.toThrow(/too long: 100000 characters/);
  });

  it('reuses the current index when corpus and model are unchanged', async () => {
    const again = await openEngine(config);
    try {
      expect(again.built).toBe(false);
      expect(again.artifact.meta.version).toBe(engine.artifact.meta.version);
    } finally {
      await again.close();
    }
  });

  it('refuses an index built with other model weights, naming the problem', async () => {
    const meta = join(engine.artifact.dir, 'meta.json');
    const original = readFileSync(meta, 'utf8');
    const { readArtifact } = await import('../services/search/src/index/index-artifact.js');
    try {
      writeFileSync(meta, JSON.stringify({ ...JSON.parse(original), modelId: 'e5-large', dimension: 1024 }));
      await expect(readArtifact(engine.artifact.dir, engine.identity)).rejects.toThrow(IndexMismatchError);
      await expect(readArtifact(engine.artifact.dir, engine.identity)).rejects.toThrow(
        new RegExp(`built with model e5-large \\(1024 dims\\) but the encoder is ${DEFAULT_MODEL} \\(384 dims\\)`),
      );
      writeFileSync(meta, JSON.stringify({ ...JSON.parse(original), modelSha256: 'f'.repeat(64) }));
      await expect(readArtifact(engine.artifact.dir, engine.identity)).rejects.toThrow(new RegExp(`other weights of ${DEFAULT_MODEL} `));
    } finally {
      writeFileSync(meta, original);
    }
  });

  it('refuses a corrupt index file instead of crashing', async () => {
    const faissFile = join(engine.artifact.dir, 'index.faiss');
    const original = readFileSync(faissFile);
    const { readArtifact } = await import('../services/search/src/index/index-artifact.js');
    try {
      writeFileSync(faissFile, original.subarray(0, 100));
      await expect(readArtifact(engine.artifact.dir, engine.identity)).rejects.toThrow(/cannot read index\.faiss|inconsistent/);
    } finally {
      writeFileSync(faissFile, original);
    }
  });
});
