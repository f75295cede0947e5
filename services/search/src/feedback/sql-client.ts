import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Logger } from '../logging/logger.js';
import { lockDataDir } from './data-dir-lock.js';
import { FeedbackUnavailableError } from './feedback-store.js';

export type Query = <T extends object>(sql: string, params?: readonly unknown[]) => Promise<T[]>;

/**
 * The little SQL surface the feedback store needs, the same over PostgreSQL and PGlite. `params`
 * present: one parameterised statement; absent: a script of several statements (migrations).
 */
export interface SqlClient {
  readonly kind: 'postgres' | 'pglite';
  /** Where the tables live (PostgreSQL's search_path; PGlite always 'public'). */
  readonly schema: string;
  query: Query;
  /** `fn` in one transaction on one connection; `timeoutMs` replaces the short default for slow work. */
  transaction<R>(fn: (q: Query) => Promise<R>, opts?: { timeoutMs?: number }): Promise<R>;
  close(): Promise<void>;
}

/** Interpolated into SQL and connection options, so only plain lower-case identifiers. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

// "The database is not there right now", as opposed to "the statement is wrong". SQLSTATE: 08xxx
// connection, 53xxx out of resources, 57014 statement timeout, 57P0x shutting down, 25006 read-only
// (a failover in progress); the rest are socket errors and pg's own messages, which carry no code.
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const SQLSTATE_UNAVAILABLE = /^(08...|53...|57014|57P0.|25006)$/;
const PG_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Client was closed|Cannot use a pool after calling end|PGlite is clos(ed|ing))/;

function isUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (SOCKET_CODES.has(code) || SQLSTATE_UNAVAILABLE.test(code)) return true;
  if (typeof e.message === 'string' && PG_MESSAGES.test(e.message)) return true;
  // Node's happy-eyeballs connect (localhost → ::1 and 127.0.0.1) fails with an AggregateError.
  const nested = [...(Array.isArray(e.errors) ? e.errors : []), e.cause];
  return nested.some((n) => isUnavailable(n, depth + 1));
}

/** The message goes back to gRPC clients: a reason, never hosts or credentials. */
function mapError(err: unknown): unknown {
  if (err instanceof FeedbackUnavailableError || !isUnavailable(err)) return err;
  const e = err as { code?: string; message?: string };
  const reason = e.code && !/^\d/.test(e.code) ? e.code : (e.message ?? '').split(/[:(]/)[0]!.trim();
  return new FeedbackUnavailableError(`the feedback database is unreachable or timed out (${reason || 'unknown'})`, { cause: err });
}

export interface PgClientOptions {
  /** Connecting, including waiting for a free pooled connection. */
  connectTimeoutMs?: number;
  /** Per statement, enforced by the server (statement_timeout) and by the client (query_timeout). */
  statementTimeoutMs?: number;
  max?: number;
  logger?: Logger;
}

/**
 * PostgreSQL through a pg pool; every failure to reach it is a FeedbackUnavailableError in bounded
 * time: a refused port at once, a connect that hangs (or no free pooled connection) after
 * connectTimeoutMs (2 s), a statement that hangs after statementTimeoutMs + 0.5 s (3 s). Every
 * connection resolves tables in `schema`.
 */
export class PgClient implements SqlClient {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;
  private readonly statementTimeoutMs: number;
  private ended: Promise<void> | undefined;

  constructor(
    connectionString: string,
    readonly schema: string,
    opts: PgClientOptions = {},
  ) {
    if (!SCHEMA_NAME.test(schema)) throw new Error(`schema must be a lower-case identifier ([a-z_][a-z0-9_]*), got "${schema}"`);
    this.statementTimeoutMs = opts.statementTimeoutMs ?? 2500;
    this.pool = new pg.Pool({
      connectionString,
      max: opts.max ?? 10,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 2000,
      statement_timeout: this.statementTimeoutMs,
      query_timeout: this.statementTimeoutMs + 500, // the server's timeout should fire first
      // A startup parameter, so it holds on every connection the pool opens, before any query.
      options: `-c search_path=${schema}`,
      application_name: 'memesearch',
      keepAlive: true,
    });
    // An idle connection dropped by the server must not crash the process; the pool replaces it.
    this.pool.on('error', (err) => opts.logger?.warn({ err: err.message }, 'feedback database: idle connection lost'));
  }

  async query<T extends object>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    try {
      // Without parameters pg uses the simple protocol, which also runs multi-statement scripts.
      const res = params ? await this.pool.query(sql, params as unknown[]) : await this.pool.query(sql);
      return res.rows as T[];
    } catch (err) {
      throw mapError(err);
    }
  }

  async transaction<R>(fn: (q: Query) => Promise<R>, opts: { timeoutMs?: number } = {}): Promise<R> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw mapError(err);
    }
    const timeoutMs = opts.timeoutMs ?? this.statementTimeoutMs;
    const q: Query = async <T extends object>(text: string, params?: readonly unknown[]) => {
      // pg reads query_timeout from the query config too; its types only list it for the pool.
      const config = { text, values: params as unknown[] | undefined, query_timeout: timeoutMs + 500 } as pg.QueryConfig;
      return (await client.query(config)).rows as T[];
    };
    let broken: unknown;
    try {
      await q('BEGIN');
      // Integer from our own options, so safe to inline (SET takes no parameters).
      if (opts.timeoutMs !== undefined) await q(`SET LOCAL statement_timeout = ${Math.max(0, Math.floor(timeoutMs))}`);
      const result = await fn(q);
      await q('COMMIT');
      return result;
    } catch (err) {
      // A connection in an unknown state (lost, timed out, rollback failed) is destroyed, not
      // reused; the server rolls back on disconnect, so no ROLLBACK that could hang as well.
      if (isUnavailable(err)) broken = err;
      else await q('ROLLBACK').catch((e: unknown) => (broken = e));
      throw mapError(err);
    } finally {
      client.release(broken !== undefined);
    }
  }

  close(): Promise<void> {
    this.ended ??= this.pool.end();
    return this.ended;
  }
}

