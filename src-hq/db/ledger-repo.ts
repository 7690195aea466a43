import type { HqStore } from './store';

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
  constructor(private readonly db: HqStore) {}

  findLedger(terminalId: string): Promise<TerminalLedgerRow | undefined> {
    return this.db.get<TerminalLedgerRow>('SELECT * FROM terminal_ledgers WHERE terminal_id = ?', [terminalId]);
  }

  async insertLedger(row: Omit<TerminalLedgerRow, 'epoch' | 'reenrolled_at'>): Promise<void> {
    await this.db.run(
      `INSERT INTO terminal_ledgers (terminal_id, audit_key_id, audit_key_b64, created_at)
       VALUES (?, ?, ?, ?) ON CONFLICT(terminal_id) DO NOTHING`,
      [row.terminal_id, row.audit_key_id, row.audit_key_b64, row.created_at],
    );
  }

  /** A supervisor confirmed that a new PC replaces this terminal's ledger: later anchors start afresh. */
  async startNewEpoch(terminalId: string, at: string): Promise<void> {
    await this.db.run('UPDATE terminal_ledgers SET epoch = epoch + 1, reenrolled_at = ? WHERE terminal_id = ?', [at, terminalId]);
  }

  /** The first anchor at a given entry count is kept: a later, different head there is what verify reports. */
  async insertAnchor(row: AuditAnchorRow): Promise<void> {
    await this.db.run(
      `INSERT INTO audit_anchors (terminal_id, epoch, entry_count, head_hash, received_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [row.terminal_id, row.epoch, row.entry_count, row.head_hash, row.received_at],
    );
  }

  /** Anchors of one epoch, by entry count (bounded). */
  listAnchors(terminalId: string, epoch: number, limit: number): Promise<AuditAnchorRow[]> {
    return this.db.all<AuditAnchorRow>(
      'SELECT * FROM audit_anchors WHERE terminal_id = ? AND epoch = ? ORDER BY entry_count DESC LIMIT ?',
      [terminalId, epoch, limit],
    );
  }
}
