import { mkdir } from 'node:fs/promises';
import type { Logger } from '../logging/logger.js';
import type { FeedbackStore } from './feedback-store.js';
import { PgClient, PgliteClient } from './sql-client.js';
import { SqlFeedbackStore } from './sql-feedback-store.js';

export interface OpenFeedbackOptions {
  /** PostgreSQL when set; else PGlite in `dataDir`. */
  databaseUrl?: string;
  schema: string;
  dataDir: string;
  logger: Logger;
}

/**
 * Opens and migrates the store. With PostgreSQL unreachable at start-up the store is still
 * returned (searches must not depend on it); migrations are retried in the background and calls
 * fail with FeedbackUnavailableError until the database answers.
 */
export async function openFeedbackStore(opts: OpenFeedbackOptions): Promise<FeedbackStore> {
  if (!opts.databaseUrl) {
    await mkdir(opts.dataDir, { recursive: true });
    const store = new SqlFeedbackStore(await PgliteClient.open(opts.dataDir), 'public');
    await store.migrate();
    return store;
  }
  const store = new SqlFeedbackStore(new PgClient(opts.databaseUrl, opts.schema), opts.schema);
  try {
    await store.migrate();
  } catch (err) {
    opts.logger.error({ err: (err as Error).message }, 'feedback database not ready; retrying its migrations in the background');
    const retry = setInterval(() => {
      store.migrate().then(
        () => {
          clearInterval(retry);
          opts.logger.info('feedback database migrated');
        },
        () => {},
      );
    }, 5000);
    retry.unref();
  }
  return store;
}
