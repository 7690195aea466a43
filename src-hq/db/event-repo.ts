import type { Db } from './hq-database';

export interface EventRow {
  event_id: string;
  terminal_id: string;
  terminal_seq: number | null;
  type: string;
  body_sha256: string;
  body_json: string;
  status: string;
  result_json: string;
  received_at: string;
}

/** Received terminal events and the first result HQ gave each (the idempotency record). */
export class EventRepo {
  constructor(private readonly db: Db) {}

  findById(eventId: string): EventRow | undefined {
    return this.db.prepare('SELECT * FROM events WHERE event_id = ?').get(eventId) as EventRow | undefined;
  }

  insert(row: EventRow): void {
    this.db
      .prepare(
        `INSERT INTO events (event_id, terminal_id, terminal_seq, type, body_sha256, body_json, status, result_json, received_at)
         VALUES (@event_id, @terminal_id, @terminal_seq, @type, @body_sha256, @body_json, @status, @result_json, @received_at)`,
      )
      .run(row);
  }

  /** Newest first, optionally for one terminal / one type. */
  list(filter: { terminalId?: string; type?: string; limit: number }): EventRow[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.terminalId) {
      where.push('terminal_id = ?');
      params.push(filter.terminalId);
    }
    if (filter.type) {
      where.push('type = ?');
      params.push(filter.type);
    }
    const sql = `SELECT * FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY received_at DESC, rowid DESC LIMIT ?`;
    return this.db.prepare(sql).all(...params, filter.limit) as EventRow[];
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  }
}
