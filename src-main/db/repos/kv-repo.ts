import type { Db } from '../../../src-node/db/connection';

/** Small named values of the terminal (identity, cursors, last sync times), stored as JSON text. */
export function createKvRepo(db: Db) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?');
  const put = db.prepare<[string, string]>(
    'INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  const del = db.prepare<[string]>('DELETE FROM kv WHERE key = ?');
  return {
    get<T>(key: string): T | undefined {
      const row = get.get(key);
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    set(key: string, value: unknown): void {
      put.run(key, JSON.stringify(value));
    },
    delete(key: string): void {
      del.run(key);
    },
  };
}
export type KvRepo = ReturnType<typeof createKvRepo>;
