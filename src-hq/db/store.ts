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

import { AsyncLocalStorage } from 'node:async_hooks';
import { flushChanges } from './change-log-repo';

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

/** What a store keeps per open transaction. */
export interface TxChanges {
  changes: NewChange[];
  savepoints: number;
}

/**
 * A nested transaction as a savepoint: released on success; on failure rolled back, with the change
 * rows it queued dropped. `exec` runs one SQL command on the transaction's connection.
 */
export async function inSavepoint<T>(state: TxChanges, exec: (sql: string) => unknown, fn: () => Promise<T>): Promise<T> {
  const name = `sp${++state.savepoints}`;
  const mark = state.changes.length;
  await exec(`SAVEPOINT ${name}`);
  try {
    const result = await fn();
    await exec(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (err) {
    await exec(`ROLLBACK TO SAVEPOINT ${name}`);
    await exec(`RELEASE SAVEPOINT ${name}`);
    if (state.changes.length > mark) state.changes.length = mark;
    throw err;
  }
}

/** What both stores share: the open transaction found through AsyncLocalStorage and its queued change rows. */
export abstract class TxTrackingStore<S extends TxChanges> {
  protected readonly als = new AsyncLocalStorage<S>();

  abstract tx<T>(fn: () => Promise<T>): Promise<T>;
  abstract all<T>(sql: string, params?: SqlParams): Promise<T[]>;
  abstract get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
  abstract run(sql: string, params?: SqlParams): Promise<number>;

  inTx(): boolean {
    return this.als.getStore() !== undefined;
  }

  async appendChange(row: NewChange): Promise<void> {
    const state = this.als.getStore();
    if (state) state.changes.push(row);
    else await this.tx(async () => this.appendChange(row));
  }

  async flushPending(): Promise<void> {
    const state = this.als.getStore();
    if (state) await flushChanges(this, state.changes.splice(0));
  }
}
