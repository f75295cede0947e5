import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Spaces request starts at least `intervalMs` apart, across retries and redirects alike. Each call to
 * `take()` reserves the next slot before it waits, so callers that overlap still queue up in order.
 */
export class RateLimiter {
  private nextAt = 0;
  private lastAt = -Infinity;

  constructor(private intervalMs: number) {}

  get interval(): number {
    return this.intervalMs;
  }

  /** A robots.txt Crawl-delay can only make us slower, never faster than asked. */
  slowDownTo(intervalMs: number): void {
    this.intervalMs = Math.max(this.intervalMs, intervalMs);
    // The slot already reserved (right after robots.txt itself) must move too.
    this.nextAt = Math.max(this.nextAt, this.lastAt + this.intervalMs);
  }

  /** After a 429 nobody may ask again before the server said so. */
  holdFor(ms: number): void {
    this.nextAt = Math.max(this.nextAt, performance.now() + ms);
  }

  async take(): Promise<void> {
    const now = performance.now();
    const at = Math.max(now, this.nextAt);
    this.lastAt = at;
    this.nextAt = at + this.intervalMs;
    if (at > now) await sleep(at - now);
  }
}
