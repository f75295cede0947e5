import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logging/logger.js';
import { FeedbackUnavailableError } from './feedback-store.js';
import { PgClient, PgliteClient, type PgClientOptions, type SqlClient } from './sql-client.js';
import { SqlFeedbackStore } from './sql-feedback-store.js';

export interface OpenFeedbackOptions {
  /** PostgreSQL when set; else PGlite under `dataDir`. */
  databaseUrl?: string | undefined;
  /** PostgreSQL schema for the tables (created if missing); default 'public'. Unused by PGlite. */
  schema?: string | undefined;
  /** PGlite keeps its files in `dataDir/pgdata` (locked to one process). Unused with PostgreSQL. */
  dataDir: string;
  logger: Logger;
  /** Timeouts and pool size for PostgreSQL; the defaults fail a dead database within ~2–3 s. */
  postgres?: Omit<PgClientOptions, 'logger'>;
}

/**
 * Opens the store and applies migrations. PostgreSQL unreachable at start-up is not fatal
 * (searches must not depend on feedback): the store is returned, its calls fail with
 * FeedbackUnavailableError, and the first call after the database is back migrates first. Any
 * other failure (bad migration, no privilege, PGlite directory in use) is thrown.
 */
export async function openFeedbackStore(opts: OpenFeedbackOptions): Promise<SqlFeedbackStore> {
  let client: SqlClient;
  if (opts.databaseUrl) {
    client = new PgClient(opts.databaseUrl, opts.schema ?? 'public', { ...opts.postgres, logger: opts.logger });
  } else {
    await mkdir(opts.dataDir, { recursive: true });
    client = await PgliteClient.open(join(opts.dataDir, 'pgdata'));
  }
  const store = new SqlFeedbackStore(client, opts.logger);
  try {
    await store.migrate();
  } catch (err) {
    if (!(err instanceof FeedbackUnavailableError)) {
      await store.close().catch(() => {});
      throw err;
    }
    opts.logger.warn(
      { err: err.message },
      'feedback database unreachable; feedback calls fail until it is back (migrations then run first)',
    );
  }
  return store;
}
