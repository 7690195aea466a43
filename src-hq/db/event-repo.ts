import type { HqStore } from './store';

export interface EventRow {
  event_id: string;
  terminal_id: string;
  /** Null for an event refused as SEQUENCE_USED (another event holds the number; it stays in the body). */
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
  constructor(private readonly db: HqStore) {}

  findById(eventId: string): Promise<EventRow | undefined> {
    return this.db.get<EventRow>('SELECT * FROM events WHERE event_id = ?', [eventId]);
  }

  /**
   * Stores the event and its result unless its id — or its (terminal, terminalSeq) — is already
   * held (ON CONFLICT: another HQ process may have stored it a moment ago). Returns whether it was stored.
   */
  async insertIfNew(row: EventRow): Promise<boolean> {
    const n = await this.db.run(
      `INSERT INTO events (event_id, terminal_id, terminal_seq, type, body_sha256, body_json, status, result_json, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [row.event_id, row.terminal_id, row.terminal_seq, row.type, row.body_sha256, row.body_json, row.status, row.result_json, row.received_at],
    );
    return n === 1;
  }

  /** The stored events among these ids (one round trip). */
  async findByIds(eventIds: readonly string[]): Promise<Map<string, EventRow>> {
    const out = new Map<string, EventRow>();
    for (let i = 0; i < eventIds.length; i += 500) {
      const part = eventIds.slice(i, i + 500);
      for (const r of await this.db.all<EventRow>(`SELECT * FROM events WHERE event_id IN (${part.map(() => '?').join(', ')})`, part)) out.set(r.event_id, r);
    }
    return out;
  }

  /** Which of these terminalSeqs an event of this terminal already holds (one round trip). */
  async heldTerminalSeqs(terminalId: string, seqs: readonly number[]): Promise<Set<number>> {
    const out = new Set<number>();
    for (let i = 0; i < seqs.length; i += 500) {
      const part = seqs.slice(i, i + 500);
      const rows = await this.db.all<{ terminal_seq: number }>(
        `SELECT terminal_seq FROM events WHERE terminal_id = ? AND terminal_seq IN (${part.map(() => '?').join(', ')})`,
        [terminalId, ...part],
      );
      for (const r of rows) out.add(r.terminal_seq);
    }
    return out;
  }

  /** insertIfNew for many rows in one statement; returns how many were stored. */
  async insertManyIfNew(rows: readonly EventRow[]): Promise<number> {
    let n = 0;
    for (let i = 0; i < rows.length; i += 200) {
      const part = rows.slice(i, i + 200);
      n += await this.db.run(
        `INSERT INTO events (event_id, terminal_id, terminal_seq, type, body_sha256, body_json, status, result_json, received_at)
         VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
        part.flatMap((r) => [r.event_id, r.terminal_id, r.terminal_seq, r.type, r.body_sha256, r.body_json, r.status, r.result_json, r.received_at]),
      );
    }
    return n;
  }

  /** Newest first, optionally for one terminal / one type. */
  list(filter: { terminalId?: string; type?: string; limit: number }): Promise<EventRow[]> {
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
    return this.db.all<EventRow>(sql, [...params, filter.limit]);
  }

  async count(): Promise<number> {
    return (await this.db.get<{ n: number }>('SELECT count(*) AS n FROM events'))!.n;
  }
}
