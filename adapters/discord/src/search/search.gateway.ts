import { toSearchFailure } from '@memesearch/adapter-kit';
import type { MemeMessage, SearchClient, SearchResponse } from '@memesearch/search/client';

export type Vote = 'like' | 'dislike' | 'clear';

const REACTIONS = {
  like: 'REACTION_LIKE',
  dislike: 'REACTION_DISLIKE',
  clear: 'REACTION_CLEAR',
} as const;

export { SearchFailure, toSearchFailure, type SearchFailureKind } from '@memesearch/adapter-kit';

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
