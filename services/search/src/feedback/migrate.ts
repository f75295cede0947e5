import { readdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../config/paths.js';
import type { SqlClient } from './sql-client.js';

export const MIGRATIONS_DIR = resolve(REPO_ROOT, 'services/search/migrations');

/**
 * Applies the numbered SQL files of `migrations/` that are not yet recorded in
 * `schema_migrations`, in order, in one transaction. On PostgreSQL an advisory lock serialises
 * replicas starting together; PGlite has a single connection. Safe to run any number of times.
 */
export async function migrate(db: SqlClient, schema: string): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
  if (db.kind === 'postgres') await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch(ignoreConcurrentCreate);
  return db.transaction(async (q) => {
    if (db.kind === 'postgres') await q(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`memesearch-migrations:${schema}`]);
    await q(`CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await q<{ version: string }>(`SELECT version FROM schema_migrations`)).map((r) => r.version));
    const applied: string[] = [];
    for (const file of files.filter((f) => !done.has(f))) {
      await q(await readFile(resolve(MIGRATIONS_DIR, file), 'utf8'));
      await q(`INSERT INTO schema_migrations (version) VALUES ($1)`, [file]);
      applied.push(file);
    }
    return applied;
  });
}

/** Two replicas creating the schema at once: the loser's duplicate-key error means it exists. */
function ignoreConcurrentCreate(err: unknown): void {
  if ((err as { code?: string }).code !== '23505') throw err;
}
