import pg from 'pg';
import { flushChanges } from './change-log-repo';
import { PG_MIGRATIONS, type PgMigration } from './pg-migrations';
import { inSavepoint, TxTrackingStore, isRetryableTxError, isUniqueViolation, type HqStore, type NewChange, type SqlParams } from './store';

interface TxState {
  client: pg.PoolClient;
  changes: NewChange[];
  savepoints: number;
}

interface Prepared {
  name: string;
  text: string;
  /** For `@name` SQL: the parameter names in `$n` order. */
  names: string[] | null;
}

/** int8 (count(*), positions) as a JS number: HQ's counts and positions stay far below 2^53. */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

const TX_ATTEMPTS = 3;

/**
 * The PostgreSQL backend: a `pg` pool. Statements are sent as named prepared statements (parsed
 * once per connection). A transaction holds one pooled connection; a deadlock, a serialization
 * failure or a unique violation (another process wrote the same key first) retries the whole
 * transaction function, at most three times: the retry sees what the other process committed.
 */
export class PgStore extends TxTrackingStore<TxState> implements HqStore {
  readonly backend = 'postgres' as const;
  readonly forUpdate = ' FOR UPDATE';
  private readonly prepared = new Map<string, Prepared>();

  constructor(
    readonly pool: pg.Pool,
    readonly location: string,
  ) {
    super();
  }

  private prepare(sql: string): Prepared {
    let p = this.prepared.get(sql);
    if (!p) {
      let n = 0;
      let names: string[] | null = null;
      let text: string;
      if (/@[a-z_]/i.test(sql)) {
        names = [];
        const order = names;
        text = sql.replace(/@([a-z_][a-z0-9_]*)/gi, (_m, name: string) => {
          let i = order.indexOf(name);
          if (i < 0) i = order.push(name) - 1;
          return `$${i + 1}`;
        });
      } else {
        text = sql.replace(/\?/g, () => `$${++n}`);
      }
      p = { name: `hq${this.prepared.size + 1}`, text, names };
      this.prepared.set(sql, p);
    }
    return p;
  }

  private async query<T>(sql: string, params: SqlParams): Promise<pg.QueryResult<T & pg.QueryResultRow>> {
    const p = this.prepare(sql);
    const values = p.names ? p.names.map((n) => (params as Record<string, unknown>)[n]) : (params as unknown[]);
    const config = { name: p.name, text: p.text, values };
    const state = this.als.getStore();
    return state ? state.client.query<T & pg.QueryResultRow>(config) : this.pool.query<T & pg.QueryResultRow>(config);
  }

  async all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return (await this.query<T>(sql, params)).rows;
  }

  async get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return (await this.query<T>(sql, params)).rows[0];
  }

  async run(sql: string, params: SqlParams = []): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }

  async tx<T>(fn: () => Promise<T>): Promise<T> {
    const state = this.als.getStore();
    if (state) return inSavepoint(state, (sql) => state.client.query(sql), fn);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.outerTx(fn);
      } catch (err) {
        if (attempt >= TX_ATTEMPTS || !(isRetryableTxError(err) || isUniqueViolation(err))) throw err;
      }
    }
  }

  private async outerTx<T>(fn: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const fresh: TxState = { client, changes: [], savepoints: 0 };
      try {
        const result = await this.als.run(fresh, fn);
        await this.als.run(fresh, () => flushChanges(this, fresh.changes));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: unknown) => {
          broken = e as Error;
        });
        throw err;
      }
    } finally {
      client.release(broken);
    }
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** `postgres://user@host:port/db` without the password, for logs. */
export function describePgUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return `${u.protocol}//${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return 'postgres (unparsable URL)';
  }
}

/**
 * Applies every PostgreSQL migration the database lacks, in one transaction under an advisory lock
 * (several HQ processes may start at once), and records each in `hq_schema_migrations`.
 */
export async function migratePg(pool: pg.Pool, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<number> {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`PostgreSQL migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('counter-terminal-hq-migrate'))");
    await client.query(`CREATE TABLE IF NOT EXISTS hq_schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = (await client.query<{ version: number }>('SELECT version FROM hq_schema_migrations ORDER BY version')).rows.map((r) => r.version);
    const current = applied.length === 0 ? 0 : Math.max(...applied);
    if (current > migrations.length) {
      throw new Error(`the HQ database is at schema version ${current}, newer than this HQ (${migrations.length}); run a newer HQ`);
    }
    for (const m of migrations.slice(current)) {
      await client.query(m.sql);
      await client.query('INSERT INTO hq_schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    await client.query('COMMIT');
    return migrations.length;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export interface OpenPgOptions {
  url: string;
  /** Connections per HQ process (HQ_PG_POOL_MAX, default 10). */
  poolMax?: number;
  migrations?: readonly PgMigration[];
}

export async function openPgStore(options: OpenPgOptions): Promise<PgStore> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolMax ?? 10, types, application_name: 'counter-terminal-hq' });
  // an idle connection the server dropped must not crash the process
  pool.on('error', () => undefined);
  try {
    await migratePg(pool, options.migrations);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  return new PgStore(pool, describePgUrl(options.url));
}
