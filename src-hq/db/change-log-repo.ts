import type { Db } from './hq-database';

export interface ChangeRow {
  seq: number;
  kind: string;
  op: 'upsert' | 'delete';
  entity_id: string;
  store_id: string | null;
  terminal_id: string | null;
  data_json: string;
  created_at: string;
}

/** The global, monotonic change log terminals pull from. Written in the caller's transaction. */
export class ChangeLogRepo {
  constructor(private readonly db: Db) {}

  append(row: Omit<ChangeRow, 'seq'>): number {
    const info = this.db
      .prepare(
        `INSERT INTO change_log (kind, op, entity_id, store_id, terminal_id, data_json, created_at)
         VALUES (@kind, @op, @entity_id, @store_id, @terminal_id, @data_json, @created_at)`,
      )
      .run(row);
    return Number(info.lastInsertRowid);
  }

  /** Highest seq ever handed out (survives pruning thanks to AUTOINCREMENT). */
  headSeq(): number {
    const row = this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'change_log'").get() as
      | { seq: number }
      | undefined;
    return row?.seq ?? 0;
  }

  /** Changes after `cursor` visible to one terminal of one store, ascending. */
  listVisibleAfter(cursor: number, storeId: string, terminalId: string, limit: number): ChangeRow[] {
    return this.db
      .prepare(
        `SELECT * FROM change_log
         WHERE seq > ? AND (store_id IS NULL OR store_id = ?) AND (terminal_id IS NULL OR terminal_id = ?)
         ORDER BY seq LIMIT ?`,
      )
      .all(cursor, storeId, terminalId, limit) as ChangeRow[];
  }

  deleteUpTo(seq: number): number {
    return this.db.prepare('DELETE FROM change_log WHERE seq <= ?').run(seq).changes;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM change_log').get() as { n: number }).n;
  }
}
