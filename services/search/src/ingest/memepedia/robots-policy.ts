import { createRequire } from 'node:module';
import { CrawlAbortedError } from './crawl-aborted.error.js';
import type { PoliteFetcher } from './polite-fetcher.js';

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}
// robots-parser is CommonJS (`module.exports = fn`) while its typings declare an ES default export,
// which under NodeNext types the default import as the module object; require() gets the function.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, contents: string) => Robots;

export interface RobotsPolicy {
  isAllowed(url: string): boolean;
  /** Crawl-delay for our user agent (or `*`), in ms, when the file sets one. */
  crawlDelayMs: number | null;
  /** For the report: where the rules came from. */
  summary: string;
}

/**
 * Reads the site's robots.txt (RFC 9309): a 4xx means no rules; a 5xx or no answer at all (after
 * the fetcher's retries) means we do not know the rules, so we do not crawl.
 */
export async function loadRobotsPolicy(fetcher: PoliteFetcher, baseUrl: string, userAgent: string): Promise<RobotsPolicy> {
  const url = new URL('/robots.txt', baseUrl).href;
  const res = await fetcher.get(url);
  if (res.kind !== 'response') {
    throw new CrawlAbortedError(
      `${url} could not be read (${res.kind === 'failed' ? res.reason : 'disallowed'}): not crawling without its rules`,
    );
  }
  if (res.status >= 400) return { isAllowed: () => true, crawlDelayMs: null, summary: `${url}: HTTP ${res.status}, no rules` };
  if (res.status >= 300) throw new CrawlAbortedError(`${url} answered HTTP ${res.status} without a usable Location`);
  const robots = robotsParser(res.url, res.body);
  const delay = robots.getCrawlDelay(userAgent);
  return {
    // undefined means "another host": a robots.txt only speaks for its own origin.
    isAllowed: (u) => robots.isAllowed(u, userAgent) === true,
    crawlDelayMs: typeof delay === 'number' && Number.isFinite(delay) && delay > 0 ? delay * 1000 : null,
    summary: `${url}: read${typeof delay === 'number' ? `, Crawl-delay ${delay} s` : ''}`,
  };
}
