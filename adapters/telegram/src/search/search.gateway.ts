import { toSearchFailure } from '@memesearch/adapter-kit';
import type { SearchClient, SearchResponse } from '@memesearch/search/client';

export type Vote = 'like' | 'dislike' | 'clear' | 'chosen';

const REACTIONS = {
  like: 'REACTION_LIKE',
  dislike: 'REACTION_DISLIKE',
  clear: 'REACTION_CLEAR',
  chosen: 'REACTION_CHOSEN',
} as const;

export { SearchFailure, toSearchFailure, type SearchFailureKind } from '@memesearch/adapter-kit';

/**
 * The adapter's only door to the search service: Telegram users become `ClientRef`s and errors
 * become SearchFailure. The gRPC channel reconnects by itself when the service comes back.
 */
export class SearchGateway {
  constructor(private readonly client: Pick<SearchClient, 'search' | 'submitFeedback' | 'health' | 'close'>) {}

  async search(query: string, limit: number, userId: number): Promise<SearchResponse> {
    try {
      return await this.client.search({ query, limit, client: { platform: 'telegram', user_ref: String(userId) } });
    } catch (err) {
      throw toSearchFailure(err);
    }
  }

  async feedback(queryId: string, memeId: string, vote: Vote, userId: number): Promise<Vote> {
    try {
      const res = await this.client.submitFeedback({
        query_id: queryId,
        meme_id: memeId,
        reaction: REACTIONS[vote],
        client: { platform: 'telegram', user_ref: String(userId) },
      });
      const stored = (Object.keys(REACTIONS) as Vote[]).find((v) => REACTIONS[v] === res.reaction);
      return stored ?? vote;
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
