/**
 * The feedback store: reactions to shown memes and impressions (what each search showed). One
 * interface, two implementations on the same SQL: PostgreSQL (DATABASE_URL) and PGlite on disk
 * (the embedded default). Platform user ids never reach it: only keyed hashes (see user-hash.ts).
 */

/** A vote is LIKE/DISLIKE (CLEAR withdraws it); CHOSEN (a picked inline result) is kept apart. */
export type Reaction = 'like' | 'dislike' | 'clear' | 'chosen';

export interface ReactionInput {
  queryId: string;
  memeId: string;
  reaction: Reaction;
  platform: string;
  /** Keyed hash of the platform's user id (hex). */
  userHash: string;
  /** When the service received it; the latest one wins. */
  at: Date;
}

/** One search's results as shown to someone. */
export interface ImpressionInput {
  queryId: string;
  /** null when storing query text is switched off. */
  queryText: string | null;
  platform: string;
  userHash: string | null;
  memeIds: string[];
  at: Date;
}

export interface MemeFeedbackCounts {
  memeId: string;
  likes: number;
  dislikes: number;
  chosen: number;
  impressions: number;
}

export interface LabelledRow {
  query: string;
  memeId: string;
  label: 'like' | 'dislike' | 'chosen';
}

export interface FeedbackVolumes {
  queries: number;
  impressions: number;
  likes: number;
  dislikes: number;
  chosen: number;
}

export interface FeedbackStore {
  /** Applies schema migrations (idempotent; safe for several replicas at once). */
  migrate(): Promise<void>;
  /**
   * Stores a reaction; the database keeps exactly one current vote per (query, user, meme) — the
   * latest by `at` — and one CHOSEN mark, however many concurrent duplicates arrive.
   */
  submitReaction(input: ReactionInput): Promise<void>;
  recordImpressions(batch: readonly ImpressionInput[]): Promise<void>;
  /** Per-meme counts for the ranking priors (memes with any feedback or impression). */
  memeCounts(): Promise<MemeFeedbackCounts[]>;
  /** Current labels with their query text (rows whose query text was not stored are skipped). */
  labelledRows(): Promise<LabelledRow[]>;
  volumes(): Promise<FeedbackVolumes>;
  /** Deletes impressions and query texts older than `before` (retention). Returns rows removed. */
  purgeBefore(before: Date): Promise<number>;
  close(): Promise<void>;
}

/** The store cannot be reached or timed out: maps to gRPC UNAVAILABLE. */
export class FeedbackUnavailableError extends Error {
  override readonly name = 'FeedbackUnavailableError';
}
