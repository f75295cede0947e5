export interface CrawlReport {
  out: string;
  /** Memes in the output file after the run. */
  total: number;
  added: number;
  updated: number;
  /** The run went on with a walk an earlier run left unfinished. */
  resumed: boolean;
  robots: string;
  listPages: number;
  memePages: number;
  requests: number;
  retries: number;
  rateLimitWaits: number;
  rateLimitWaitMs: number;
  alreadyKnown: number;
  olderThanSince: number;
  /** Pages skipped by an earlier run (404, no text…), not fetched again. */
  knownBad: number;
  skipped: Array<{ url: string; reason: string }>;
  disallowed: string[];
  /** Passing failures: these pages are tried again by the next run. */
  failed: Array<{ url: string; reason: string }>;
  stoppedBy: string;
  notes: string[];
  /** Why the crawl could not go on, when it could not. */
  aborted: string | null;
}

export function emptyReport(out: string): CrawlReport {
  return {
    out,
    total: 0,
    added: 0,
    updated: 0,
    resumed: false,
    robots: 'not read',
    listPages: 0,
    memePages: 0,
    requests: 0,
    retries: 0,
    rateLimitWaits: 0,
    rateLimitWaitMs: 0,
    alreadyKnown: 0,
    olderThanSince: 0,
    knownBad: 0,
    skipped: [],
    disallowed: [],
    failed: [],
    stoppedBy: 'not started',
    notes: [],
    aborted: null,
  };
}

/** The summary the CLI prints on stdout. */
export function formatReport(r: CrawlReport): string {
  const lines = [
    `memepedia: ${r.added} new, ${r.updated} updated → ${r.out} (${r.total} memes)${r.resumed ? ', resumed an unfinished crawl' : ''}`,
    `  fetched: ${r.listPages} listing pages, ${r.memePages} meme pages; ${r.requests} requests, ${r.retries} retries, ` +
      `${r.rateLimitWaits} waits on 429 (${(r.rateLimitWaitMs / 1000).toFixed(1)} s)`,
    `  not fetched: ${r.alreadyKnown} already in the output, ${r.olderThanSince} older than --since, ${r.knownBad} skipped by an earlier run`,
    `  robots.txt: ${r.robots}`,
    `  stopped: ${r.stoppedBy}`,
    ...r.notes.map((n) => `  note: ${n}`),
  ];
  const list = (title: string, rows: string[]) => {
    if (rows.length > 0) lines.push(`  ${title} (${rows.length}):`, ...rows.map((row) => `    ${row}`));
  };
  list(
    'skipped',
    r.skipped.map((s) => `${s.url}: ${s.reason}`),
  );
  list('disallowed by robots.txt, not requested', r.disallowed);
  list(
    'failed, tried again next run',
    r.failed.map((f) => `${f.url}: ${f.reason}`),
  );
  return `${lines.join('\n')}\n`;
}
