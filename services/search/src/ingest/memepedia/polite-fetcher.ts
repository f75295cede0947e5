import pRetry, { AbortError } from 'p-retry';
import { CrawlAbortedError } from './crawl-aborted.error.js';
import { absoluteUrl, sameOrigin } from './page-values.js';
import type { RateLimiter } from './rate-limiter.js';
import { parseRetryAfter } from './retry-after.js';

export interface FetcherOptions {
  userAgent: string;
  /** Per request, body included: a page that trickles in is cut and retried like a dead one. */
  timeoutMs: number;
  /** Retries after the first attempt, for network errors, timeouts and 5xx; and how many 429s we sit out. */
  retries: number;
  /** First backoff delay; it doubles each retry, times a random factor of 1–2 (jitter). */
  retryMinDelayMs: number;
  retryMaxDelayMs: number;
  /** A 429 asking for a longer pause than this stops the crawl (to be rerun later) rather than stall it. */
  maxRetryAfterMs: number;
}

export interface FetchStats {
  requests: number;
  retries: number;
  rateLimitWaits: number;
  rateLimitWaitMs: number;
}

export type FetchOutcome =
  | { kind: 'response'; url: string; status: number; contentType: string; body: string }
  | { kind: 'disallowed'; url: string }
  | { kind: 'failed'; url: string; reason: string };

interface RawResponse {
  status: number;
  contentType: string;
  location: string | null;
  retryAfter: string | null;
  body: string;
}

const MAX_REDIRECTS = 5;

/** Worth another try: the network, a timeout, a 5xx. */
class TransientError extends Error {}

/**
 * Every request the crawler makes goes through here: one rate limiter, robots.txt checked before
 * each request (redirect targets included), retries with exponential backoff and jitter, 429
 * Retry-After honoured for all later requests, a deadline per request. A 4xx other than 429 is an
 * answer, not a failure: the caller decides what a 404 means.
 */
export class PoliteFetcher {
  readonly stats: FetchStats = { requests: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 };
  /** Replaced once robots.txt is read (robots.txt itself is always allowed). */
  isAllowed: (url: string) => boolean = () => true;

  constructor(
    private readonly limiter: RateLimiter,
    private readonly options: FetcherOptions,
  ) {}

  async get(url: string): Promise<FetchOutcome> {
    let current = url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (!this.isAllowed(current)) return { kind: 'disallowed', url: current };
      let res: RawResponse;
      try {
        res = await this.request(current);
      } catch (err) {
        if (err instanceof CrawlAbortedError) throw err;
        return { kind: 'failed', url: current, reason: (err as Error).message };
      }
      if (res.status >= 300 && res.status < 400 && res.location !== null) {
        const next = absoluteUrl(res.location, current);
        if (!next || !sameOrigin(next, url)) return { kind: 'failed', url: current, reason: `redirects off the site, to ${res.location}` };
        current = next;
        continue;
      }
      return { kind: 'response', url: current, status: res.status, contentType: res.contentType, body: res.body };
    }
    return { kind: 'failed', url, reason: `more than ${MAX_REDIRECTS} redirects` };
  }

  private request(url: string): Promise<RawResponse> {
    const { retries, retryMinDelayMs, retryMaxDelayMs, maxRetryAfterMs } = this.options;
    let attempts = 0;
    let rateLimited = 0;
    const attempt = async (): Promise<RawResponse> => {
      for (;;) {
        await this.limiter.take();
        attempts++;
        this.stats.requests++;
        const res = await this.send(url);
        if (res.status >= 500) {
          // A 503 may say when to come back; later requests wait for that too.
          const wait = parseRetryAfter(res.retryAfter);
          if (wait !== null) this.limiter.holdFor(Math.min(wait, maxRetryAfterMs));
          throw new TransientError(`HTTP ${res.status}`);
        }
        if (res.status !== 429) return res;
        // The site asks us to slow down. Going on with other pages would ignore that, so when we
        // cannot simply wait, the whole crawl stops (its checkpoint keeps the place).
        rateLimited++;
        const wait = parseRetryAfter(res.retryAfter) ?? Math.min(retryMinDelayMs * 2 ** rateLimited, retryMaxDelayMs);
        if (rateLimited > retries)
          throw new AbortError(new CrawlAbortedError(`${url}: HTTP 429 (too many requests) ${rateLimited} times in a row`));
        if (wait > maxRetryAfterMs) {
          throw new AbortError(
            new CrawlAbortedError(
              `${url}: HTTP 429 asks to wait ${Math.ceil(wait / 1000)} s, more than the ${maxRetryAfterMs / 1000} s we wait`,
            ),
          );
        }
        this.stats.rateLimitWaits++;
        this.stats.rateLimitWaitMs += wait;
        this.limiter.holdFor(wait);
      }
    };
    return pRetry(attempt, {
      retries,
      factor: 2,
      minTimeout: retryMinDelayMs,
      maxTimeout: retryMaxDelayMs,
      randomize: true,
      onFailedAttempt: ({ retriesLeft }) => {
        if (retriesLeft > 0) this.stats.retries++;
      },
    }).catch((err: unknown) => {
      throw err instanceof TransientError ? new Error(`${err.message} (gave up after ${attempts} attempts)`) : err;
    });
  }

  private async send(url: string): Promise<RawResponse> {
    const { timeoutMs, userAgent } = this.options;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const res = await fetch(url, {
        headers: { 'user-agent': userAgent, accept: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5,*/*;q=0.1' },
        redirect: 'manual',
        signal,
      });
      const h = res.headers;
      const body = await res.text();
      return {
        status: res.status,
        contentType: h.get('content-type') ?? '',
        location: h.get('location'),
        retryAfter: h.get('retry-after'),
        body,
      };
    } catch (err) {
      if (signal.aborted) throw new TransientError(`no complete answer within ${timeoutMs} ms`);
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new TransientError(`network error: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
    }
  }
}
