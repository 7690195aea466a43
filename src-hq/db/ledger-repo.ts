import type { Db } from './hq-database';

export interface TerminalLedgerRow {
  terminal_id: string;
  audit_key_id: string;
  audit_key_b64: string;
  epoch: number;
  created_at: string;
  reenrolled_at: string | null;
}

export interface AuditAnchorRow {
  terminal_id: string;
  epoch: number;
  entry_count: number;
  head_hash: string;
  received_at: string;
}

/** Each terminal's audit key and ledger epoch, and the audit-chain anchors its pushes carried. */
export class LedgerRepo {
  constructor(private readonly db: Db) {}

  findLedger(terminalId: string): TerminalLedgerRow | undefined {
    return this.db.prepare('SELECT * FROM terminal_ledgers WHERE terminal_id = ?').get(terminalId) as TerminalLedgerRow | undefined;
  }

  insertLedger(row: Omit<TerminalLedgerRow, 'epoch' | 'reenrolled_at'>): void {
    this.db
      .prepare(
        `INSERT INTO terminal_ledgers (terminal_id, audit_key_id, audit_key_b64, created_at)
         VALUES (@terminal_id, @audit_key_id, @audit_key_b64, @created_at) ON CONFLICT(terminal_id) DO NOTHING`,
      )
      .run(row);
  }

  /** A supervisor confirmed that a new PC replaces this terminal's ledger: later anchors start afresh. */
  startNewEpoch(terminalId: string, at: string): void {
    this.db.prepare('UPDATE terminal_ledgers SET epoch = epoch + 1, reenrolled_at = ? WHERE terminal_id = ?').run(at, terminalId);
  }

  /** The first anchor at a given entry count is kept: a later, different head there is what verify reports. */
  insertAnchor(row: AuditAnchorRow): void {
    this.db
      .prepare(
        `INSERT INTO audit_anchors (terminal_id, epoch, entry_count, head_hash, received_at)
         VALUES (@terminal_id, @epoch, @entry_count, @head_hash, @received_at) ON CONFLICT DO NOTHING`,
      )
      .run(row);
  }

  /** Anchors of one epoch, by entry count (bounded). */
  listAnchors(terminalId: string, epoch: number, limit: number): AuditAnchorRow[] {
    return this.db
      .prepare('SELECT * FROM audit_anchors WHERE terminal_id = ? AND epoch = ? ORDER BY entry_count DESC LIMIT ?')
      .all(terminalId, epoch, limit) as AuditAnchorRow[];
  }
}
