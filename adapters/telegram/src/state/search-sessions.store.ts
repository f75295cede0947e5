import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** A search whose next page «Ещё» can still show. */
export interface SearchSession {
  query: string;
  /** Meme ids already shown, in order (never shown twice). */
  shown: string[];
}

/**
 * Per-query state for «Ещё», keyed by a short random id that fits callback_data. Bounded: the
 * oldest searches are forgotten, and their «Ещё» says so.
 */
export class SearchSessions {
  private readonly sessions: LRUCache<string, SearchSession>;

  constructor(max: number) {
    this.sessions = new LRUCache({ max });
  }

  create(session: SearchSession): string {
    const key = randomBytes(6).toString('base64url');
    this.sessions.set(key, session);
    return key;
  }

  get(key: string): SearchSession | undefined {
    return this.sessions.get(key);
  }
}
