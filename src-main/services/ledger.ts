/**
 * The ledger guard (issue 10 item 5): an empty or replaced `counter.db` must not silently start a fresh
 * terminal whose receipt numbers restart at 000001. The terminal knows it had a ledger from three
 * places outside the database — `terminal-identity.json` in the data folder (written once the ledger
 * has its first sale, with the terminal id, the ledger id and the last sequences), the backups in
 * `<data dir>/backups/`, and HQ's record of its last sequences (asked at start-up when reachable) —
 * and refuses to sell until a supervisor restores the newest backup or re-enrols this PC.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../src-shared/contract/errors';
import type { LedgerStatus } from '../../src-shared/contract/ledger';
import { HQ_ROUTES, LedgerState, type AuditKeyData, type ReceiptKeyData } from '../../src-shared/hq-protocol/schemas';
import { migrate, type Db } from '../../src-node/db/connection';
import { TERMINAL_MIGRATIONS } from '../db/migrations';
import type { KvRepo } from '../db/repos/kv-repo';
import { KV_AUDIT_KEY, KV_LEDGER_ID, KV_RECEIPT_KEY, KV_RECEIPT_FLOOR, readBackupLedger, type LedgerFacts, type LedgerRepo } from '../db/repos/ledger-repo';
import { resolveNativeBinding } from '../../src-node/db/native-binding';
import type { Logger } from '../logger';
import type { AuditLog } from './audit';
import { verifyPin } from '../../src-node/crypto/pin-hash';
import { BackupOpenError, openBackup, type BackupSecret } from '../../src-node/backup/sealed-backup';
import { getBytes, getJson } from '../../src-node/net/hq-upload';
import { HqError } from '../../src-node/net/http-client';
import type { HqBackupSummary } from '../../src-shared/contract/ledger';
import { BackupListResponse } from '../../src-shared/hq-protocol/schemas';

export const IDENTITY_FILE = 'terminal-identity.json';

/** What the data folder remembers of the ledger, outside the database. */
export interface TerminalIdentity {
  terminalId: string | null;
  ledgerId: string;
  lastReceiptSeq: number;
  lastEventSeq: number;
  updatedAt: string;
}

export interface LedgerGuardDeps {
  db: Db;
  dataDir: string;
  kv: KvRepo;
  repo: LedgerRepo;
  /** The audit log (built after the guard, which must run before the start-up backup). */
  audit: () => AuditLog;
  logger: Logger;
  now: () => Date;
  hq: { baseUrl: string; token: string };
  terminalId: () => string | undefined;
  /** Verify a supervisor of this database (for re-enrolment; the lockout rules of auth apply). */
  verifySupervisor: (code: string, pin: string, purpose: string) => Promise<{ clerkId: string }>;
  /** After a restore replaced the database content: in-memory caches must be dropped. */
  onRestored: () => void;
  /** The secrets backups at HQ may be sealed with (issue 17 item 6): IT's backup key if set, the HQ token. */
  backupKeys?: BackupSecret[];
}

const MAX_RESTORE_PIN_FAILURES = 5;

/** HQ's numbers at this PC's enrolment (issue 17): the ledger continues after them, adopted once per enrolment. */
export interface EnrolmentAdoption {
  enrolmentId: string;
  lastReceiptSeq: number;
  lastEventSeq: number;
  epoch: number;
  auditKey: AuditKeyData;
}
export const KV_ENROLMENT_ADOPTED = 'enrolment.adopted';

function readIdentity(file: string, logger: Logger): TerminalIdentity | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const v = JSON.parse(text) as Partial<TerminalIdentity>;
    if (typeof v.ledgerId === 'string' && typeof v.lastReceiptSeq === 'number') {
      return { terminalId: v.terminalId ?? null, ledgerId: v.ledgerId, lastReceiptSeq: v.lastReceiptSeq, lastEventSeq: v.lastEventSeq ?? 0, updatedAt: v.updatedAt ?? '' };
    }
  } catch {
    /* fall through */
  }
  // An unreadable identity file still says a ledger existed: the guard treats it as "ledger unknown".
  logger.error({ file }, 'terminal identity file unreadable');
  return { terminalId: null, ledgerId: 'unreadable', lastReceiptSeq: 0, lastEventSeq: 0, updatedAt: '' };
}

/** Backups of this database, newest first (by the timestamp in the name rotateBackup gives them). */
function listBackups(dir: string, base: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(`${base}-`) && f.endsWith('.db'))
    .sort()
    .reverse()
    .map((f) => path.join(dir, f));
}

