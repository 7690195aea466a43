import type { HqStore } from './store';

export interface TerminalRow {
  terminal_id: string;
  store_id: string;
  code: string;
  name: string;
  token_sha256: string;
  active: number;
  config_json: string;
  last_seq: number;
  contiguous_seq: number;
  created_at: string;
  /** When the terminal last reached HQ (schema v6), or null. */
  last_seen_at?: string | null;
}

/** Terminals, their token hashes and their event sequence state. */
export class TerminalRepo {
  constructor(private readonly db: HqStore) {}

  async insert(row: Omit<TerminalRow, 'last_seq' | 'contiguous_seq'>): Promise<void> {
    await this.db.run(
      `INSERT INTO terminals (terminal_id, store_id, code, name, token_sha256, active, config_json, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [row.terminal_id, row.store_id, row.code, row.name, row.token_sha256, row.active, row.config_json, row.created_at],
    );
  }

  findByTokenHash(tokenSha256: string): Promise<TerminalRow | undefined> {
    return this.db.get<TerminalRow>('SELECT * FROM terminals WHERE token_sha256 = ?', [tokenSha256]);
  }

  findById(terminalId: string): Promise<TerminalRow | undefined> {
    return this.db.get<TerminalRow>('SELECT * FROM terminals WHERE terminal_id = ?', [terminalId]);
  }

  /**
   * The terminal row, locked until the transaction ends on PostgreSQL: one push per terminal at a
   * time across HQ processes (its sequence watermark is read, then written).
   */
  findByIdForUpdate(terminalId: string): Promise<TerminalRow | undefined> {
    return this.db.get<TerminalRow>(`SELECT * FROM terminals WHERE terminal_id = ?${this.db.forUpdate}`, [terminalId]);
  }

  findByStoreAndCode(storeId: string, code: string): Promise<TerminalRow | undefined> {
    return this.db.get<TerminalRow>('SELECT * FROM terminals WHERE store_id = ? AND code = ?', [storeId, code]);
  }

  listAll(): Promise<TerminalRow[]> {
    return this.db.all<TerminalRow>('SELECT * FROM terminals ORDER BY store_id, code');
  }

  async markSeen(terminalId: string, at: string): Promise<void> {
    await this.db.run('UPDATE terminals SET last_seen_at = ? WHERE terminal_id = ?', [at, terminalId]);
  }

  async setActive(terminalId: string, active: boolean): Promise<void> {
    await this.db.run('UPDATE terminals SET active = ? WHERE terminal_id = ?', [active ? 1 : 0, terminalId]);
  }

  /**
   * Records received terminalSeqs and advances the contiguous watermark; received numbers at
   * or below the watermark are not kept (they are implied). Call with the terminal row locked.
   */
  async recordSeqsReceived(terminalId: string, seqs: readonly number[]): Promise<void> {
    if (seqs.length === 0) return;
    const t = await this.findById(terminalId);
    if (!t) return;
    const above = [...new Set(seqs.filter((s) => s > t.contiguous_seq))].sort((a, b) => a - b);
    if (above.length === 0) return;
    const maxSeq = above[above.length - 1]!;
    // The numbers just received that extend the watermark need no row; the rest wait above it.
    const held = new Set(await this.listSeqsAboveWatermark(terminalId, 100_000));
    for (const s of above) held.add(s);
    let contiguous = t.contiguous_seq;
    while (held.has(contiguous + 1)) contiguous++;
    const keep = above.filter((s) => s > contiguous);
    for (let i = 0; i < keep.length; i += 500) {
      const part = keep.slice(i, i + 500);
      await this.db.run(
        `INSERT INTO terminal_seqs_received (terminal_id, seq) VALUES ${part.map(() => '(?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
        part.flatMap((s) => [terminalId, s]),
      );
    }
    if (contiguous > t.contiguous_seq) {
      await this.db.run('DELETE FROM terminal_seqs_received WHERE terminal_id = ? AND seq <= ?', [terminalId, contiguous]);
    }
    await this.db.run(
      'UPDATE terminals SET contiguous_seq = ?, last_seq = CASE WHEN last_seq > ? THEN last_seq ELSE ? END WHERE terminal_id = ?',
      [contiguous, maxSeq, maxSeq, terminalId],
    );
  }

  /** Received numbers above the contiguous watermark, ascending (bounded). */
  async listSeqsAboveWatermark(terminalId: string, limit: number): Promise<number[]> {
    return (
      await this.db.all<{ seq: number }>('SELECT seq FROM terminal_seqs_received WHERE terminal_id = ? ORDER BY seq LIMIT ?', [terminalId, limit])
    ).map((r) => r.seq);
  }
}
