import { z } from 'zod';
import { ConfigError } from '../errors.js';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Every environment variable the Telegram adapter reads, validated once. */
const EnvSchema = z
  .object({
    /** From @BotFather. A secret: never logged, never echoed in an error. */
    TELEGRAM_BOT_TOKEN: z
      .string({ error: (i) => (i.input === undefined ? 'is required: the token @BotFather gave for the bot' : 'must be a string') })
      .regex(/^\d{3,}:[A-Za-z0-9_-]{30,}$/, 'must look like 123456789:AAE… (the token @BotFather gave)'),
    /** Bot API server; tests point it at a fake, self-hosted Bot API servers work too. */
    TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/ }).default('https://api.telegram.org'),
    /** host:port of the memesearch gRPC search service. */
    SEARCH_ADDRESS: z.string().min(1).default('127.0.0.1:50051'),
    /** Deadline of each gRPC call; past it the user is told the search is slow. */
    SEARCH_DEADLINE_MS: int(100, 120_000).default(5000),
    /** Results per message search (and per «Ещё» page). */
    TELEGRAM_RESULTS: int(1, 10).default(3),
    /** Results per inline answer page. */
    TELEGRAM_INLINE_RESULTS: int(1, 50).default(10),
    /** How long Telegram may cache an inline answer (seconds). */
    TELEGRAM_INLINE_CACHE_SECONDS: int(0, 86_400).default(300),
    /** Token bucket per user: this many searches at once… */
    TELEGRAM_RATE_BURST: int(1, 1000).default(5),
    /** …refilled at this many per minute. */
    TELEGRAM_RATE_PER_MINUTE: int(1, 60_000).default(20),
    /** Longest one update may be handled before it is given up (and logged). */
    TELEGRAM_HANDLER_TIMEOUT_MS: int(1000, 600_000).default(30_000),
    /** Searches remembered for «Ещё» and 👍/👎 (LRU entries). */
    TELEGRAM_STATE_SIZE: int(100, 10_000_000).default(10_000),
    /** Public https URL Telegram posts updates to; unset = long polling. Its path is served. */
    TELEGRAM_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** Required with TELEGRAM_WEBHOOK_URL: Telegram sends it in X-Telegram-Bot-Api-Secret-Token. */
    TELEGRAM_WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16–256 characters of A-Z, a-z, 0-9, _ and -')
      .optional(),
    TELEGRAM_WEBHOOK_HOST: z.string().min(1).default('0.0.0.0'),
    TELEGRAM_WEBHOOK_PORT: int(0, 65535).default(8443),
    /** How long SIGTERM waits for updates in progress. */
    SHUTDOWN_GRACE_MS: int(0, 600_000).default(10_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'is required when TELEGRAM_WEBHOOK_URL is set' });
    }
  });

export type TelegramConfig = z.infer<typeof EnvSchema>;

/** Names of all variables the schema knows (deployment files are checked against it). */
export const TELEGRAM_ENV_KEYS: readonly string[] = Object.keys(EnvSchema.shape);

/**
 * Parses the environment once. A bad variable is named with what is wrong; its value is never
 * printed (the token and the webhook secret are secrets).
 */
export function loadTelegramConfig(env: NodeJS.ProcessEnv = process.env): TelegramConfig {
  // An empty variable means "not set" (compose files and shells produce them).
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}
