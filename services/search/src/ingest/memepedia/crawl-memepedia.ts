import { UserError } from '../../errors.js';
import { silentProgress, type Progress } from '../../util/progress.js';
import { loadCheckpoint, newCheckpoint, saveCheckpoint, type Checkpoint, type PendingItem } from './crawl-checkpoint.js';
import { CrawlAbortedError } from './crawl-aborted.error.js';
import type { CrawlOptions } from './crawl-options.js';
import { emptyReport, type CrawlReport } from './crawl-report.js';
import { JsonlMemeFile } from './jsonl-meme-file.js';
import { parseListPage } from './list-page.parser.js';
import { parseMemePage } from './meme-page.parser.js';
import { PoliteFetcher } from './polite-fetcher.js';
import { RateLimiter } from './rate-limiter.js';
import { loadRobotsPolicy } from './robots-policy.js';
import { writeMemes as defaultWriteMemes, type WriteMemes } from './write-memes.js';

export interface CrawlDeps {
  /** The output step; wrap the default (write-memes.ts) to clean memes on their way to the file. */
  writeMemes?: WriteMemes;
  /** A progress bar per listing page (createProgress in the CLI). */
  progress?: (label: string, total: number) => Progress;
}

type Pass = NonNullable<Checkpoint['pass']>;
type Verdict = 'fetch' | 'known' | 'older' | 'bad';

/**
 * Walks the memepedia listing page by page and fetches each meme page not yet in the output,
 * saving a checkpoint after every page so that a crash resumes where it stopped. Returns the
 * report; a crawl that cannot go on (robots.txt or a listing page unreadable) returns it with
 * `aborted` set after saving its state.
 */
export async function crawlMemepedia(options: CrawlOptions, deps: CrawlDeps = {}): Promise<CrawlReport> {
  const crawl = new MemepediaCrawl(options, deps, await JsonlMemeFile.open(options.out), await openCheckpoint(options));
  return crawl.run();
}

async function openCheckpoint(options: CrawlOptions): Promise<Checkpoint> {
  const checkpoint = (await loadCheckpoint(options.checkpoint)) ?? newCheckpoint(options.baseUrl);
  if (checkpoint.baseUrl !== options.baseUrl) {
    throw new UserError(
      `the checkpoint ${options.checkpoint} belongs to a crawl of ${checkpoint.baseUrl}, not ${options.baseUrl}`,
      'pass another --checkpoint FILE (and --out FILE) for this site',
    );
  }
  return checkpoint;
}

class MemepediaCrawl {
  private readonly report: CrawlReport;
  private readonly limiter: RateLimiter;
  private readonly fetcher: PoliteFetcher;
  private readonly writeMemes: WriteMemes;
  private fetchedThisRun = 0;

  constructor(
    private readonly options: CrawlOptions,
    private readonly deps: CrawlDeps,
    private readonly file: JsonlMemeFile,
    private readonly cp: Checkpoint,
  ) {
    this.report = emptyReport(options.out);
    if (file.repaired) this.report.notes.push(file.repaired);
    this.limiter = new RateLimiter(1000 / options.rate);
    this.fetcher = new PoliteFetcher(this.limiter, options);
    this.writeMemes = deps.writeMemes ?? defaultWriteMemes;
    this.forgetLostWrites();
  }

  async run(): Promise<CrawlReport> {
    try {
      await this.walk();
    } catch (err) {
      if (!(err instanceof CrawlAbortedError)) throw err;
      this.report.aborted = err.message;
      this.report.stoppedBy = 'aborted';
    }
    Object.assign(this.report, this.fetcher.stats, { total: this.file.size });
    return this.report;
  }

