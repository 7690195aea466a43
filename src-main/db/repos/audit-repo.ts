import type { Db } from '../connection';

export interface AuditRow {
  id: number;
  at: string;
  clerk_id: string | null;
  action: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

export function createAuditRepo(db: Db) {
  const last = db.prepare<[], { hash: string }>('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const insert = db.prepare(
    `INSERT INTO audit_log (at, clerk_id, action, detail, prev_hash, hash)
     VALUES (@at, @clerk_id, @action, @detail, @prev_hash, @hash)`,
  );
  const all = db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY id');
  return {
    lastAuditHash: (): string | undefined => last.get()?.hash,
    appendAuditEntry: (row: Omit<AuditRow, 'id'>): void => {
      insert.run(row);
    },
    iterateAuditLog: (): IterableIterator<AuditRow> => all.iterate(),
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;
