import Database from 'better-sqlite3';
import type { Db } from '../../../src-node/db/connection';
import { resolveNativeBinding } from '../../../src-node/db/native-binding';

/** What a ledger (this database or a backup of it) holds, as the restore screen and the guard see it. */
export interface LedgerFacts {
  ledgerId: string | null;
  sales: number;
  lastReceiptSeq: number;
  lastReceiptNo: string | null;
  lastEventSeq: number;
}

export const KV_LEDGER_ID = 'ledger.id';
export const KV_RECEIPT_FLOOR = 'ledger.receiptSeqFloor';
export const KV_AUDIT_KEY = 'audit.key';
/** This terminal's receipt key and verify URL from HQ (issue 15 item 6). */
export const KV_RECEIPT_KEY = 'receipt.key';

function factsOf(db: Db): LedgerFacts {
  const id = db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?').get(KV_LEDGER_ID);
  const s = db.prepare<[], { n: number; seq: number | null }>('SELECT count(*) AS n, max(receipt_seq) AS seq FROM sales').get()!;
  const last = db.prepare<[], { receipt_no: string }>('SELECT receipt_no FROM sales ORDER BY receipt_seq DESC LIMIT 1').get();
  const floor = db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?').get(KV_RECEIPT_FLOOR);
  const ev = db.prepare<[], { seq: number | null }>("SELECT max(seq) AS seq FROM (SELECT max(seq) AS seq FROM outbox UNION ALL SELECT seq FROM sqlite_sequence WHERE name = 'outbox')").get()!;
  return {
    ledgerId: id ? (JSON.parse(id.value) as string) : null,
    sales: s.n,
    lastReceiptSeq: Math.max(s.seq ?? 0, floor ? Number(JSON.parse(floor.value)) : 0),
    lastReceiptNo: last?.receipt_no ?? null,
    lastEventSeq: ev.seq ?? 0,
  };
}

/** The ledger questions of the guard (issue 10 item 5): the only SQL it runs. */
export function createLedgerRepo(db: Db) {
  const seqRow = db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'");
  const seqUpdate = db.prepare<[number]>("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'outbox'");
  const seqInsert = db.prepare<[number]>("INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)");
  return {
    facts: (): LedgerFacts => factsOf(db),
    /** The next outbox event takes a number above `seq` (after a restore or a re-enrolment: continue past HQ's). */
    raiseEventSeqFloor(seq: number): void {
      if (seqRow.get()) seqUpdate.run(seq);
      else seqInsert.run(seq);
    },
  };
}
export type LedgerRepo = ReturnType<typeof createLedgerRepo>;

/** A backup file's ledger facts and the supervisor PIN hashes it holds, read-only (undefined when unreadable). */
export function readBackupLedger(file: string): { facts: LedgerFacts; schemaVersion: number; supervisorPinHash(code: string): { clerkId: string; pinHash: string } | undefined } | undefined {
  const nativeBinding = resolveNativeBinding();
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    const facts = factsOf(db);
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const clerks = db
      .prepare<[], { clerk_id: string; code: string; pin_hash: string }>("SELECT clerk_id, code, pin_hash FROM clerks WHERE role = 'supervisor' AND active = 1")
      .all();
    return {
      facts,
      schemaVersion,
      supervisorPinHash: (code: string) => {
        const c = clerks.find((r) => r.code === code);
        return c ? { clerkId: c.clerk_id, pinHash: c.pin_hash } : undefined;
      },
    };
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}
