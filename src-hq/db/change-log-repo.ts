import type { HqStore, NewChange, Sql } from './store';

export interface ChangeRow extends NewChange {
  seq: number;
}

/**
 * Writes a transaction's queued change-log rows just before its commit. The positions come from the
 * single `feed_head` row: `UPDATE … SET head = head + n` takes that row's lock, which is held until
 * the transaction ends, so the next writer gets its positions only after this one committed (or rolled
 * back, when the head goes back with it). Positions are therefore handed out in commit order with no
 * holes: when a puller can see position p, every position below p is already committed and visible.
 */
export async function flushChanges(sql: Sql, rows: readonly NewChange[]): Promise<void> {
  if (rows.length === 0) return;
  const head = await sql.get<{ head: number }>('UPDATE feed_head SET head = head + ? WHERE id = 1 RETURNING head', [rows.length]);
  if (!head) throw new Error('feed_head row missing (HQ migration 0004)');
  const first = head.head - rows.length + 1;
  // Multi-row inserts: one round trip per 100 rows.
  for (let start = 0; start < rows.length; start += 100) {
    const part = rows.slice(start, start + 100);
    const values: unknown[] = [];
    for (let i = 0; i < part.length; i++) {
      const r = part[i]!;
      values.push(first + start + i, r.kind, r.op, r.entity_id, r.store_id, r.terminal_id, r.data_json, r.created_at);
    }
    await sql.run(
      `INSERT INTO change_log (seq, kind, op, entity_id, store_id, terminal_id, data_json, created_at) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      values,
    );
  }
}

/** The global change log terminals pull from. */
export class ChangeLogRepo {
  constructor(private readonly db: HqStore) {}

  /** Queued in the caller's transaction; written (with its position) at commit. */
  append(row: NewChange): Promise<void> {
    return this.db.appendChange(row);
  }

  /** Highest position ever handed out (survives pruning). */
  async headSeq(): Promise<number> {
    const row = await this.db.get<{ head: number }>('SELECT head FROM feed_head WHERE id = 1');
    return row?.head ?? 0;
  }

  /**
   * Changes after `cursor` up to `upTo` (a head read before) visible to one terminal of one store,
   * ascending. Everything up to a head that was read is committed, so the page has no holes.
   */
  listVisibleAfter(cursor: number, upTo: number, storeId: string, terminalId: string, limit: number): Promise<ChangeRow[]> {
    return this.db.all<ChangeRow>(
      `SELECT * FROM change_log
       WHERE seq > ? AND seq <= ? AND (store_id IS NULL OR store_id = ?) AND (terminal_id IS NULL OR terminal_id = ?)
       ORDER BY seq LIMIT ?`,
      [cursor, upTo, storeId, terminalId, limit],
    );
  }

  deleteUpTo(seq: number): Promise<number> {
    return this.db.run('DELETE FROM change_log WHERE seq <= ?', [seq]);
  }

  async count(): Promise<number> {
    return (await this.db.get<{ n: number }>('SELECT count(*) AS n FROM change_log'))!.n;
  }
}
