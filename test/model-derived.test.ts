import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../services/search/src/config/env.js';
import { getModelSpec } from '../services/search/src/model/manifest.js';
import { modelDir } from '../services/search/src/model/model-cache.js';
import { sha256File } from '../services/search/src/util/sha256.js';
import { cli } from './helpers/cli.js';
import { requireModel } from './helpers/model.js';

/**
 * The fine-tuned model is "derived": the base e5-small (fetched as usual) plus the LoRA delta
 * committed in models/finetuned, merged by models/training/apply_delta.py. A clone gets it with one
 * `model fetch`, and it must come out as the exact bytes the manifest names.
 */
const spec = getModelSpec('e5-small-memes');
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const base = await requireModel(loadConfig({ ...process.env, MEMESEARCH_MODEL: 'e5-small' }));
  dir = mkdtempSync(join(tmpdir(), 'memesearch-derived-'));
  mkdirSync(join(dir, 'models'));
  // The base model is shared through a symlink: only the merge runs here, not the PyPI download.
  symlinkSync(modelDir(base.MEMESEARCH_CACHE_DIR, getModelSpec('e5-small')), join(dir, 'models', 'e5-small'));
  env = { MEMESEARCH_CACHE_DIR: dir, MEMESEARCH_MODEL: 'e5-small-memes' };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('derived model source', () => {
  it('builds e5-small-memes from the base model and the committed delta, with the manifest checksum', async () => {
    const r = await cli(['model', 'fetch', 'e5-small-memes', '--source', 'derived'], env, 300_000);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/fetched: e5-small-memes from derived/);
    const files = modelDir(dir, spec);
    expect(existsSync(join(files, 'tokenizer.json'))).toBe(true);
    const want = spec.sources.derived!.sha256.model;
    expect(want).toMatch(/^[0-9a-f]{64}$/);
    expect(await sha256File(join(files, 'model.onnx'))).toBe(want);
    expect(JSON.parse(readFileSync(join(files, 'source.json'), 'utf8'))).toMatchObject({ modelId: 'e5-small-memes', source: 'derived' });
  });

  it('searches with the fine-tuned model', async () => {
    const r = await cli(['search', 'когда жду ответа уже неделю', '-k', '3', '--json'], env, 300_000);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { model: string; results: Array<{ id: string }> };
    expect(out.model).toBe('e5-small-memes');
    expect(out.results).toHaveLength(3);
  });
});
