import { LRUCache } from 'lru-cache';

/** A search whose next page «Ещё» can still show. */
export interface SearchSession {
  query: string;
  /** Who searched: only they vote and page on that message. */
  userId: string;
  /** Results per page. */
  count: number;
  /** Meme ids already shown, in order (never shown twice). */
  shown: string[];
}

/**
 * Per-search state for «Ещё», keyed by the query_id the buttons carry. Bounded: the oldest searches
 * are forgotten, and their «Ещё» says so.
 */
export class SearchSessions {
  private readonly sessions: LRUCache<string, SearchSession>;

  constructor(max: number) {
    this.sessions = new LRUCache({ max });
  }

  set(queryId: string, session: SearchSession): void {
    this.sessions.set(queryId, session);
  }

  get(queryId: string): SearchSession | undefined {
    return this.sessions.get(queryId);
  }
}
