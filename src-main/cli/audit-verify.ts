/**
 * `npm run audit:verify [dataDir | counter.db]`: walks the terminal's audit chain read-only and prints
 * "ok" with the number of entries, or the first bad entry; exits 1 on tampering, 2 when it cannot read.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { defaultDataDir } from '../config';
import { createAuditRepo } from '../db/repos/audit-repo';
import { resolveNativeBinding } from '../db/native-binding';
import { createAuditLog } from '../services/audit';

export type AuditVerifyResult = ReturnType<ReturnType<typeof createAuditLog>['verify']>;

/** Verify the audit chain of a terminal database file, opened read-only. */
export function verifyAuditDatabase(dbFile: string): AuditVerifyResult {
  const nativeBinding = resolveNativeBinding();
  const db = new Database(dbFile, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    return createAuditLog(createAuditRepo(db)).verify();
  } finally {
    db.close();
  }
}

/** The database file for an argument: a folder (its counter.db), a file, or the default data folder. */
export function resolveDbFile(arg: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const target = path.resolve(arg ?? env.COUNTER_DATA_DIR ?? defaultDataDir(env));
  return fs.existsSync(target) && fs.statSync(target).isDirectory() ? path.join(target, 'counter.db') : target;
}

export function runAuditVerify(argv: string[], out: (line: string) => void = console.log): number {
  const file = resolveDbFile(argv[0]);
  let result: AuditVerifyResult;
  try {
    result = verifyAuditDatabase(file);
  } catch (err) {
    out(`audit: cannot read ${file}: ${(err as Error).message}`);
    return 2;
  }
  if (result.ok) {
    out(`audit: ok (${result.entries} entries) ${file}`);
    return 0;
  }
  out(`audit: TAMPERED at entry ${result.brokenAtId}: ${result.reason} (${result.entries} entries read) ${file}`);
  return 1;
}

if (process.argv[1] && /audit-verify\.(c?js|ts)$/.test(process.argv[1])) {
  process.exitCode = runAuditVerify(process.argv.slice(2));
}
