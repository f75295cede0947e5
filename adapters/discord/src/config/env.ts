import { z } from 'zod';
import { ConfigError } from '../errors.js';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Every environment variable the Discord adapter reads, validated once. */
const EnvSchema = z.object({
  /** Bot token from the Developer Portal (Bot → Reset Token). A secret: never logged, never echoed. */
  DISCORD_TOKEN: z
    .string({ error: (i) => (i.input === undefined ? 'is required: the bot token from the Discord Developer Portal' : 'must be a string') })
    .regex(/^[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$/, 'must look like a bot token (three dot-separated parts)'),
  /** The application id (a snowflake) from the Developer Portal's General Information page. */
  DISCORD_APPLICATION_ID: z
    .string({
      error: (i) => (i.input === undefined ? 'is required: the application id from the Discord Developer Portal' : 'must be a string'),
    })
    .regex(/^\d{15,21}$/, 'must be a snowflake (15–21 digits)'),
  /** REST API base; tests point it at a fake. */
  DISCORD_API: z.url({ protocol: /^https?$/ }).default('https://discord.com/api'),
  /** host:port of the memesearch gRPC search service. */
  SEARCH_ADDRESS: z.string().min(1).default('127.0.0.1:50051'),
  /** Deadline of each gRPC call; past it the user is told the search is slow. */
  SEARCH_DEADLINE_MS: int(100, 120_000).default(5000),
  /** Results of /meme when `count` is not given (1–5). */
  DISCORD_RESULTS: int(1, 5).default(3),
  /**
   * Discord drops an interaction not answered within 3 s. A search still running after this long
   * is deferred ("thinking…") and its result edited in later.
   */
  DISCORD_DEFER_AFTER_MS: int(0, 2500).default(1500),
  /** Token bucket per user: this many searches at once… */
  DISCORD_RATE_BURST: int(1, 1000).default(5),
  /** …refilled at this many per minute. */
  DISCORD_RATE_PER_MINUTE: int(1, 60_000).default(20),
  /** Searches remembered for «Ещё» (LRU entries). */
  DISCORD_STATE_SIZE: int(100, 10_000_000).default(10_000),
  /** How long SIGTERM waits for interactions in progress. */
  SHUTDOWN_GRACE_MS: int(0, 600_000).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type DiscordConfig = z.infer<typeof EnvSchema>;

/** Names of all variables the schema knows (deployment files are checked against it). */
export const DISCORD_ENV_KEYS: readonly string[] = Object.keys(EnvSchema.shape);

/** Parses the environment once. A bad variable is named with what is wrong; its value is never printed. */
export function loadDiscordConfig(env: NodeJS.ProcessEnv = process.env): DiscordConfig {
  // An empty variable means "not set" (compose files and shells produce them).
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}
