import path from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase, type Db } from '../../src-node/db/connection';
import { flushChanges } from './change-log-repo';
import { HQ_MIGRATIONS } from './migrations';
import { inSavepoint, TxTrackingStore, type HqStore, type NewChange, type SqlParams } from './store';

interface TxState {
  changes: NewChange[];
  savepoints: number;
}

/**
 * The embedded backend: one better-sqlite3 connection to `<dataDir>/hq.db`. better-sqlite3 is
 * synchronous, so a transaction whose function awaits must keep other requests off the connection
 * until it ends: transactions take a lock, and a statement outside a transaction waits while one is open.
 */
export class SqliteStore extends TxTrackingStore<TxState> implements HqStore {
  readonly backend = 'sqlite' as const;
  readonly forUpdate = '';
  private readonly cache = new Map<string, Database.Statement>();
  private tail: Promise<void> = Promise.resolve();
  private busy = false;

  constructor(
    /** The connection itself (tests and benchmarks read it directly). */
    readonly db: Db,
    readonly location: string,
  ) {
    super();
  }

  private stmt(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) this.cache.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  private acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const prev = this.tail;
    this.tail = prev.then(() => next);
    return prev.then(() => release);
  }

  private async exec<T>(f: () => T): Promise<T> {
    if (this.als.getStore() || !this.busy) return f();
    const release = await this.acquire();
    try {
      return f();
    } finally {
      release();
    }
  }

  all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return this.exec(() => (Array.isArray(params) ? this.stmt(sql).all(...params) : this.stmt(sql).all(params)) as T[]);
  }

  get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return this.exec(() => (Array.isArray(params) ? this.stmt(sql).get(...params) : this.stmt(sql).get(params)) as T | undefined);
  }

  run(sql: string, params: SqlParams = []): Promise<number> {
    return this.exec(() => (Array.isArray(params) ? this.stmt(sql).run(...params) : this.stmt(sql).run(params)).changes);
  }

  async tx<T>(fn: () => Promise<T>): Promise<T> {
    const state = this.als.getStore();
    if (state) return inSavepoint(state, (sql) => this.db.exec(sql), fn);
    const release = await this.acquire();
    this.busy = true;
    try {
      this.db.exec('BEGIN IMMEDIATE');
      const fresh: TxState = { changes: [], savepoints: 0 };
      try {
        const result = await this.als.run(fresh, fn);
        await this.als.run(fresh, () => flushChanges(this, fresh.changes));
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    } finally {
      this.busy = false;
      release();
    }
  }

  async ping(): Promise<void> {
    await this.get('SELECT 1 AS ok');
  }

  async close(): Promise<void> {
    const release = await this.acquire();
    try {
      this.db.close();
    } finally {
      release();
    }
  }
}

/** Opens (creating and migrating) `<dataDir>/hq.db`. */
export function openSqliteStore(dataDir: string): SqliteStore {
  const file = path.join(dataDir, 'hq.db');
  return new SqliteStore(openDatabase({ file, migrations: HQ_MIGRATIONS }), file);
}
