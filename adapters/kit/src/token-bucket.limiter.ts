import { LRUCache } from 'lru-cache';

export type TakeResult =
  { ok: true } | { ok: false; retryAfterMs: number; /** First refusal since the last success: say so once. */ firstRefusal: boolean };

interface Bucket {
  tokens: number;
  at: number;
  warned: boolean;
}

/**
 * Per-user token bucket: `burst` actions at once, refilled at `perMinute`. Buckets live in an LRU
 * (a forgotten user starts full, which is what an idle user's bucket would be anyway).
 */
export class TokenBucketLimiter {
  private readonly buckets: LRUCache<string, Bucket>;
  private readonly perMs: number;

  constructor(
    private readonly burst: number,
    perMinute: number,
    maxUsers = 100_000,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = perMinute / 60_000;
    this.buckets = new LRUCache({ max: maxUsers });
  }

  take(key: string, cost = 1): TakeResult {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now, warned: false };
    b.tokens = Math.min(this.burst, b.tokens + (now - b.at) * this.perMs);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= cost) {
      b.tokens -= cost;
      b.warned = false;
      return { ok: true };
    }
    const firstRefusal = !b.warned;
    b.warned = true;
    return { ok: false, retryAfterMs: Math.ceil((cost - b.tokens) / this.perMs), firstRefusal };
  }
}
