-- Feedback: what each search showed (impressions) and how users reacted. Runs unchanged on
-- PostgreSQL and PGlite. User ids are keyed hashes; query text may be NULL (switched off or purged).

CREATE TABLE IF NOT EXISTS queries (
  query_id   text PRIMARY KEY,
  query_text text,
  platform   text NOT NULL DEFAULT '',
  user_hash  text,
  created_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS queries_created_at ON queries (created_at);

CREATE TABLE IF NOT EXISTS impressions (
  query_id text NOT NULL,
  meme_id  text NOT NULL,
  rank     integer NOT NULL,
  shown_at timestamptz NOT NULL,
  PRIMARY KEY (query_id, meme_id)
);
CREATE INDEX IF NOT EXISTS impressions_meme ON impressions (meme_id);
CREATE INDEX IF NOT EXISTS impressions_shown_at ON impressions (shown_at);

-- One current vote (like/dislike/clear) and one 'chosen' mark per (query, user, meme): the
-- primary key is what makes duplicates impossible; updated_at decides which reaction is current.
CREATE TABLE IF NOT EXISTS reactions (
  query_id   text NOT NULL,
  user_hash  text NOT NULL,
  meme_id    text NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('vote', 'chosen')),
  reaction   text NOT NULL CHECK (reaction IN ('like', 'dislike', 'clear', 'chosen')),
  platform   text NOT NULL DEFAULT '',
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (query_id, user_hash, meme_id, kind)
);
CREATE INDEX IF NOT EXISTS reactions_meme ON reactions (meme_id);
