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

  /** A new token (re-enrolment of a replaced PC): the old one stops working at once. */
  async replaceToken(terminalId: string, tokenSha256: string): Promise<void> {
    await this.db.run('UPDATE terminals SET token_sha256 = ? WHERE terminal_id = ?', [tokenSha256, terminalId]);
  }

  async setActive(terminalId: string, active: boolean): Promise<void> {
    await this.db.run('UPDATE terminals SET active = ? WHERE terminal_id = ?', [active ? 1 : 0, terminalId]);
  }

  /**
   * Records received terminalSeqs and advances the contiguous watermark; received numbers at or below
   * the watermark are not kept (they are implied). `t` is the terminal row as locked by the push. Returns
   * the new watermark, the highest number received and the numbers held above the watermark (ascending,
   * bounded) — what the push answers as its sequence state. Two round trips when nothing is out of order.
   */
  async recordSeqsReceived(t: TerminalRow, seqs: readonly number[]): Promise<{ contiguous: number; lastSeq: number; above: number[] }> {
    const stored = await this.listSeqsAboveWatermark(t.terminal_id, 100_000);
    const fresh = [...new Set(seqs.filter((s) => s > t.contiguous_seq))].sort((a, b) => a - b);
    if (fresh.length === 0) return { contiguous: t.contiguous_seq, lastSeq: t.last_seq, above: stored };
    const held = new Set(stored);
    for (const s of fresh) held.add(s);
    let contiguous = t.contiguous_seq;
    while (held.has(contiguous + 1)) contiguous++;
    const keep = fresh.filter((s) => s > contiguous && !stored.includes(s));
    for (let i = 0; i < keep.length; i += 500) {
      const part = keep.slice(i, i + 500);
      await this.db.run(
        `INSERT INTO terminal_seqs_received (terminal_id, seq) VALUES ${part.map(() => '(?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
        part.flatMap((s) => [t.terminal_id, s]),
      );
    }
    if (stored.some((s) => s <= contiguous)) {
      await this.db.run('DELETE FROM terminal_seqs_received WHERE terminal_id = ? AND seq <= ?', [t.terminal_id, contiguous]);
    }
    const lastSeq = Math.max(t.last_seq, fresh[fresh.length - 1]!);
    await this.db.run('UPDATE terminals SET contiguous_seq = ?, last_seq = ? WHERE terminal_id = ?', [contiguous, lastSeq, t.terminal_id]);
    return { contiguous, lastSeq, above: [...held].filter((s) => s > contiguous).sort((a, b) => a - b) };
  }

  /** Received numbers above the contiguous watermark, ascending (bounded). */
  async listSeqsAboveWatermark(terminalId: string, limit: number): Promise<number[]> {
    return (
      await this.db.all<{ seq: number }>('SELECT seq FROM terminal_seqs_received WHERE terminal_id = ? ORDER BY seq LIMIT ?', [terminalId, limit])
    ).map((r) => r.seq);
  }
}
