import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../config/paths.js';
import type { Logger } from '../logging/logger.js';
import type { SqlClient } from './sql-client.js';

export const MIGRATIONS_DIR = resolve(REPO_ROOT, 'services/search/migrations');

/** Migrations may rewrite big tables: far longer than a request's statement timeout. */
const MIGRATION_TIMEOUT_MS = 10 * 60_000;

interface Migration {
  version: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  // A misnamed file would otherwise be skipped without a word.
  const misnamed = files.filter((f) => !/^\d{4}_[a-z0-9_]+\.sql$/.test(f));
  if (misnamed.length > 0) throw new Error(`migrations must be named NNNN_snake_case.sql: ${misnamed.join(', ')}`);
  return Promise.all(
    files.map(async (version) => {
      const sql = await readFile(resolve(dir, version), 'utf8');
      return { version, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

/**
 * Applies the numbered files of `migrations/` not yet recorded in `schema_migrations`, in order,
 * in one transaction (all or nothing; PostgreSQL DDL is transactional). On PostgreSQL a
 * transaction-scoped advisory lock per schema serialises replicas starting together: the second
 * waits, then finds everything recorded. PGlite is one connection in one process (see
 * data-dir-lock.ts). Returns the versions applied by this call.
 */
export async function migrate(db: SqlClient, log?: Logger, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await readMigrations(dir);
  return db.transaction(
    async (q) => {
      if (db.kind === 'postgres') {
        await q(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`memesearch-migrations:${db.schema}`]);
        // Looked up first: CREATE SCHEMA IF NOT EXISTS still needs CREATE on the database, which an
        // application role given an existing schema usually lacks. The schema name is validated.
        const exists = await q(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [db.schema]);
        if (exists.length === 0) await q(`CREATE SCHEMA ${db.schema}`);
      }
      await q(`CREATE TABLE IF NOT EXISTS schema_migrations (
                 version text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const done = new Map(
        (await q<{ version: string; checksum: string }>(`SELECT version, checksum FROM schema_migrations`, [])).map((r) => [
          r.version,
          r.checksum,
        ]),
      );
      const applied: string[] = [];
      for (const m of migrations) {
        const recorded = done.get(m.version);
        if (recorded !== undefined) {
          // Editing an applied migration changes nothing in existing databases: say so, do not fail.
          if (recorded !== m.checksum)
            log?.warn({ version: m.version }, 'migration file changed after it was applied; add a new migration instead');
          continue;
        }
        await q(m.sql);
        await q(`INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)`, [m.version, m.checksum]);
        applied.push(m.version);
      }
      return applied;
    },
    { timeoutMs: MIGRATION_TIMEOUT_MS },
  );
}
