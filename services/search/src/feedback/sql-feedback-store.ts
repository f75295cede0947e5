import type { FeedbackStore, FeedbackVolumes, ImpressionInput, LabelledRow, MemeFeedbackCounts, ReactionInput } from './feedback-store.js';
import { migrate } from './migrate.js';
import type { SqlClient } from './sql-client.js';

// The database decides which reaction is current: a row only changes for a reaction at least as
// new as the stored one, so concurrent and late duplicates cannot leave two rows or an older vote.
const UPSERT_REACTION = `
  INSERT INTO reactions (query_id, user_hash, meme_id, kind, reaction, platform, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (query_id, user_hash, meme_id, kind) DO UPDATE
    SET reaction = EXCLUDED.reaction, platform = EXCLUDED.platform, updated_at = EXCLUDED.updated_at
    WHERE reactions.updated_at <= EXCLUDED.updated_at`;

/** The one FeedbackStore, on PostgreSQL or PGlite (same SQL, same migrations). */
export class SqlFeedbackStore implements FeedbackStore {
  constructor(
    private readonly db: SqlClient,
    private readonly schema: string,
  ) {}

  async migrate(): Promise<void> {
    await migrate(this.db, this.schema);
  }

  async submitReaction(r: ReactionInput): Promise<void> {
    const kind = r.reaction === 'chosen' ? 'chosen' : 'vote';
    await this.db.query(UPSERT_REACTION, [r.queryId, r.userHash, r.memeId, kind, r.reaction, r.platform, r.at.toISOString()]);
  }

  async recordImpressions(batch: readonly ImpressionInput[]): Promise<void> {
    if (batch.length === 0) return;
    const shown = batch.flatMap((b) =>
      b.memeIds.map((memeId, rank) => ({ queryId: b.queryId, memeId, rank: rank + 1, at: b.at.toISOString() })),
    );
    // Arrays + unnest: one statement per table whatever the batch size.
    await this.db.transaction(async (q) => {
      await q(
        `INSERT INTO queries (query_id, query_text, platform, user_hash, created_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
         ON CONFLICT (query_id) DO NOTHING`,
        [
          batch.map((b) => b.queryId),
          batch.map((b) => b.queryText),
          batch.map((b) => b.platform),
          batch.map((b) => b.userHash),
          batch.map((b) => b.at.toISOString()),
        ],
      );
      if (shown.length > 0) {
        await q(
          `INSERT INTO impressions (query_id, meme_id, rank, shown_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[])
           ON CONFLICT (query_id, meme_id) DO NOTHING`,
          [shown.map((s) => s.queryId), shown.map((s) => s.memeId), shown.map((s) => s.rank), shown.map((s) => s.at)],
        );
      }
    });
  }

  async memeCounts(): Promise<MemeFeedbackCounts[]> {
    const rows = await this.db.query<{ meme_id: string; likes: number; dislikes: number; chosen: number; impressions: number }>(
      `WITH votes AS (
         SELECT meme_id,
                count(*) FILTER (WHERE reaction = 'like')  AS likes,
                count(*) FILTER (WHERE reaction = 'dislike') AS dislikes,
                count(*) FILTER (WHERE kind = 'chosen')     AS chosen
         FROM reactions GROUP BY meme_id),
       shown AS (SELECT meme_id, count(*) AS impressions FROM impressions GROUP BY meme_id)
       SELECT coalesce(v.meme_id, s.meme_id) AS meme_id,
              coalesce(v.likes, 0)::int AS likes, coalesce(v.dislikes, 0)::int AS dislikes,
              coalesce(v.chosen, 0)::int AS chosen, coalesce(s.impressions, 0)::int AS impressions
       FROM votes v FULL OUTER JOIN shown s ON s.meme_id = v.meme_id`,
      [],
    );
    return rows.map((r) => ({ memeId: r.meme_id, likes: r.likes, dislikes: r.dislikes, chosen: r.chosen, impressions: r.impressions }));
  }

  async labelledRows(): Promise<LabelledRow[]> {
    const rows = await this.db.query<{ query: string; meme_id: string; label: LabelledRow['label'] }>(
      `SELECT q.query_text AS query, r.meme_id, r.reaction AS label
       FROM reactions r JOIN queries q ON q.query_id = r.query_id
       WHERE r.reaction <> 'clear' AND q.query_text IS NOT NULL
       ORDER BY r.updated_at, r.meme_id`,
      [],
    );
    return rows.map((r) => ({ query: r.query, memeId: r.meme_id, label: r.label }));
  }

  async volumes(): Promise<FeedbackVolumes> {
    const [row] = await this.db.query<FeedbackVolumes>(
      `SELECT (SELECT count(*) FROM queries)::int AS queries,
              (SELECT count(*) FROM impressions)::int AS impressions,
              (SELECT count(*) FROM reactions WHERE reaction = 'like')::int AS likes,
              (SELECT count(*) FROM reactions WHERE reaction = 'dislike')::int AS dislikes,
              (SELECT count(*) FROM reactions WHERE kind = 'chosen')::int AS chosen`,
      [],
    );
    return row!;
  }

  /** Retention: old impressions go; old query texts are blanked (the labels keep their ids). */
  async purgeBefore(before: Date): Promise<number> {
    return this.db.transaction(async (q) => {
      const gone = await q<{ n: number }>(
        `WITH d AS (DELETE FROM impressions WHERE shown_at < $1 RETURNING 1) SELECT count(*)::int AS n FROM d`,
        [before.toISOString()],
      );
      const blanked = await q<{ n: number }>(
        `WITH u AS (UPDATE queries SET query_text = NULL WHERE created_at < $1 AND query_text IS NOT NULL RETURNING 1) SELECT count(*)::int AS n FROM u`,
        [before.toISOString()],
      );
      return (gone[0]?.n ?? 0) + (blanked[0]?.n ?? 0);
    });
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
