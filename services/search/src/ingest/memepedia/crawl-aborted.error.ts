import { UserError } from '../../errors.js';

/**
 * The crawl cannot go on (robots.txt or a listing page unreadable, the checkpoint made for another
 * site). What was done so far is saved; rerunning the same command resumes from the checkpoint.
 */
export class CrawlAbortedError extends UserError {
  override readonly name = 'CrawlAbortedError';
  constructor(message: string) {
    super(message, 'fix the cause (or wait) and rerun the same command: it resumes from the checkpoint');
  }
}