  private async walk(): Promise<void> {
    const { options, cp, report } = this;
    const robots = await loadRobotsPolicy(this.fetcher, options.baseUrl, options.userAgent);
    this.fetcher.isAllowed = robots.isAllowed;
    if (robots.crawlDelayMs !== null) this.limiter.slowDownTo(robots.crawlDelayMs);
    report.robots = `${robots.summary}; one request every ${(this.limiter.interval / 1000).toFixed(2)} s`;

    // A walk after a complete one may stop at the first listing page with nothing new: the listing
    // is newest first, so everything below it was seen then.
    const coveredBefore = cp.lastFullPassAt !== null;
    report.resumed = cp.pass !== null;
    const pass: Pass = cp.pass ?? {
      startedAt: new Date().toISOString(),
      nextListUrl: new URL(options.listPath, options.baseUrl).href,
      listPages: [],
      pending: cp.retryLater,
    };
    if (!cp.pass) {
      cp.pass = pass;
      cp.retryLater = [];
      await this.save();
    }

    let bar: Progress | null = null;
    try {
      for (;;) {
        const item = pass.pending[0];
        if (item) {
          if (this.verdict(item, pass) === 'fetch' && options.max !== null && this.fetchedThisRun >= options.max) {
            report.stoppedBy = `--max ${options.max} reached (rerun to go on)`;
            return;
          }
          const label = pass.listPages.length === 0 ? 'earlier failures' : `listing page ${pass.listPages.length}`;
          bar ??= (this.deps.progress ?? (() => silentProgress))(label, pass.pending.length);
          await this.visitMeme(item, pass);
          pass.pending.shift();
          await this.save();
          bar.increment();
          continue;
        }
        bar?.stop();
        bar = null;
        if (pass.nextListUrl === null) {
          if (report.stoppedBy === 'not started') report.stoppedBy = 'end of the listing';
          if (coveredBefore || report.stoppedBy.startsWith('end of the listing')) cp.lastFullPassAt = new Date().toISOString();
          cp.pass = null;
          await this.save();
          return;
        }
        if (options.max !== null && this.fetchedThisRun >= options.max) {
          report.stoppedBy = `--max ${options.max} reached (rerun to go on)`;
          return;
        }
        await this.visitListPage(pass.nextListUrl, pass, coveredBefore);
        await this.save();
      }
    } finally {
      bar?.stop();
    }
  }

  private async visitListPage(url: string, pass: Pass, coveredBefore: boolean): Promise<void> {
    const { report, options } = this;
    const res = await this.fetcher.get(url);
    if (res.kind === 'disallowed') {
      report.disallowed.push(res.url);
      if (pass.listPages.length === 0) throw new CrawlAbortedError(`robots.txt disallows the listing ${res.url}`);
      report.stoppedBy = 'robots.txt disallows the next listing page';
      pass.nextListUrl = null;
      return;
    }
    if (res.kind === 'failed') throw new CrawlAbortedError(`listing page ${res.url} could not be fetched: ${res.reason}`);
    report.listPages++;
    if (res.status === 404 && pass.listPages.length > 0) {
      // Posts removed while we walk shorten the listing: a missing later page is its end.
      report.stoppedBy = `end of the listing (${res.url}: HTTP 404)`;
      pass.nextListUrl = null;
      return;
    }
    if (res.status < 200 || res.status >= 300) throw new CrawlAbortedError(`listing page ${res.url} answered HTTP ${res.status}`);

    const page = parseListPage(res.body, res.url);
    pass.listPages.push(url);
    if (page.items.length === 0) report.skipped.push({ url: res.url, reason: 'listing page without links to memes' });
    const work: PendingItem[] = [];
    for (const item of page.items) {
      // Listings shift while we walk them: a meme can show up on two pages.
      if ([pass.pending, work, this.cp.retryLater].some((list) => list.some((p) => p.url === item.url))) continue;
      if (!this.fetcher.isAllowed(item.url)) {
        if (!report.disallowed.includes(item.url)) report.disallowed.push(item.url);
        continue;
      }
      const verdict = this.verdict(item, pass);
      if (verdict === 'fetch') work.push(item);
      else if (verdict === 'older') report.olderThanSince++;
      else if (verdict === 'bad') report.knownBad++;
      else report.alreadyKnown++;
    }
    pass.pending.push(...work);

    let next = page.next !== null && !pass.listPages.includes(page.next) ? page.next : null;
    const dated = page.items.filter((i) => i.date !== null);
    if (options.since !== null && dated.length > 0 && dated.every((i) => i.date! < options.since!)) {
      report.stoppedBy = `the listing reached memes older than --since ${options.since}`;
      next = null;
    } else if (coveredBefore && work.length === 0 && page.items.length > 0 && next !== null) {
      report.stoppedBy = 'the listing reached memes fetched before (nothing newer below)';
      next = null;
    }
    pass.nextListUrl = next;
  }

