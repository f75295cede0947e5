import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { crawlMemepedia } from '../../ingest/memepedia/crawl-memepedia.js';
import { parseCrawlOptions } from '../../ingest/memepedia/crawl-options.js';
import { formatReport } from '../../ingest/memepedia/crawl-report.js';
import { DEFAULT_USER_AGENT } from '../../ingest/memepedia/user-agent.js';
import { writeMemes } from '../../ingest/memepedia/write-memes.js';
import { cleanMemes } from '../../ingest/clean/clean-memes.js';
import { createProgress } from '../../util/progress.js';
import { runCommand } from '../run-command.js';

interface IngestMemepediaFlags {
  out?: string;
  since?: string;
  max?: string;
  rate?: string;
  baseUrl?: string;
  listPath?: string;
  checkpoint?: string;
  userAgent?: string;
  timeout?: string;
  retries?: string;
}

/** `memesearch ingest memepedia`: a polite, resumable crawl of memepedia.ru into a corpus JSONL file. */
export function addIngestMemepediaCommand(ingest: Command): void {
  ingest
    .command('memepedia')
    .description('crawl memepedia.ru (politely: robots.txt, 1 request/s) into a corpus JSONL file; resumable and incremental')
    .option('--out <file>', 'output corpus JSONL; memes already in it are not fetched again (default: memepedia.jsonl)')
    .option('--since <date>', 'only memes listed on or after YYYY-MM-DD; known ones that new are fetched again and replaced')
    .option('--max <n>', 'fetch at most N meme pages in this run (rerun to go on)')
    .option('--rate <r>', 'requests per second, at most (default: 1; a robots.txt Crawl-delay can only slow it)')
    .option('--base-url <url>', 'the site to crawl (default: https://memepedia.ru)')
    .option('--list-path <path>', 'the listing to walk (default: /memoteka/)')
    .option('--checkpoint <file>', 'where progress is saved after every page (default: <out>.checkpoint.json)')
    .option('--user-agent <ua>', `how the crawler introduces itself (default: ${DEFAULT_USER_AGENT})`)
    .option('--timeout <ms>', 'deadline per request in ms; a slower page is retried (default: 20000)')
    .option('--retries <n>', 'retries per request on network errors, timeouts, 5xx and 429 (default: 4)')
    .action(
      runCommand(async (flags: IngestMemepediaFlags) => {
        const options = parseCrawlOptions({ ...flags, timeoutMs: flags.timeout, timeout: undefined });
        const report = await crawlMemepedia(options, {
          progress: (label, total) => createProgress(label, total, 'memes'),
          // Each page goes through the text rules of the cleaning step as it is written (boilerplate,
          // whitespace, quotes, empty entries); near-duplicates across the whole corpus need every
          // meme at once, so they are `ingest clean`'s job (README: "Building a fresh corpus").
          writeMemes: async (file, memes) => writeMemes(file, (await cleanMemes(memes)).memes),
        });
        process.stdout.write(formatReport(report));
        if (report.aborted)
          throw new UserError(report.aborted, 'fix the cause (or wait) and rerun the same command: it resumes from the checkpoint');
      }),
    );
}
