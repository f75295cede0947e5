import { existsSync } from 'node:fs';
import { mkdtempSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../services/search/src/config/env.js';
import { getModelSpec } from '../../services/search/src/model/manifest.js';
import { modelDir, readFetchRecord } from '../../services/search/src/model/model-cache.js';

/** The model the service uses by default (MEMESEARCH_MODEL): what tests expect to see served. */
export const DEFAULT_MODEL = loadConfig().MEMESEARCH_MODEL;

/**
 * The real model must be fetched for integration tests. When it is not, they fail (never skip)
 * with the command that fixes it.
 */
export async function requireModel(config: Config = loadConfig()): Promise<Config> {
  const spec = getModelSpec(config.MEMESEARCH_MODEL);
  const dir = modelDir(config.MEMESEARCH_CACHE_DIR, spec);
  if (!(await readFetchRecord(dir, spec))) {
    throw new Error(
      `model ${spec.id} is not fetched (${dir}). Run \`npm run setup\` or \`npx memesearch model fetch\` first; \`npm test\` does it for you.`,
    );
  }
  return config;
}

/**
 * A private cache directory for one test file (its own index artifacts), sharing the real model
 * files through a symlink so nothing big is copied.
 */
export async function isolatedCache(): Promise<{ config: Config; dir: string; cleanup: () => void }> {
  const base = await requireModel();
  const dir = mkdtempSync(join(tmpdir(), 'memesearch-test-'));
  mkdirSync(join(dir, 'models'));
  const spec = getModelSpec(base.MEMESEARCH_MODEL);
  const real = modelDir(base.MEMESEARCH_CACHE_DIR, spec);
  if (existsSync(real)) symlinkSync(real, join(dir, 'models', spec.id));
  const config = loadConfig({ ...process.env, MEMESEARCH_CACHE_DIR: dir });
  return { config, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