export function createLedgerGuard(deps: LedgerGuardDeps) {
  const { db, kv, repo, logger } = deps;
  const identityFile = path.join(deps.dataDir, IDENTITY_FILE);
  const backupsDir = path.join(deps.dataDir, 'backups');
  const base = path.basename(db.name, path.extname(db.name));
  let status: LedgerStatus = { state: 'ok', reason: null, backup: null, hqLastReceiptSeq: null };
  let hqState: LedgerState | null = null;
  let restoreFailures = 0;

  /** The newest backup that holds a ledger (an empty start-up copy does not count). */
  function newestLedgerBackup(): { file: string; facts: LedgerFacts } | null {
    for (const file of listBackups(backupsDir, base)) {
      const b = readBackupLedger(file);
      if (b && (b.facts.ledgerId || b.facts.sales > 0)) return { file, facts: b.facts };
    }
    return null;
  }

  function refuse(reason: NonNullable<LedgerStatus['reason']>): void {
    const b = newestLedgerBackup();
    status = {
      state: 'restoreRequired',
      reason,
      backup: b ? { file: path.basename(b.file), at: fs.statSync(b.file).mtime.toISOString(), sales: b.facts.sales, lastReceiptNo: b.facts.lastReceiptNo } : null,
      hqLastReceiptSeq: hqState?.lastReceiptSeq ?? null,
    };
    logger.error({ reason, backup: status.backup?.file ?? null }, 'ledger guard: this database is not the ledger this terminal had; selling refused');
  }

  /** The local checks, synchronous, before anything is sold or backed up. */
  function checkLocal(): void {
    const facts = repo.facts();
    const identity = readIdentity(identityFile, logger);
    if (identity) {
      if (!facts.ledgerId) return refuse('ledgerMissing');
      if (facts.ledgerId !== identity.ledgerId) return refuse('ledgerReplaced');
      if (facts.lastReceiptSeq < identity.lastReceiptSeq) return refuse('ledgerBehind');
    } else if (!facts.ledgerId && facts.sales === 0 && newestLedgerBackup()) {
      return refuse('ledgerMissing');
    }
    status = { state: 'ok', reason: null, backup: null, hqLastReceiptSeq: hqState?.lastReceiptSeq ?? null };
  }

  function writeIdentity(facts: LedgerFacts): void {
    if (!facts.ledgerId) return;
    const identity: TerminalIdentity = {
      terminalId: deps.terminalId() ?? null,
      ledgerId: facts.ledgerId,
      lastReceiptSeq: facts.lastReceiptSeq,
      lastEventSeq: facts.lastEventSeq,
      updatedAt: deps.now().toISOString(),
    };
    const tmp = `${identityFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(identity, null, 2) + '\n');
    fs.renameSync(tmp, identityFile);
  }

  async function fetchHq(method: 'GET' | 'POST', route: string): Promise<LedgerState> {
    const res = await fetch(deps.hq.baseUrl + route, {
      method,
      headers: { authorization: `Bearer ${deps.hq.token}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`HQ answered ${res.status}`);
    return LedgerState.parse(await res.json());
  }

  function storeAuditKey(key: AuditKeyData): void {
    const known = kv.get<AuditKeyData>(KV_AUDIT_KEY);
    if (!known || known.keyId !== key.keyId) kv.set(KV_AUDIT_KEY, key);
  }

  /** The receipt key signs receipt QR codes offline; kept until HQ sends another. */
  function storeReceiptKey(key: ReceiptKeyData | undefined): void {
    if (!key) return;
    const known = kv.get<ReceiptKeyData>(KV_RECEIPT_KEY);
    if (!known || known.keyId !== key.keyId || known.keyBase64 !== key.keyBase64 || known.verifyBaseUrl !== key.verifyBaseUrl) kv.set(KV_RECEIPT_KEY, key);
  }

  function requireRestoreState(): void {
    if (status.state === 'ok') throw new AppError({ code: 'CONFLICT', messageKey: 'ledger:notNeeded' });
  }

  /** The next numbers continue past everything this terminal is known to have used. */
  function raiseFloors(identity: TerminalIdentity | null, hq: Pick<LedgerState, 'lastReceiptSeq' | 'lastEventSeq'> | null): void {
    const receipt = Math.max(identity?.lastReceiptSeq ?? 0, hq?.lastReceiptSeq ?? 0);
    const event = Math.max(identity?.lastEventSeq ?? 0, hq?.lastEventSeq ?? 0);
    const facts = repo.facts();
    if (receipt > facts.lastReceiptSeq) kv.set(KV_RECEIPT_FLOOR, receipt);
    if (event > facts.lastEventSeq) repo.raiseEventSeqFloor(event);
  }

  /** Copy a checked backup file over the live database with SQLite's backup API; the numbers continue past the known ones. */
  async function install(file: string, clerkId: string, action: string, detail: Record<string, unknown>): Promise<void> {
    const identity = readIdentity(identityFile, logger);
    deps.audit().flush();
    const nativeBinding = resolveNativeBinding();
    const src = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    try {
      await src.backup(db.name);
    } finally {
      src.close();
    }
    migrate(db, TERMINAL_MIGRATIONS);
    deps.onRestored();
    db.transaction(() => {
      raiseFloors(identity, hqState);
      deps.audit().record(action, clerkId, detail);
    })();
    writeIdentity(repo.facts());
    checkLocal();
  }

  /** HQ unreachable or refusing: the restore needs HQ (nothing was changed). */
  async function hqCall<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'backup restore: HQ call failed');
      if (err instanceof HqError && err.status === 404) throw new AppError({ code: 'NOT_FOUND', messageKey: 'ledger:hqNoBackup' });
      throw new AppError({ code: 'UNAVAILABLE', messageKey: 'ledger:hqBackupNeedsHq' });
    }
  }

  async function hqBackups() {
    return BackupListResponse.parse(await hqCall(() => getJson(deps.hq, HQ_ROUTES.backups))).backups;
  }

  /** A downloaded backup file: SQLite's full integrity check and the promised schema version. */
  function checkDownloaded(file: string, schemaVersion: number): string | null {
    const nativeBinding = resolveNativeBinding();
    let check: Db | undefined;
    try {
      check = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
      const rows = check.pragma('integrity_check') as { integrity_check: string }[];
      const bad = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
      if (bad.length > 0) return bad.slice(0, 3).join('; ');
      const version = check.pragma('user_version', { simple: true }) as number;
      if (version !== schemaVersion) return `schema version ${version}, header says ${schemaVersion}`;
      return null;
    } catch (err) {
      return (err as Error).message;
    } finally {
      check?.close();
    }
  }

  checkLocal();

  return {
    status: (): LedgerStatus => status,
    /** Sales (and anything that takes a receipt or event number) call this first. */
    assertCanSell(): void {
      if (status.state !== 'ok') throw new AppError({ code: 'LEDGER_RESTORE_REQUIRED', messageKey: 'ledger:restoreRequired' });
    },
    /**
     * Ask HQ what it holds of this terminal (start-up, when reachable): its audit key, and its last
     * sequences — a database behind them is not this terminal's ledger.
     */
    async checkWithHq(): Promise<void> {
      let state: LedgerState;
      try {
        state = await fetchHq('GET', HQ_ROUTES.ledger);
      } catch (err) {
        logger.warn({ err: (err as Error).message }, 'ledger check: HQ not reachable; local checks only');
        return;
      }
      hqState = state;
      if (!db.open) return;
      storeAuditKey(state.auditKey);
      storeReceiptKey(state.receiptKey);
      const facts = repo.facts();
      if (status.state === 'ok' && (state.lastReceiptSeq > facts.lastReceiptSeq || state.lastEventSeq > facts.lastEventSeq)) {
        refuse('hqAhead');
      } else if (status.state !== 'ok') {
        status = { ...status, hqLastReceiptSeq: state.lastReceiptSeq };
      }
    },
    /** After each committed sale (or other numbered event): the identity file follows the ledger. */
    afterCommit(): void {
      try {
        let facts = repo.facts();
        if (!facts.ledgerId) {
          kv.set(KV_LEDGER_ID, randomUUID());
          facts = repo.facts();
        }
        writeIdentity(facts);
      } catch (err) {
        logger.error({ err }, 'terminal identity file not written');
      }
    },
    /**
     * Restore the newest backup (supervisor of that backup, by code and PIN): SQLite's online backup API
     * copies it over the live database, migrations bring it up to date, and the numbers continue past the
     * last ones the identity file and HQ know of.
     */
    async restoreNewestBackup(supervisorCode: string, pin: string): Promise<LedgerStatus> {
      requireRestoreState();
      const newest = newestLedgerBackup();
      if (!newest) throw new AppError({ code: 'NOT_FOUND', messageKey: 'ledger:noBackup' });
      if (restoreFailures >= MAX_RESTORE_PIN_FAILURES) throw new AppError({ code: 'LOCKED', messageKey: 'ledger:tooManyPins' });
      const backup = readBackupLedger(newest.file);
      const sup = backup?.supervisorPinHash(supervisorCode);
      if (!sup || !(await verifyPin(pin, sup.pinHash))) {
        restoreFailures++;
        throw new AppError({ code: 'FORBIDDEN', messageKey: 'ledger:supervisorWrong', field: 'pin' });
      }
      restoreFailures = 0;
      await install(newest.file, sup.clerkId, 'ledger.restored', { backup: path.basename(newest.file), sales: newest.facts.sales, lastReceiptNo: newest.facts.lastReceiptNo });
      logger.warn({ backup: newest.file }, 'ledger restored from backup');
      return status;
    },
    /** The backups HQ holds of this terminal, newest first (issue 17 item 6). */
    async listHqBackups(): Promise<HqBackupSummary[]> {
      requireRestoreState();
      return (await hqBackups()).map((b) => ({ backupId: b.backupId, at: b.createdAt, sales: b.sales, lastReceiptNo: b.lastReceiptNo, sizeBytes: b.sizeBytes, keySource: b.keySource }));
    },
    /**
     * Restore a backup from HQ onto this PC (issue 17 item 6): download, decrypt (AES-256-GCM tag), check
     * the terminal, the schema version and SQLite's integrity, verify a supervisor of that backup, then
     * install it as a local restore does. Events it holds that HQ already has are sent again and answered
     * as duplicates (HQ is idempotent by event id); the ones HQ never got sync as usual. Any failure
     * before the install changes nothing.
     */
    async restoreFromHq(backupId: string | null, supervisorCode: string, pin: string): Promise<LedgerStatus> {
      requireRestoreState();
      if (restoreFailures >= MAX_RESTORE_PIN_FAILURES) throw new AppError({ code: 'LOCKED', messageKey: 'ledger:tooManyPins' });
      const list = await hqBackups();
      const chosen = backupId ? list.find((b) => b.backupId === backupId) : list[0];
      if (!chosen) throw new AppError({ code: 'NOT_FOUND', messageKey: 'ledger:hqNoBackup' });
      const sealed = await hqCall(() => getBytes(deps.hq, `${HQ_ROUTES.backups}/${encodeURIComponent(chosen.backupId)}`));
      const terminalId = hqState?.terminalId ?? deps.terminalId();
      if (!terminalId) throw new AppError({ code: 'UNAVAILABLE', messageKey: 'ledger:hqBackupNeedsHq' });
      let opened: ReturnType<typeof openBackup>;
      try {
        opened = openBackup(sealed, { terminalId, keys: deps.backupKeys ?? [] });
      } catch (err) {
        if (!(err instanceof BackupOpenError)) throw err;
        logger.error({ backupId: chosen.backupId, reason: err.reason, err: err.message }, 'backup from HQ refused');
        throw new AppError({ code: 'INVALID_INPUT', messageKey: `ledger:hqBackup.${err.reason}`, params: { keySource: chosen.keySource } });
      }
      const latest = TERMINAL_MIGRATIONS.length;
      if (opened.header.schemaVersion > latest) {
        throw new AppError({ code: 'INVALID_INPUT', messageKey: 'ledger:hqBackup.tooNew', params: { fileVersion: opened.header.schemaVersion, appVersion: latest } });
      }
      const tmp = path.join(deps.dataDir, `restore-${process.pid}-${Date.now()}.db`);
      try {
        fs.writeFileSync(tmp, opened.plain, { mode: 0o600 });
        const problem = checkDownloaded(tmp, opened.header.schemaVersion);
        if (problem) {
          logger.error({ backupId: chosen.backupId, problem }, 'backup from HQ failed its SQLite check');
          throw new AppError({ code: 'INVALID_INPUT', messageKey: 'ledger:hqBackup.corrupt', params: { keySource: chosen.keySource } });
        }
        const backup = readBackupLedger(tmp);
        if (!backup) throw new AppError({ code: 'INVALID_INPUT', messageKey: 'ledger:hqBackup.corrupt', params: { keySource: chosen.keySource } });
        const sup = backup.supervisorPinHash(supervisorCode);
        if (!sup || !(await verifyPin(pin, sup.pinHash))) {
          restoreFailures++;
          throw new AppError({ code: 'FORBIDDEN', messageKey: 'ledger:supervisorWrong', field: 'pin' });
        }
        restoreFailures = 0;
        // HQ's latest answer counts for the floors: sales after this backup that reached HQ keep their numbers
        await fetchHq('GET', HQ_ROUTES.ledger).then((s) => (hqState = s), () => undefined);
        await install(tmp, sup.clerkId, 'ledger.restoredFromHq', { backupId: chosen.backupId, at: chosen.createdAt, sales: backup.facts.sales, lastReceiptNo: backup.facts.lastReceiptNo });
      } finally {
        fs.rmSync(tmp, { force: true });
      }
      logger.warn({ backupId: chosen.backupId, at: chosen.createdAt }, 'ledger restored from a backup at HQ');
      return status;
    },
    /**
     * Re-enrol: a supervisor confirms that this PC replaces the old one (its ledger is lost). HQ starts a
     * new audit epoch and the terminal continues from HQ's last known sequences. Needs HQ.
     */
    async reenrol(supervisorCode: string, pin: string): Promise<LedgerStatus> {
      requireRestoreState();
      let current: LedgerState;
      try {
        current = await fetchHq('GET', HQ_ROUTES.ledger);
      } catch {
        throw new AppError({ code: 'UNAVAILABLE', messageKey: 'ledger:hqNeeded' });
      }
      const sup = await deps.verifySupervisor(supervisorCode, pin, 'ledger.reenrol');
      const state = await fetchHq('POST', HQ_ROUTES.ledgerReenrol).catch(() => {
        throw new AppError({ code: 'UNAVAILABLE', messageKey: 'ledger:hqNeeded' });
      });
      hqState = state;
      const identity = readIdentity(identityFile, logger);
      db.transaction(() => {
        storeAuditKey(state.auditKey);
        storeReceiptKey(state.receiptKey);
        kv.set(KV_LEDGER_ID, randomUUID());
        raiseFloors(identity, state.lastReceiptSeq >= current.lastReceiptSeq ? state : current);
        deps.audit().record('ledger.reenrolled', sup.clerkId, { hqLastReceiptSeq: state.lastReceiptSeq, hqLastEventSeq: state.lastEventSeq, epoch: state.epoch });
      })();
      writeIdentity(repo.facts());
      logger.warn({ epoch: state.epoch }, 'terminal re-enrolled: continuing from HQ’s last sequences');
      status = { state: 'ok', reason: null, backup: null, hqLastReceiptSeq: state.lastReceiptSeq };
      return status;
    },
    /** Whether HQ answered the ledger check since start. */
    hqChecked: (): boolean => hqState !== null,
    /**
     * A new enrolment (issue 17; a replaced PC included): this ledger continues after the last receipt and
     * event numbers HQ holds for the terminal, and takes the terminal's audit key. Once per enrolment: a
     * restart changes nothing; numbers only ever move up.
     */
    adoptEnrolment(e: EnrolmentAdoption): void {
      if (kv.get<string>(KV_ENROLMENT_ADOPTED) === e.enrolmentId) return;
      const identity = readIdentity(identityFile, logger);
      db.transaction(() => {
        storeAuditKey(e.auditKey);
        if (!repo.facts().ledgerId) kv.set(KV_LEDGER_ID, randomUUID());
        raiseFloors(identity, { lastReceiptSeq: e.lastReceiptSeq, lastEventSeq: e.lastEventSeq });
        deps.audit().record('terminal.enrolled', null, { hqLastReceiptSeq: e.lastReceiptSeq, hqLastEventSeq: e.lastEventSeq, epoch: e.epoch });
        kv.set(KV_ENROLMENT_ADOPTED, e.enrolmentId);
      })();
      writeIdentity(repo.facts());
      logger.info({ lastReceiptSeq: e.lastReceiptSeq, lastEventSeq: e.lastEventSeq, epoch: e.epoch }, 'enrolment adopted: numbering continues after HQ’s last numbers');
    },
    /** This terminal's id as HQ's ledger answer gave it (undefined before HQ answered). */
    hqTerminalId: (): string | undefined => hqState?.terminalId,
    /** This terminal's audit key (from HQ; kept in kv like the store keys). */
    auditKey: (): AuditKeyData | undefined => kv.get<AuditKeyData>(KV_AUDIT_KEY),
    /** This terminal's receipt key (from HQ); undefined until HQ was reached once. */
    receiptKey: (): ReceiptKeyData | undefined => kv.get<ReceiptKeyData>(KV_RECEIPT_KEY),
  };
}
export type LedgerGuard = ReturnType<typeof createLedgerGuard>;