/**
 * PGlite (PostgreSQL in WebAssembly) persisted in `dataDir`. One in-process connection: PGlite
 * queues query/exec/transaction itself (a transaction holds the queue until it ends), so callers
 * may issue calls concurrently. PGlite does not lock its directory, and a second instance on it
 * silently loses writes, so the directory is locked for this process while open.
 */
export class PgliteClient implements SqlClient {
  readonly kind = 'pglite';
  readonly schema = 'public';
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly db: PGlite,
    private readonly unlock: () => Promise<void>,
  ) {}

  static async open(dataDir: string): Promise<PgliteClient> {
    const unlock = await lockDataDir(dataDir);
    try {
      return new PgliteClient(await PGlite.create(dataDir), unlock);
    } catch (err) {
      await unlock();
      throw err;
    }
  }

  async query<T extends object>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    try {
      return await runOn(this.db, sql, params);
    } catch (err) {
      throw mapError(err);
    }
  }

  async transaction<R>(fn: (q: Query) => Promise<R>): Promise<R> {
    try {
      return await this.db.transaction((tx) => fn((sql, params) => runOn(tx, sql, params)));
    } catch (err) {
      throw mapError(err);
    }
  }

  close(): Promise<void> {
    this.closed ??= this.db.close().finally(() => this.unlock());
    return this.closed;
  }
}

type PgliteQueryable = Pick<PGlite, 'query' | 'exec'>;

async function runOn<T extends object>(db: PgliteQueryable, sql: string, params?: readonly unknown[]): Promise<T[]> {
  if (params) return (await db.query<T>(sql, params as unknown[])).rows;
  // A script (migrations): exec runs every statement; the last one's rows are the result.
  return ((await db.exec(sql)).at(-1)?.rows ?? []) as T[];
}
