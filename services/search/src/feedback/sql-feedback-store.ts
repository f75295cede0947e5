import type { Logger } from '../logging/logger.js';
import type { FeedbackStore, FeedbackVolumes, ImpressionInput, LabelledRow, MemeFeedbackCounts, ReactionInput } from './feedback-store.js';
import { migrate } from './migrate.js';
import type { SqlClient } from './sql-client.js';

/** Aggregations, exports and retention scan whole tables: off the request path, so more time. */
const SLOW_MS = 120_000;

// The database decides which reaction is current: the row changes only for a reaction at least as
// new as the stored one, in one statement, so concurrent and late duplicates can neither add a
// row nor bring an older reaction back. Equal times: the statement that runs last wins.
const UPSERT_REACTION = `
  INSERT INTO reactions (query_id, user_hash, meme_id, kind, reaction, platform, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (query_id, user_hash, meme_id, kind) DO UPDATE
    SET reaction = EXCLUDED.reaction, platform = EXCLUDED.platform, updated_at = EXCLUDED.updated_at
    WHERE reactions.updated_at <= EXCLUDED.updated_at`;

// One statement (so one round trip, atomic) for a whole batch: arrays unnested into rows; the
// data-modifying CTE runs even though nothing reads it. Retried batches change nothing.
const INSERT_IMPRESSIONS = `
  WITH q AS (
    INSERT INTO queries (query_id, query_text, platform, user_hash, created_at)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
    ON CONFLICT (query_id) DO NOTHING)
  INSERT INTO impressions (query_id, meme_id, rank, shown_at)
  SELECT * FROM unnest($6::text[], $7::text[], $8::int[], $9::timestamptz[])
  ON CONFLICT (query_id, meme_id) DO NOTHING`;

const MEME_COUNTS = `
  WITH votes AS (
    SELECT meme_id,
           count(*) FILTER (WHERE reaction = 'like')    AS likes,
           count(*) FILTER (WHERE reaction = 'dislike') AS dislikes,
           count(*) FILTER (WHERE reaction = 'chosen')  AS chosen
    FROM reactions GROUP BY meme_id),
  shown AS (SELECT meme_id, count(*) AS impressions FROM impressions GROUP BY meme_id)
  SELECT coalesce(v.meme_id, s.meme_id) AS meme_id,
         coalesce(v.likes, 0)::int AS likes, coalesce(v.dislikes, 0)::int AS dislikes,
         coalesce(v.chosen, 0)::int AS chosen, coalesce(s.impressions, 0)::int AS impressions
  FROM votes v FULL OUTER JOIN shown s ON s.meme_id = v.meme_id
  ORDER BY 1`;

// Retention: impressions go; a query's text and user hash go, and the whole row unless a reaction
// refers to it (the reaction stays, without its text). One statement, one snapshot.
const PURGE = `
  WITH gone_impressions AS (DELETE FROM impressions WHERE shown_at < $1 RETURNING 1),
  gone_queries AS (
    DELETE FROM queries q WHERE created_at < $1
      AND NOT EXISTS (SELECT 1 FROM reactions r WHERE r.query_id = q.query_id) RETURNING 1),
  blanked AS (
    UPDATE queries q SET query_text = NULL, user_hash = NULL
    WHERE created_at < $1 AND (query_text IS NOT NULL OR user_hash IS NOT NULL)
      AND EXISTS (SELECT 1 FROM reactions r WHERE r.query_id = q.query_id) RETURNING 1)
  SELECT ((SELECT count(*) FROM gone_impressions) + (SELECT count(*) FROM gone_queries)
        + (SELECT count(*) FROM blanked))::int AS n`;

/**
 * The one FeedbackStore, on PostgreSQL or PGlite (same SQL, same migrations; every value a
 * parameter). Until migrations have succeeded once, every call first runs them, so a store opened
 * while PostgreSQL was down starts working when it comes back, without a restart.
 */
export class SqlFeedbackStore implements FeedbackStore {
  private migrated: Promise<void> | undefined;

