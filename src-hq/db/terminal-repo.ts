import type { Db } from './hq-database';

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
}

/** Terminals, their token hashes and their event sequence state. */
export class TerminalRepo {
  constructor(private readonly db: Db) {}

  insert(row: Omit<TerminalRow, 'last_seq' | 'contiguous_seq'>): void {
    this.db
      .prepare(
        `INSERT INTO terminals (terminal_id, store_id, code, name, token_sha256, active, config_json, created_at)
         VALUES (@terminal_id, @store_id, @code, @name, @token_sha256, @active, @config_json, @created_at)`,
      )
      .run(row);
  }

  findByTokenHash(tokenSha256: string): TerminalRow | undefined {
    return this.db.prepare('SELECT * FROM terminals WHERE token_sha256 = ?').get(tokenSha256) as TerminalRow | undefined;
  }

  findById(terminalId: string): TerminalRow | undefined {
    return this.db.prepare('SELECT * FROM terminals WHERE terminal_id = ?').get(terminalId) as TerminalRow | undefined;
  }

  findByStoreAndCode(storeId: string, code: string): TerminalRow | undefined {
    return this.db.prepare('SELECT * FROM terminals WHERE store_id = ? AND code = ?').get(storeId, code) as
      | TerminalRow
      | undefined;
  }

  listAll(): TerminalRow[] {
    return this.db.prepare('SELECT * FROM terminals ORDER BY store_id, code').all() as TerminalRow[];
  }

  setActive(terminalId: string, active: boolean): void {
    this.db.prepare('UPDATE terminals SET active = ? WHERE terminal_id = ?').run(active ? 1 : 0, terminalId);
  }

  /**
   * Records one received terminalSeq and advances the contiguous watermark; received numbers at
   * or below the watermark are not kept (they are implied).
   */
  recordSeqReceived(terminalId: string, seq: number): void {
    const t = this.findById(terminalId);
    if (!t) return;
    if (seq <= t.contiguous_seq) return;
    this.db.prepare('INSERT OR IGNORE INTO terminal_seqs_received (terminal_id, seq) VALUES (?, ?)').run(terminalId, seq);
    let contiguous = t.contiguous_seq;
    const has = this.db.prepare('SELECT 1 FROM terminal_seqs_received WHERE terminal_id = ? AND seq = ?');
    while (has.get(terminalId, contiguous + 1)) contiguous++;
    if (contiguous > t.contiguous_seq) {
      this.db
        .prepare('DELETE FROM terminal_seqs_received WHERE terminal_id = ? AND seq <= ?')
        .run(terminalId, contiguous);
    }
    this.db
      .prepare('UPDATE terminals SET contiguous_seq = ?, last_seq = max(last_seq, ?) WHERE terminal_id = ?')
      .run(contiguous, seq, terminalId);
  }

  /** Whether HQ already holds this terminalSeq (at or below the watermark, or received above it). */
  hasSeqReceived(terminalId: string, seq: number): boolean {
    const t = this.findById(terminalId);
    if (!t) return false;
    if (seq <= t.contiguous_seq) return true;
    return this.db.prepare('SELECT 1 FROM terminal_seqs_received WHERE terminal_id = ? AND seq = ?').get(terminalId, seq) !== undefined;
  }

  /** Received numbers above the contiguous watermark, ascending (bounded). */
  listSeqsAboveWatermark(terminalId: string, limit: number): number[] {
    return (
      this.db
        .prepare('SELECT seq FROM terminal_seqs_received WHERE terminal_id = ? ORDER BY seq LIMIT ?')
        .all(terminalId, limit) as { seq: number }[]
    ).map((r) => r.seq);
  }
}
