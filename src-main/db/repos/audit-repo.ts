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

/** The newest entry's hash and how many entries the chain has. */
export interface AuditHead {
  hash: string;
  count: number;
}

export function createAuditRepo(db: Db) {
  const last = db.prepare<[], { hash: string }>('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
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
  return {
    readAuditHead: (): AuditHead | undefined => {
      const row = headGet.get();
      return row ? (JSON.parse(row.value) as AuditHead) : undefined;
    },
    writeAuditHead: (head: AuditHead): void => void headPut.run(JSON.stringify(head)),
    countAuditEntries: (): number => count.get()?.n ?? 0,
    lastAuditHash: (): string | undefined => last.get()?.hash,
    appendAuditEntry: (row: Omit<AuditRow, 'id'>): void => {
      insert.run(row);
    },
    iterateAuditLog: (): IterableIterator<AuditRow> => all.iterate(),
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;
