import type { HqStore } from './store';

export interface EnrolmentCodeRow {
  code_id: string;
  code_sha256: string;
  store_id: string;
  terminal_code: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by: string | null;
  revoked_at: string | null;
}

/** One-time enrolment codes (schema v8): only their hashes. */
export class EnrolmentRepo {
  constructor(private readonly db: HqStore) {}

  async insert(row: Omit<EnrolmentCodeRow, 'used_at' | 'used_by' | 'revoked_at'>): Promise<void> {
    await this.db.run(
      `INSERT INTO enrolment_codes (code_id, code_sha256, store_id, terminal_code, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      [row.code_id, row.code_sha256, row.store_id, row.terminal_code, row.created_at, row.expires_at],
    );
  }

  /** Locked until the transaction ends on PostgreSQL: one use at a time across HQ processes. */
  findByHashForUpdate(codeSha256: string): Promise<EnrolmentCodeRow | undefined> {
    return this.db.get<EnrolmentCodeRow>(`SELECT * FROM enrolment_codes WHERE code_sha256 = ?${this.db.forUpdate}`, [codeSha256]);
  }

  findById(codeId: string): Promise<EnrolmentCodeRow | undefined> {
    return this.db.get<EnrolmentCodeRow>('SELECT * FROM enrolment_codes WHERE code_id = ?', [codeId]);
  }

  /** Marks the code used by `terminalId` if it still is unused and not withdrawn; false when another use came first. */
  async claim(codeId: string, terminalId: string, at: string): Promise<boolean> {
    const n = await this.db.run(
      'UPDATE enrolment_codes SET used_at = ?, used_by = ? WHERE code_id = ? AND used_at IS NULL AND revoked_at IS NULL',
      [at, terminalId, codeId],
    );
    return n === 1;
  }

  /** Withdraws an unused code; false when it was used or withdrawn already. */
  async revoke(codeId: string, at: string): Promise<boolean> {
    return (await this.db.run('UPDATE enrolment_codes SET revoked_at = ? WHERE code_id = ? AND used_at IS NULL AND revoked_at IS NULL', [at, codeId])) === 1;
  }

  listRecent(limit: number): Promise<EnrolmentCodeRow[]> {
    return this.db.all<EnrolmentCodeRow>('SELECT * FROM enrolment_codes ORDER BY created_at DESC, code_id LIMIT ?', [limit]);
  }
}