  private async visitMeme(item: PendingItem, pass: Pass): Promise<void> {
    const { report, cp, file, options } = this;
    if (this.verdict(item, pass) !== 'fetch') return; // done before a crash, or its fate is known
    const res = await this.fetcher.get(item.url);
    if (res.kind === 'disallowed') {
      report.disallowed.push(res.url);
      return;
    }
    this.fetchedThisRun++;
    report.memePages++;
    if (res.kind === 'failed') {
      report.failed.push({ url: item.url, reason: res.reason });
      cp.retryLater.push(item);
      return;
    }
    const skip = (reason: string) => {
      report.skipped.push({ url: item.url, reason });
      cp.done[item.url] = { at: new Date().toISOString(), outcome: 'skipped', reason };
    };
    if (res.status < 200 || res.status >= 300) return skip(`HTTP ${res.status}`);
    if (res.contentType && !/html/i.test(res.contentType)) return skip(`not an HTML page (${res.contentType})`);
    const parsed = parseMemePage(res.body, res.url, item);
    if (!parsed.ok) return skip(parsed.reason);
    const meme = parsed.meme;

    const stored = file.getById(meme.id);
    if (stored && stored.url !== meme.url && file.getByUrl(item.url) === undefined) {
      return skip(`its id "${meme.id}" is taken by ${stored.url ?? 'another meme'}`);
    }
    if (!stored && options.since !== null && item.date === null && meme.date !== null && meme.date < options.since) {
      report.olderThanSince++;
      return; // not final: a run without --since wants it
    }
    await this.writeMemes(file, [meme]);
    if (file.getById(meme.id) === undefined) return skip('dropped by the output step');
    file.alias(item.url, meme.id);
    if (stored) report.updated++;
    else report.added++;
    cp.done[item.url] = { at: new Date().toISOString(), outcome: 'written', id: meme.id };
  }

  /** What to do with a listed meme, from the output file, the checkpoint and --since. */
  private verdict(item: PendingItem, pass: Pass): Verdict {
    const { since } = this.options;
    const done = this.cp.done[item.url];
    if (done && done.at >= pass.startedAt) return 'known';
    const stored = this.file.getByUrl(item.url) ?? (done?.id !== undefined ? this.file.getById(done.id) : undefined);
    if (stored) {
      const listed = item.date ?? stored.date;
      return since !== null && listed !== null && listed >= since ? 'fetch' : 'known';
    }
    if (done?.outcome === 'skipped') return 'bad';
    if (since !== null && item.date !== null && item.date < since) return 'older';
    return 'fetch';
  }

  /**
   * A page the checkpoint calls written but the output file lacks (its line was torn by a crash,
   * or the file was replaced) is queued to be fetched again rather than lost.
   */
  private forgetLostWrites(): void {
    for (const [url, done] of Object.entries(this.cp.done)) {
      if (done.outcome === 'written' && (done.id === undefined || this.file.getById(done.id) === undefined)) {
        delete this.cp.done[url];
        const item = { url, title: null, date: null, views: null };
        if (this.cp.pass) this.cp.pass.pending.unshift(item);
        else this.cp.retryLater.push(item);
      } else if (done.id !== undefined) this.file.alias(url, done.id);
    }
  }

  private save(): Promise<void> {
    return saveCheckpoint(this.options.checkpoint, this.cp);
  }
}
