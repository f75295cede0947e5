import type { MemeMessage, SearchClient, SearchResponse } from '@memesearch/search/client';

export type Vote = 'like' | 'dislike' | 'clear';

const REACTIONS = {
  like: 'REACTION_LIKE',
  dislike: 'REACTION_DISLIKE',
  clear: 'REACTION_CLEAR',
} as const;

/** What went wrong with the search service, by what the user should be told. */
export type SearchFailureKind = 'unavailable' | 'slow' | 'busy' | 'invalid' | 'not_found' | 'internal';

/** The search service could not answer; `kind` decides the message, `code` is the gRPC status. */
export class SearchFailure extends Error {
  override readonly name = 'SearchFailure';
  constructor(
    readonly kind: SearchFailureKind,
    readonly code: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

// gRPC status codes (numbers, so the adapter needs no gRPC library of its own).
const INVALID_ARGUMENT = 3;
const DEADLINE_EXCEEDED = 4;
const NOT_FOUND = 5;
const RESOURCE_EXHAUSTED = 8;
const UNAVAILABLE = 14;

/** Maps a client error to a SearchFailure, in exactly one place. */
export function toSearchFailure(err: unknown): SearchFailure {
  const e = err as { code?: unknown; details?: unknown; message?: unknown };
  const code = typeof e.code === 'number' ? e.code : undefined;
  const detail = typeof e.details === 'string' && e.details ? e.details : String(e.message ?? err);
  switch (code) {
    case UNAVAILABLE:
      return new SearchFailure('unavailable', code, detail);
    case DEADLINE_EXCEEDED:
      return new SearchFailure('slow', code, detail);
    case RESOURCE_EXHAUSTED:
      return new SearchFailure('busy', code, detail);
    case NOT_FOUND:
      return new SearchFailure('not_found', code, detail);
    case INVALID_ARGUMENT:
      return new SearchFailure('invalid', code, detail);
    default:
      return new SearchFailure('internal', code, detail);
  }
}

/**
 * The adapter's only door to the search service: Discord users become `ClientRef`s and errors
 * become SearchFailure. The gRPC channel reconnects by itself when the service comes back.
 */
export class SearchGateway {
  constructor(private readonly client: Pick<SearchClient, 'search' | 'getMeme' | 'submitFeedback' | 'health' | 'close'>) {}

  async search(query: string, limit: number, userId: string): Promise<SearchResponse> {
    try {
      return await this.client.search({ query, limit, client: { platform: 'discord', user_ref: userId } });
    } catch (err) {
      throw toSearchFailure(err);
    }
  }

  async meme(id: string): Promise<MemeMessage> {
    try {
      return await this.client.getMeme(id);
    } catch (err) {
      throw toSearchFailure(err);
    }
  }

  async feedback(queryId: string, memeId: string, vote: Vote, userId: string): Promise<void> {
    try {
      await this.client.submitFeedback({
        query_id: queryId,
        meme_id: memeId,
        reaction: REACTIONS[vote],
        client: { platform: 'discord', user_ref: userId },
      });
    } catch (err) {
      throw toSearchFailure(err);
    }
  }

  /** True when the service answers its health check within the deadline. */
  async healthy(deadlineMs = 1000): Promise<boolean> {
    return this.client
      .health('', { deadlineMs })
      .then((s) => s === 'SERVING')
      .catch(() => false);
  }

  close(): void {
    this.client.close();
  }
}
