-- Feedback: what each search showed (impressions) and how users reacted. Runs unchanged on
-- PostgreSQL and PGlite, in the schema the connection's search_path names (never qualified here).
-- User ids are keyed hashes (user-hash.ts); query text is NULL when not stored or purged.
-- No foreign keys on purpose: impressions are buffered and may arrive after a reaction, or never
-- (dropped under load, switched off), and a reaction must be kept either way.

-- One row per search (query_id comes from the service), written with its impressions.
CREATE TABLE IF NOT EXISTS queries (
  query_id   text PRIMARY KEY,
  query_text text,
  platform   text NOT NULL,
  user_hash  text,
  created_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS queries_created_at ON queries (created_at); -- retention

-- Each meme a search showed, with its 1-based rank.
CREATE TABLE IF NOT EXISTS impressions (
  query_id text NOT NULL,
  meme_id  text NOT NULL,
  rank     integer NOT NULL CHECK (rank >= 1),
  shown_at timestamptz NOT NULL,
  PRIMARY KEY (query_id, meme_id)
);
CREATE INDEX IF NOT EXISTS impressions_shown_at ON impressions (shown_at); -- retention

-- The current vote (like / dislike / clear) and the CHOSEN mark per (query, user, meme): the
-- primary key makes a second row impossible, and the upsert only lets a reaction at least as new
-- as the stored one replace it. 'clear' stays as a row, so a late older LIKE cannot come back.
CREATE TABLE IF NOT EXISTS reactions (
  query_id   text NOT NULL,
  user_hash  text NOT NULL,
  meme_id    text NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('vote', 'chosen')),
  reaction   text NOT NULL CHECK (reaction IN ('like', 'dislike', 'clear', 'chosen')),
  platform   text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (query_id, user_hash, meme_id, kind),
  CHECK ((kind = 'chosen') = (reaction = 'chosen'))
);
