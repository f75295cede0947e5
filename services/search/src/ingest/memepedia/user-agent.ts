import { readFileSync } from 'node:fs';

/** Read once: this file sits at services/search/{src,dist}/ingest/memepedia/, three levels below package.json. */
const version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** How the crawler introduces itself: a product token robots.txt can address, and where to read about it. */
export const DEFAULT_USER_AGENT = `memesearch-ingest/${version} (+https://github.com/memesearch/memesearch)`;
