/**
 * `npm run audit:verify [dataDir | counter.db] [--hq URL --token T | --offline]`: walks the terminal's
 * audit chain read-only and prints "ok" with the number of entries, or the first bad entry; exits 1 on
 * tampering, 2 when it cannot read. Keyed entries are checked with the terminal's audit key, each sale's
 * money fields against the hash in its entry, and — when HQ is reachable (from the flags, or
 * COUNTER_HQ_URL/COUNTER_HQ_TOKEN, or the data folder's settings.json) — the chain against the anchors
 * HQ kept from the outbox pushes (GET /v1/ledger).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { defaultDataDir, readSettingsJson } from '../config';
import { createAuditRepo } from '../db/repos/audit-repo';
import { resolveNativeBinding } from '../../src-node/db/native-binding';
import { KV_AUDIT_KEY } from '../db/repos/ledger-repo';
import { HQ_ROUTES, LedgerState, type AuditAnchor, type AuditKeyData } from '../../src-shared/hq-protocol/schemas';
import { createAuditLog, type AuditVerifyOutcome } from '../services/audit';

export type AuditVerifyResult = AuditVerifyOutcome;

/** Verify the audit chain of a terminal database file, opened read-only; `anchors` from HQ when it was asked. */
export function verifyAuditDatabase(dbFile: string, anchors?: readonly AuditAnchor[]): AuditVerifyResult {
  const nativeBinding = resolveNativeBinding();
  const db = new Database(dbFile, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    const keyRow = db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?').get(KV_AUDIT_KEY);
    const key = keyRow ? (JSON.parse(keyRow.value) as AuditKeyData) : undefined;
    return createAuditLog(createAuditRepo(db), undefined, undefined, { key: () => key }).verify({ anchors });
  } finally {
    db.close();
  }
}

/** HQ's anchors of this terminal, or why they could not be had. */
async function fetchAnchors(hq: { url: string; token: string }): Promise<{ anchors: AuditAnchor[] } | { error: string }> {
  try {
    const res = await fetch(hq.url.replace(/\/+$/, '') + HQ_ROUTES.ledger, { headers: { authorization: `Bearer ${hq.token}` }, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) return { error: `HQ answered ${res.status}` };
    return { anchors: LedgerState.parse(await res.json()).anchors };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** Where HQ is: the flags, then COUNTER_HQ_URL / COUNTER_HQ_TOKEN, then the data folder's settings.json. */
function hqFor(argv: string[], dbFile: string, env: NodeJS.ProcessEnv): { url: string; token: string } | null {
  if (argv.includes('--offline')) return null;
  let url = flag(argv, '--hq') ?? env.COUNTER_HQ_URL;
  let token = flag(argv, '--token') ?? env.COUNTER_HQ_TOKEN;
  if (!url || !token) {
    try {
      const settings = readSettingsJson(path.join(path.dirname(dbFile), 'settings.json'));
      if (typeof settings.hqUrl === 'string') url ??= settings.hqUrl;
      if (typeof settings.hqToken === 'string') token ??= settings.hqToken;
    } catch {
      /* an unreadable settings file: no HQ from it */
    }
  }
  return url && token ? { url, token } : null;
}

/** The database file for an argument: a folder (its counter.db), a file, or the default data folder. */
export function resolveDbFile(arg: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const target = path.resolve(arg ?? env.COUNTER_DATA_DIR ?? defaultDataDir(env));
  return fs.existsSync(target) && fs.statSync(target).isDirectory() ? path.join(target, 'counter.db') : target;
}

export async function runAuditVerify(argv: string[], out: (line: string) => void = console.log, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const positional = argv.filter((a, i) => !a.startsWith('--') && !['--hq', '--token'].includes(argv[i - 1] ?? ''));
  const file = resolveDbFile(positional[0], env);
  const hq = fs.existsSync(file) ? hqFor(argv, file, env) : null;
  const fromHq = hq ? await fetchAnchors(hq) : null;
  let result: AuditVerifyResult;
  try {
    result = verifyAuditDatabase(file, fromHq && 'anchors' in fromHq ? fromHq.anchors : undefined);
  } catch (err) {
    out(`audit: cannot read ${file}: ${(err as Error).message}`);
    return 2;
  }
  const hqNote = !hq
    ? 'HQ anchor not compared (no HQ configured or --offline)'
    : 'error' in fromHq!
      ? `HQ anchor not compared (HQ not reachable: ${fromHq!.error})`
      : result.ok && result.anchoredAt !== null
        ? `HQ anchor matches at entry ${result.anchoredAt}`
        : 'HQ anchor: none yet';
  if (result.ok) {
    out(`audit: ok (${result.entries} entries, ${result.keyed} keyed; ${hqNote}) ${file}`);
    return 0;
  }
  out(`audit: TAMPERED at entry ${result.brokenAtId}: ${result.reason} (${result.entries} entries read) ${file}`);
  return 1;
}

if (process.argv[1] && /audit-verify\.(c?js|ts)$/.test(process.argv[1])) {
  void runAuditVerify(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
