import { z } from 'zod';
import { UserError } from '../../errors.js';
import { isoDate } from './page-values.js';
import { DEFAULT_USER_AGENT } from './user-agent.js';

const number = (min: number, max: number, what: string) =>
  z.coerce.number({ error: `must be ${what}` }).refine((n) => Number.isFinite(n) && n >= min && n <= max, `must be ${what}`);
const integer = (min: number, max: number) =>
  number(min, max, `an integer from ${min} to ${max}`).refine(Number.isInteger, `must be an integer from ${min} to ${max}`);

/**
 * The crawler's settings with their defaults, parsed from the CLI's strings (or a caller's values).
 * The defaults are the polite ones: one request a second, a 20 s deadline, four retries.
 */
export const CrawlOptionsSchema = z
  .object({
    out: z.string().min(1).default('memepedia.jsonl'),
    /** Default: `<out>.checkpoint.json`. */
    checkpoint: z.string().min(1).optional(),
    /** Only memes listed (or published) on or after this day; listed known memes this new are fetched again. */
    since: z
      .string()
      .refine((s) => isoDate(s) === s, 'must be a date as YYYY-MM-DD')
      .nullable()
      .default(null),
    /** At most this many meme pages fetched in this run. */
    max: integer(1, 1_000_000).nullable().default(null),
    /** Requests per second (all of them: robots.txt, listing, memes, retries). */
    rate: number(0.01, 50, 'a number of requests per second from 0.01 to 50').default(1),
    baseUrl: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .transform((u) => new URL(u).origin)
      .default('https://memepedia.ru'),
    /** The listing to walk; its pages follow as /page/N/. */
    listPath: z.string().startsWith('/', 'must start with "/"').default('/memoteka/'),
    userAgent: z.string().trim().min(1, 'must not be empty').default(DEFAULT_USER_AGENT),
    timeoutMs: integer(100, 600_000).default(20_000),
    retries: integer(0, 10).default(4),
    retryMinDelayMs: integer(0, 600_000).default(1_000),
    retryMaxDelayMs: integer(0, 3_600_000).default(60_000),
    maxRetryAfterMs: integer(0, 3_600_000).default(300_000),
  })
  .transform((o) => ({ ...o, checkpoint: o.checkpoint ?? `${o.out}.checkpoint.json` }));

export type CrawlOptions = z.output<typeof CrawlOptionsSchema>;

/** Option keys as the CLI spells them, for error messages. */
const FLAGS: Record<string, string> = {
  baseUrl: '--base-url',
  userAgent: '--user-agent',
  timeoutMs: '--timeout',
  listPath: '--list-path',
};

/** Parses and defaults crawler options; a bad value is a UserError naming the option. */
export function parseCrawlOptions(raw: Record<string, unknown>): CrawlOptions {
  const parsed = CrawlOptionsSchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = String(issue.path[0] ?? '');
  const value = raw[key];
  throw new UserError(`${FLAGS[key] ?? `--${key}`} ${JSON.stringify(value)}: ${issue.message}`);
}
