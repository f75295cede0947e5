import type { FeedbackStore, Reaction } from './feedback-store.js';
import type { ImpressionBuffer } from './impression-buffer.js';
import { hashUserRef } from './user-hash.js';

/**
 * What the service does with feedback, free of gRPC: hashes user references with the secret
 * (raw platform ids are never stored), records what each search showed (off the hot path), and
 * stores reactions (the database enforces "one current vote, the latest").
 */
export class FeedbackService {
  constructor(
    private readonly store: FeedbackStore,
    private readonly impressions: ImpressionBuffer,
    private readonly secret: string,
    private readonly storeQueryText: boolean,
    private readonly recordImpressions = true,
  ) {}

  recordSearch(queryId: string, queryText: string, platform: string, userRef: string, memeIds: string[]): void {
    if (!this.recordImpressions) return;
    this.impressions.add({
      queryId,
      queryText: this.storeQueryText ? queryText : null,
      platform,
      userHash: userRef ? hashUserRef(this.secret, platform, userRef) : null,
      memeIds,
      at: new Date(),
    });
  }

  async submit(input: { queryId: string; memeId: string; reaction: Reaction; platform: string; userRef: string }): Promise<void> {
    await this.store.submitReaction({
      queryId: input.queryId,
      memeId: input.memeId,
      reaction: input.reaction,
      platform: input.platform,
      userHash: hashUserRef(this.secret, input.platform, input.userRef),
      at: new Date(),
    });
  }
}
