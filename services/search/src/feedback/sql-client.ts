import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { FeedbackUnavailableError } from './feedback-store.js';

/** The little SQL surface the feedback store needs, over PostgreSQL or PGlite alike. */
export interface SqlClient {
  readonly kind: 'postgres' | 'pglite';
  query<T extends object>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction on one connection. */
  transaction<R>(fn: (q: <T extends object>(sql: string, params?: unknown[]) => Promise<T[]>) => Promise<R>): Promise<R>;
  close(): Promise<void>;
}

// Errors that mean "the database is not there right now" rather than "the query is wrong".
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
const UNAVAILABLE_TEXT = /timeout|terminated|Connection|connect|ECONN|socket/i;

function unavailable(err: unknown): unknown {
  const e = err as { code?: string; message?: string };
  const code = e?.code ?? '';
  if (UNAVAILABLE_CODES.has(code) || code.startsWith('08') || (!code.match(/^[0-9A-Z]{5}$/) && UNAVAILABLE_TEXT.test(e?.message ?? ''))) {
    return new FeedbackUnavailableError(`the database is unreachable (${code || e?.message})`, { cause: err });
  }
  return err;
}

/**
 * PostgreSQL through a pg pool. Every connection fails in bounded time (connect and statement
 * timeouts), and tables resolve in `schema` (tests use one schema per run).
 */
export class PgClient implements SqlClient {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;

  constructor(
    connectionString: string,
    schema: string,
    opts: { connectTimeoutMs?: number; statementTimeoutMs?: number; max?: number } = {},
  ) {
    this.pool = new pg.Pool({
      connectionString,
      max: opts.max ?? 10,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 2000,
      query_timeout: opts.statementTimeoutMs ?? 5000,
      statement_timeout: opts.statementTimeoutMs ?? 5000,
      options: `-c search_path=${schema}`,
    });
    // An idle connection dropped by the server must not crash the process; the pool replaces it.
    this.pool.on('error', () => {});
  }

  async query<T extends object>(sql: string, params?: unknown[]): Promise<T[]> {
    try {
      // Without parameters pg uses the simple protocol, which also runs multi-statement scripts.
      return (params ? await this.pool.query(sql, params) : await this.pool.query(sql)).rows as T[];
    } catch (err) {
      throw unavailable(err);
    }
  }

  async transaction<R>(fn: (q: <T extends object>(sql: string, params?: unknown[]) => Promise<T[]>) => Promise<R>): Promise<R> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw unavailable(err);
    }
    try {
      await client.query('BEGIN');
      const result = await fn(
        async <T extends object>(sql: string, params?: unknown[]) =>
          (params ? await client.query(sql, params) : await client.query(sql)).rows as T[],
      );
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw unavailable(err);
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** PGlite (PostgreSQL in WebAssembly) persisted in `dataDir`: one connection, queued by PGlite. */
export class PgliteClient implements SqlClient {
  readonly kind = 'pglite';
  private constructor(private readonly db: PGlite) {}

  static async open(dataDir: string): Promise<PgliteClient> {
    const db = new PGlite(dataDir);
    await db.waitReady;
    return new PgliteClient(db);
  }

  async query<T extends object>(sql: string, params?: unknown[]): Promise<T[]> {
    if (params) return (await this.db.query<T>(sql, params)).rows;
    // Without parameters: a script (migrations); exec runs every statement.
    return ((await this.db.exec(sql)).at(-1)?.rows ?? []) as T[];
  }

  transaction<R>(fn: (q: <T extends object>(sql: string, params?: unknown[]) => Promise<T[]>) => Promise<R>): Promise<R> {
    return this.db.transaction((tx) =>
      fn(async <T extends object>(sql: string, params?: unknown[]) =>
        params ? (await tx.query<T>(sql, params)).rows : (((await tx.exec(sql)).at(-1)?.rows ?? []) as T[]),
      ),
    );
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
