import { mkdtempSync, openSync, rmSync, writeSync, closeSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../services/search/src/config/env.js';
import { getModelSpec } from '../services/search/src/model/manifest.js';
import { modelDir } from '../services/search/src/model/model-cache.js';
import { fetchModel } from '../services/search/src/model/model-fetcher.js';
import { requireModel } from './helpers/model.js';

/** The fetch pipeline (staging, checksums, idempotency) through the local source, on the real files. */
let config: Config;
let realDir: string;
let cache: string;
const spec = getModelSpec('e5-small');

beforeAll(async () => {
  realDir = modelDir((await requireModel()).MEMESEARCH_CACHE_DIR, spec);
  cache = mkdtempSync(join(tmpdir(), 'memesearch-fetch-'));
  config = loadConfig({ ...process.env, MEMESEARCH_CACHE_DIR: cache });
});
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe('model fetch', () => {
  it('copies from a local folder, records hashes, and keeps verified files on the next call', async () => {
    const first = await fetchModel(spec, config, { sources: ['local'], localDir: realDir });
    expect(first.cached).toBe(false);
    expect(first.record.sha256.model).toBe(spec.sources.pypi!.sha256.model);
    const second = await fetchModel(spec, config, { sources: ['local'], localDir: realDir });
    expect(second.cached).toBe(true);
    // No staging leftovers.
    expect(readdirSync(join(cache, 'models')).filter((f) => f.startsWith('.staging'))).toEqual([]);
  });

  it('fetches again when a cached file was damaged', async () => {
    const modelFile = join(modelDir(cache, spec), 'model.onnx');
    const fd = openSync(modelFile, 'r+');
    writeSync(fd, Buffer.from('damaged'), 0, 7, 1000);
    closeSync(fd);
    const again = await fetchModel(spec, config, { sources: ['local'], localDir: realDir });
    expect(again.cached).toBe(false);
    expect(again.record.sha256.model).toBe(spec.sources.pypi!.sha256.model);
  });

  it('leaves nothing behind when every source fails', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'memesearch-empty-'));
    const other = loadConfig({ ...process.env, MEMESEARCH_CACHE_DIR: join(empty, 'cache') });
    try {
      await expect(fetchModel(spec, other, { sources: ['local'], localDir: empty })).rejects.toThrow(/has no tokenizer\.json/);
      expect(existsSync(modelDir(other.MEMESEARCH_CACHE_DIR, spec))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
