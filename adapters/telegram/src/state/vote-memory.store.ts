import { LRUCache } from 'lru-cache';
import type { ResultRef } from './result-ref.codec.js';

export type VoteState = 'like' | 'dislike' | 'none';

/**
 * Each user's current 👍/👎 per shown result, so pressing the same button again clears it even in
 * a group, where the keyboard shows the last voter's state. Bounded; after eviction the keyboard
 * of a private chat is the fallback.
 */
export class VoteMemory {
  private readonly votes: LRUCache<string, VoteState>;

  constructor(max: number) {
    this.votes = new LRUCache({ max });
  }

  get(userId: number, ref: ResultRef): VoteState | undefined {
    return this.votes.get(key(userId, ref));
  }

  set(userId: number, ref: ResultRef, state: VoteState): void {
    this.votes.set(key(userId, ref), state);
  }
}

const key = (userId: number, ref: ResultRef) => `${userId}\u0000${ref.queryId}\u0000${ref.memeId}`;