  constructor(
    /** Exposed for diagnostics and tests; the store owns it and closes it. */
    readonly db: SqlClient,
    private readonly log?: Logger,
  ) {}

  migrate(): Promise<void> {
    const run = migrate(this.db, this.log).then((applied) => {
      if (applied.length > 0) this.log?.info({ applied, store: this.db.kind, schema: this.db.schema }, 'feedback migrations applied');
    });
    this.migrated = run;
    // A failed run is forgotten, so the next call tries again (the error still reaches the caller).
    void run.catch(() => {
      if (this.migrated === run) this.migrated = undefined;
    });
    return run;
  }

  private ready(): Promise<void> {
    return this.migrated ?? this.migrate();
  }

  async submitReaction(r: ReactionInput): Promise<void> {
    await this.ready();
    const kind = r.reaction === 'chosen' ? 'chosen' : 'vote';
    await this.db.query(UPSERT_REACTION, [r.queryId, r.userHash, r.memeId, kind, r.reaction, r.platform, r.at.toISOString()]);
  }

  async recordImpressions(batch: readonly ImpressionInput[]): Promise<void> {
    if (batch.length === 0) return;
    await this.ready();
    const shown = batch.flatMap((b) => b.memeIds.map((memeId, i) => ({ queryId: b.queryId, memeId, rank: i + 1, at: b.at.toISOString() })));
    await this.db.query(INSERT_IMPRESSIONS, [
      batch.map((b) => b.queryId),
      batch.map((b) => b.queryText),
      batch.map((b) => b.platform),
      batch.map((b) => b.userHash),
      batch.map((b) => b.at.toISOString()),
      shown.map((s) => s.queryId),
      shown.map((s) => s.memeId),
      shown.map((s) => s.rank),
      shown.map((s) => s.at),
    ]);
  }

  async memeCounts(): Promise<MemeFeedbackCounts[]> {
    await this.ready();
    const rows = await this.db.transaction(
      (q) => q<{ meme_id: string; likes: number; dislikes: number; chosen: number; impressions: number }>(MEME_COUNTS, []),
      { timeoutMs: SLOW_MS },
    );
    return rows.map((r) => ({ memeId: r.meme_id, likes: r.likes, dislikes: r.dislikes, chosen: r.chosen, impressions: r.impressions }));
  }

  async labelledRows(): Promise<LabelledRow[]> {
    await this.ready();
    const rows = await this.db.transaction(
      (q) =>
        q<{ query: string; meme_id: string; label: LabelledRow['label'] }>(
          `SELECT q.query_text AS query, r.meme_id, r.reaction AS label
           FROM reactions r JOIN queries q ON q.query_id = r.query_id
           WHERE r.reaction <> 'clear' AND q.query_text IS NOT NULL
           ORDER BY r.updated_at, r.query_id, r.meme_id, r.user_hash, r.kind`,
          [],
        ),
      { timeoutMs: SLOW_MS },
    );
    return rows.map((r) => ({ query: r.query, memeId: r.meme_id, label: r.label }));
  }

  async volumes(): Promise<FeedbackVolumes> {
    await this.ready();
    const [row] = await this.db.transaction(
      (q) =>
        q<FeedbackVolumes>(
          `SELECT (SELECT count(*) FROM queries)::int AS queries,
                  (SELECT count(*) FROM impressions)::int AS impressions,
                  (SELECT count(*) FROM reactions WHERE reaction = 'like')::int AS likes,
                  (SELECT count(*) FROM reactions WHERE reaction = 'dislike')::int AS dislikes,
                  (SELECT count(*) FROM reactions WHERE reaction = 'chosen')::int AS chosen`,
          [],
        ),
      { timeoutMs: SLOW_MS },
    );
    if (!row) throw new Error('volumes: no row');
    return row;
  }

  async purgeBefore(before: Date): Promise<number> {
    await this.ready();
    const [row] = await this.db.transaction((q) => q<{ n: number }>(PURGE, [before.toISOString()]), { timeoutMs: SLOW_MS });
    return row?.n ?? 0;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
