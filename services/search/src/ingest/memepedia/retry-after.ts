/**
 * A Retry-After header in milliseconds from `now`: either delta-seconds ("120") or an HTTP date
 * ("Wed, 21 Oct 2026 07:28:00 GMT"). A date in the past means "now" (0); anything else is null, and
 * the caller falls back to its own backoff.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  const s = value?.trim();
  if (!s) return null;
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  // Date.parse also accepts bare numbers and partial strings; an HTTP date always names its zone.
  if (!/[a-z]/i.test(s) || !/(gmt|utc|[+-]\d{4})\s*$/i.test(s)) return null;
  const at = Date.parse(s);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
