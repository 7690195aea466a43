import type Database from 'better-sqlite3';
import type { Db } from './hq-database';

/** Small named values: the change-log floor, id counters, seed markers. */
export class MetaRepo {
  private readonly get: Database.Statement;
  private readonly put: Database.Statement;
  constructor(db: Db) {
    this.get = db.prepare('SELECT value FROM meta WHERE key = ?');
    this.put = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
  }
  read(key: string): string | undefined {
    return (this.get.get(key) as { value: string } | undefined)?.value;
  }
  readInt(key: string, fallback = 0): number {
    const v = this.read(key);
    return v === undefined ? fallback : Number(v);
  }
  write(key: string, value: string | number): void {
    this.put.run(key, String(value));
  }
  /** Returns the next value of a counter and stores it. */
  nextCounter(key: string): number {
    const n = this.readInt(key) + 1;
    this.write(key, n);
    return n;
  }
}
