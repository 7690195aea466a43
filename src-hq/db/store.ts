/**
 * The HQ storage interface: an async SQL executor with transactions, over SQLite (embedded default,
 * better-sqlite3) or PostgreSQL (`HQ_DATABASE_URL=postgres://…`, the `pg` client). The repositories
 * are written once against it; the few dialect differences are named here.
 *
 * SQL uses `?` positional parameters (an array) or `@name` parameters (an object); the PostgreSQL
 * store rewrites both to `$n`.
 *
 * Transactions: `tx(fn)` runs `fn` in a transaction; every query made while `fn` runs (through this
 * store, from any repository) uses that transaction, found through AsyncLocalStorage. A nested `tx` is
 * a savepoint. Change-log rows appended in a transaction are written by the outermost commit, each
 * with the next feed position, under the feed-head row lock (see change-log-repo.ts).
 */

export type SqlParams = readonly unknown[] | Readonly<Record<string, unknown>>;

export type Backend = 'sqlite' | 'postgres';

export interface Sql {
  all<T>(sql: string, params?: SqlParams): Promise<T[]>;
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: SqlParams): Promise<number>;
}

/** A change-log row before it has its feed position. */
export interface NewChange {
  kind: string;
  op: 'upsert' | 'delete';
  entity_id: string;
  store_id: string | null;
  terminal_id: string | null;
  data_json: string;
  created_at: string;
}

export interface HqStore extends Sql {
  readonly backend: Backend;
  /** Where the data lives, for the start-up line (never a password). */
  readonly location: string;
  /** `' FOR UPDATE'` on PostgreSQL (row lock for read-modify-write across processes); `''` on SQLite (one writer). */
  readonly forUpdate: string;
  tx<T>(fn: () => Promise<T>): Promise<T>;
  /** Whether the caller runs inside `tx`. */
  inTx(): boolean;
  /** Queues a change-log row for the current transaction's commit (outside a transaction: its own). */
  appendChange(row: NewChange): Promise<void>;
  /** Writes the current transaction's queued change-log rows now (takes the feed-head lock early). */
  flushPending(): Promise<void>;
  /** A cheap round trip (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A unique-constraint violation (either backend): the caller retries after the other writer committed. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** A deadlock or serialization failure (PostgreSQL): the whole transaction may be retried. */
export function isRetryableTxError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}
