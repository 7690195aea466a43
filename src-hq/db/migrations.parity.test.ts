import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { openDatabase } from '../../src-node/db/connection';
import { sharedPgDatabase } from '../../test-support/hq-db/shared-cluster';
import { describePg } from '../../test-support/hq-db/backends';
import { HQ_MIGRATIONS } from './migrations';
import { PG_MIGRATIONS } from './pg-migrations';
import { migratePg } from './pg-store';

type Shape = Record<string, string[]>;

/** table -> sorted "column notnull" lines; PostgreSQL's explicit `rowid` stands for SQLite's implicit one. */
function sqliteShape(file: string): Shape {
  const db = openDatabase({ file, migrations: HQ_MIGRATIONS });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
    const shape: Shape = {};
    for (const t of tables) {
      const cols = db.prepare(`PRAGMA table_info("${t.name}")`).all() as { name: string; notnull: number; pk: number }[];
      shape[t.name] = cols.map((c) => `${c.name} ${c.notnull || c.pk ? 'not null' : 'null'}`).sort();
    }
    return shape;
  } finally {
    db.close();
  }
}

async function pgShape(client: pg.Client): Promise<Shape> {
  const rows = (
    await client.query<{ table_name: string; column_name: string; is_nullable: string }>(
      `SELECT table_name, column_name, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> 'hq_schema_migrations' AND column_name <> 'rowid'`,
    )
  ).rows;
  const shape: Shape = {};
  for (const r of rows) (shape[r.table_name] ??= []).push(`${r.column_name} ${r.is_nullable === 'YES' ? 'null' : 'not null'}`);
  for (const k of Object.keys(shape)) shape[k]!.sort();
  return shape;
}

it('the two migration folders have the same steps, in the same order', () => {
  expect(PG_MIGRATIONS.map((m) => [m.version, m.name])).toEqual(HQ_MIGRATIONS.map((m) => [m.version, m.name]));
});

/**
 * pg-pool's end() resolves once its clients are asked to end, before their sockets close; when the shared
 * test cluster stops right after, the server's "terminating connection" (57P01) reaches such a client and the
 * pool re-emits it as 'error' — unhandled without a listener (as in pg-store.ts).
 */
function quietAtShutdown(pool: pg.Pool): pg.Pool {
  pool.on('error', () => undefined);
  return pool;
}

describePg('HQ migrations on PostgreSQL', () => {
  it('give the same tables and columns as on SQLite, are recorded, and run once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hq-parity-'));
    const url = await sharedPgDatabase();
    const pool = quietAtShutdown(new pg.Pool({ connectionString: url, max: 2 }));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect(await migratePg(pool)).toBe(PG_MIGRATIONS.length);
      const lite = sqliteShape(path.join(dir, 'hq.db'));
      const post = await pgShape(client);
      expect(Object.keys(post).sort()).toEqual(Object.keys(lite).sort());
      for (const table of Object.keys(lite)) expect({ table, columns: post[table] }).toEqual({ table, columns: lite[table] });

      const recorded = (await client.query('SELECT version, name FROM hq_schema_migrations ORDER BY version')).rows;
      expect(recorded).toEqual(PG_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
      // a second start applies nothing; the feed head row is still the only one
      await migratePg(pool);
      expect((await client.query('SELECT count(*)::int AS n FROM hq_schema_migrations')).rows[0]).toEqual({ n: PG_MIGRATIONS.length });
      expect((await client.query('SELECT id, head FROM feed_head')).rows).toEqual([{ id: 1, head: '0' }]);
    } finally {
      await client.end();
      await pool.end();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a database migrated by a newer HQ, and two processes migrating at once apply each step once', async () => {
    const url = await sharedPgDatabase();
    const pools = [quietAtShutdown(new pg.Pool({ connectionString: url, max: 1 })), quietAtShutdown(new pg.Pool({ connectionString: url, max: 1 }))];
    try {
      await Promise.all(pools.map((p) => migratePg(p)));
      const rows = (await pools[0]!.query('SELECT version FROM hq_schema_migrations ORDER BY version')).rows.map((r: { version: number }) => r.version);
      expect(rows).toEqual(PG_MIGRATIONS.map((m) => m.version));
      await pools[0]!.query("INSERT INTO hq_schema_migrations (version, name) VALUES (99, '0099-future')");
      await expect(migratePg(pools[1]!)).rejects.toThrow(/schema version 99, newer than this HQ/);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });
});
