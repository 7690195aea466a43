import type { Db } from '../../../src-node/db/connection';
import type { SalePaymentRow, SaleRow } from './sale-repo';

/** A sale row and its payment lines, as the audit chain's sale hash covers them. */
export interface SaleForAudit {
  sale: SaleRow;
  payments: SalePaymentRow[];
}

export interface AuditRow {
  id: number;
  at: string;
  clerk_id: string | null;
  action: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

/** The newest entry's hash and how many entries the chain has. */
export interface AuditHead {
  hash: string;
  count: number;
}

export function createAuditRepo(db: Db) {
  const last = db.prepare<[], { id: number; hash: string }>('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const insert = db.prepare(
    `INSERT INTO audit_log (at, clerk_id, action, detail, prev_hash, hash)
     VALUES (@at, @clerk_id, @action, @detail, @prev_hash, @hash)`,
  );
  const all = db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY id');
  // The chain's head (hash of the newest entry and the number of entries), kept in kv and written in
  // the same transaction as each append: deleting the newest entries then no longer goes unnoticed.
  const headGet = db.prepare<[], { value: string }>("SELECT value FROM kv WHERE key = 'audit.head'");
  const headPut = db.prepare<[string]>(
    "INSERT INTO kv (key, value) VALUES ('audit.head', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  );
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM audit_log');
  const saleById = db.prepare<[string], SaleRow>('SELECT * FROM sales WHERE sale_id = ?');
  const paymentsOf = db.prepare<[string], SalePaymentRow>('SELECT * FROM sale_payments WHERE sale_id = ? ORDER BY line_no');
  const saleIds = db.prepare<[], { sale_id: string }>('SELECT sale_id FROM sales ORDER BY receipt_seq');
  return {
    /** The sale and its payments for the sale hash (undefined when the row is gone). */
    saleForAudit: (saleId: string): SaleForAudit | undefined => {
      const sale = saleById.get(saleId);
      return sale ? { sale, payments: paymentsOf.all(saleId) } : undefined;
    },
    /** Sales that no `sale.commit` entry names (at most 10): rows inserted outside the app. */
    saleIdsWithoutAuditEntry: (named: ReadonlySet<string>): string[] => {
      const out: string[] = [];
      for (const r of saleIds.iterate()) {
        if (!named.has(r.sale_id)) out.push(r.sale_id);
        if (out.length >= 10) break;
      }
      return out;
    },
    readAuditHead: (): AuditHead | undefined => {
      const row = headGet.get();
      return row ? (JSON.parse(row.value) as AuditHead) : undefined;
    },
    writeAuditHead: (head: AuditHead): void => void headPut.run(JSON.stringify(head)),
    countAuditEntries: (): number => count.get()?.n ?? 0,
    lastAuditHash: (): string | undefined => last.get()?.hash,
    lastAuditEntry: (): { id: number; hash: string } | undefined => last.get(),
    /** Insert an entry; returns its id. */
    appendAuditEntry: (row: Omit<AuditRow, 'id'>): number => Number(insert.run(row).lastInsertRowid),
    iterateAuditLog: (): IterableIterator<AuditRow> => all.iterate(),
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;
