import type { HqStore } from './store';

/** Small named values: the change-log floor, id counters, seed markers. */
export class MetaRepo {
  constructor(private readonly db: HqStore) {}

  async read(key: string): Promise<string | undefined> {
    return (await this.db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key]))?.value;
  }

  async readInt(key: string, fallback = 0): Promise<number> {
    const v = await this.read(key);
    return v === undefined ? fallback : Number(v);
  }

  async write(key: string, value: string | number): Promise<void> {
    await this.db.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [key, String(value)]);
  }

  /** Writes the value only when the key has none; returns the stored value (the first writer's, across HQ processes). */
  async writeOnce(key: string, value: string): Promise<string> {
    await this.db.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING', [key, value]);
    return (await this.read(key))!;
  }

  /** Returns the next value of a counter and stores it, in one statement (safe across HQ processes). */
  async nextCounter(key: string): Promise<number> {
    const row = await this.db.get<{ value: string }>(
      `INSERT INTO meta (key, value) VALUES (?, '1')
       ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT) RETURNING value`,
      [key],
    );
    return Number(row!.value);
  }
}
