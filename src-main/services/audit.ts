import { createHash, createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { AuditAnchor, AuditKeyData } from '../../src-shared/hq-protocol/schemas';
import type { Db } from '../../src-node/db/connection';
import type { AuditRepo, AuditRow, SaleForAudit } from '../db/repos/audit-repo';

const GENESIS = '0'.repeat(64);
/** A keyed entry's hash is self-describing, like a PIN hash: `hmac-sha256$<keyId>$<64 hex>`. */
const KEYED = /^hmac-sha256\$([A-Za-z0-9_-]{1,64})\$([0-9a-f]{64})$/;

type EntryFields = { at: string; clerk_id: string | null; action: string; detail: string };

function entryMessage(prevHash: string, e: EntryFields): string {
  return JSON.stringify([prevHash, e.at, e.clerk_id, e.action, e.detail]);
}

/** Entries written before the terminal had an audit key (and legacy chains): plain SHA-256. */
function legacyHash(prevHash: string, e: EntryFields): string {
  return createHash('sha256').update(entryMessage(prevHash, e)).digest('hex');
}

/** The audit key decoded once (a KeyObject per key id and value). */
const keyObjects = new Map<string, KeyObject>();
function keyObject(key: AuditKeyData): KeyObject {
  const id = `${key.keyId}:${key.keyBase64}`;
  let ko = keyObjects.get(id);
  if (!ko) {
    if (keyObjects.size > 16) keyObjects.clear();
    keyObjects.set(id, (ko = createSecretKey(Buffer.from(key.keyBase64, 'base64'))));
  }
  return ko;
}

function keyedHash(key: AuditKeyData, prevHash: string, e: EntryFields): string {
  const mac = createHmac('sha256', keyObject(key)).update(entryMessage(prevHash, e)).digest('hex');
  return `hmac-sha256$${key.keyId}$${mac}`;
}

function sameText(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * The hash of a sale's money fields and its payment lines, written into the sale's audit entry: an edit
 * of the sale row (amount, cash, change, receipt number) or of a payment line breaks it.
 */
export function saleMoneyHash(s: SaleForAudit): string {
  const { sale, payments } = s;
  return createHash('sha256')
    .update(
      JSON.stringify([
        sale.sale_id,
        sale.receipt_seq,
        sale.receipt_no,
        sale.business_date,
        sale.clerk_id,
        sale.account_id,
        sale.device_id,
        sale.plan_code,
        sale.term_months,
        sale.price_fen,
        sale.cash_tendered_fen,
        sale.change_fen,
        sale.created_at,
        payments.map((p) => [p.line_no, p.method, p.amount_fen, p.tendered_fen, p.change_fen, p.reference]),
      ]),
    )
    .digest('hex');
}

/** Delayed entries per flush transaction. */
export const AUDIT_SLICE = 4;

export interface AuditLogOptions {
  /** This terminal's audit key from HQ (undefined until it arrived: entries are then plain SHA-256). */
  key?: () => AuditKeyData | undefined;
}

export interface AuditVerifyOptions {
  /** HQ's anchors of this ledger (from GET /v1/ledger); undefined when HQ was not asked. */
  anchors?: readonly AuditAnchor[] | undefined;
}

export type AuditVerifyOutcome =
  | { ok: true; entries: number; keyed: number; anchoredAt: number | null }
  | { ok: false; entries: number; brokenAtId: number; reason: string };

/**
 * The append-only audit chain: each entry hashes the previous one, so an edited or deleted entry
 * breaks every hash after it. Call `record` inside the caller's transaction.
 */
export function createAuditLog(repo: AuditRepo, now: () => Date = () => new Date(), db?: Db, options: AuditLogOptions = {}) {
  type Entry = EntryFields;
  let buffered: Entry[] = [];
  let timer: NodeJS.Timeout | null = null;
  let draining = false;
  /**
   * The chain head as last written by this object, with the id of its entry: trusted only while the newest
   * row is still that entry with that hash (a rolled-back caller transaction or a restore makes it stale).
   */
  let memo: { id: number; hash: string; count: number } | null = null;

  /** Append rows after the newest entry; the head (hash, count) is written once, after the last. */
  function appendRows(rows: Entry[]): void {
    if (rows.length === 0) return;
    const last = repo.lastAuditEntry();
    let prev = last?.hash ?? GENESIS;
    let count = memo && last && memo.id === last.id && memo.hash === last.hash ? memo.count : (repo.readAuditHead()?.count ?? repo.countAuditEntries());
    const key = options.key?.();
    let id = 0;
    for (const row of rows) {
      const hash = key ? keyedHash(key, prev, row) : legacyHash(prev, row);
      id = repo.appendAuditEntry({ ...row, prev_hash: prev, hash });
      prev = hash;
      count++;
    }
    repo.writeAuditHead({ hash: prev, count });
    memo = { id, hash: prev, count };
  }
  // The entries and the head move together (a savepoint when the caller is already in a transaction).
  const append = db ? db.transaction(appendRows) : appendRows;
  const syncNormal = db?.prepare('PRAGMA main.synchronous = NORMAL');
  const syncFull = db?.prepare('PRAGMA main.synchronous = FULL');

  function takeAll(): Entry[] {
    const rows = buffered;
    buffered = [];
    return rows;
  }

  /**
   * Delayed (lookup) entries go in slices of AUDIT_SLICE (4) per transaction, one slice per turn of the event
   * loop, so a flush never holds a lookup up for longer than one small slice. Those commits are
   * synchronous=NORMAL: no fsync of their own (they are the money-free entries that may be lost in a crash
   * anyway); the next FULL commit (a sale) makes them durable with it, in order (WAL).
   */
  function drainSlice(): void {
    draining = false;
    if (buffered.length === 0 || (db && !db.open)) return;
    const rows = buffered.splice(0, AUDIT_SLICE);
    const light = !!db && !db.inTransaction;
    try {
      if (light) syncNormal!.run();
      append(rows);
    } catch {
      // disk full / read-only (issue 10 item 4): the entries stay buffered and go with the next write;
      // a throw here would end the process from a timer
      buffered = rows.concat(buffered);
      return;
    } finally {
      if (light && db!.open) syncFull!.run();
    }
    if (buffered.length > 0) {
      draining = true;
      setImmediate(drainSlice);
    }
  }

  return {
    /** Append now, in the caller's transaction (sales, voids, overrides, sign-ins). */
    record(action: string, clerkId: string | null, detail: Record<string, unknown>): void {
      // buffered entries first: the chain keeps the order things happened
      const rows = takeAll();
      rows.push({ at: now().toISOString(), clerk_id: clerkId, action, detail: JSON.stringify(detail) });
      try {
        append(rows);
      } catch (err) {
        buffered = rows.slice(0, -1).concat(buffered); // rolled back: the delayed ones wait for the next write
        throw err;
      }
    },
    /**
     * Append within half a second, in small batches (see drainSlice): for frequent, money-free entries
     * (lookups) whose own fsync would dominate the call. A crash can lose at most the entries not yet
     * made durable by a later FULL commit.
     */
    recordSoon(action: string, clerkId: string | null, detail: Record<string, unknown>): void {
      buffered.push({ at: now().toISOString(), clerk_id: clerkId, action, detail: JSON.stringify(detail) });
      if (timer || draining) return;
      timer = setTimeout(() => {
        timer = null;
        drainSlice();
      }, 500);
      timer.unref?.();
    },
    /** Write every buffered entry now, in one FULL transaction (shutdown, verify, restore). */
    flush(): void {
      if (timer) clearTimeout(timer);
      timer = null;
      if (buffered.length === 0) return;
      const rows = takeAll();
      try {
        append(rows);
      } catch (err) {
        buffered = rows.concat(buffered);
        throw err;
      }
    },
    /** Entries waiting for their delayed write. */
    pending: (): number => buffered.length,
    /** The newest entry's hash and the entry count (what each outbox push carries to HQ). */
    head(): { count: number; head: string } {
      const h = repo.readAuditHead();
      return h ? { count: h.count, head: h.hash } : { count: 0, head: GENESIS };
    },
    /**
     * Walk the chain; the first broken link is reported. Keyed entries are checked with this terminal's
     * key, each sale's money fields against the hash in its entry, and, given HQ's anchors, the chain
     * against the heads HQ was sent (a recomputed, truncated or wiped chain cannot match them).
     */
    verify(opts: AuditVerifyOptions = {}): AuditVerifyOutcome {
      this.flush();
      const key = options.key?.();
      const anchors = [...(opts.anchors ?? [])].sort((a, b) => a.count - b.count);
      let nextAnchor = 0;
      let prev = GENESIS;
      let count = 0;
      let keyed = 0;
      let expectedId: number | undefined;
      const salesSeen = new Set<string>();
      const fail = (id: number, reason: string): AuditVerifyOutcome => ({ ok: false, entries: count, brokenAtId: id, reason });
      while (nextAnchor < anchors.length && anchors[nextAnchor]!.count === 0) nextAnchor++;
      for (const row of repo.iterateAuditLog() as Iterable<AuditRow>) {
        count++;
        if (expectedId !== undefined && row.id !== expectedId) return fail(row.id, `entry ${expectedId} is missing`);
        if (row.prev_hash !== prev) return fail(row.id, 'chain link broken');
        const m = KEYED.exec(row.hash);
        if (m) {
          if (!key || key.keyId !== m[1]) return fail(row.id, `entry signed with audit key ${m[1]}, which this terminal does not hold`);
          if (!sameText(keyedHash(key, prev, row), row.hash)) return fail(row.id, 'entry edited');
          keyed++;
        } else {
          // Older entries are plain SHA-256; once the chain is keyed, an unkeyed entry is a forgery.
          if (keyed > 0) return fail(row.id, 'unkeyed entry after keyed entries');
          if (legacyHash(prev, row) !== row.hash) return fail(row.id, 'entry edited');
        }
        if (row.action === 'sale.commit') {
          const d = JSON.parse(row.detail) as { saleId?: string; saleHash?: string };
          if (d.saleId) salesSeen.add(d.saleId);
          if (d.saleId && d.saleHash) {
            const sale = repo.saleForAudit(d.saleId);
            if (!sale) return fail(row.id, `sale ${d.saleId} is missing`);
            if (saleMoneyHash(sale) !== d.saleHash) return fail(row.id, `sale ${sale.sale.receipt_no} edited (money fields or payments differ from its audit entry)`);
          }
        }
        while (nextAnchor < anchors.length && anchors[nextAnchor]!.count === count) {
          if (anchors[nextAnchor]!.head !== row.hash) return fail(row.id, `chain differs from HQ's anchor at entry ${count} (recomputed or replaced)`);
          nextAnchor++;
        }
        prev = row.hash;
        expectedId = row.id + 1;
      }
      const at = expectedId ?? 0;
      const newestAnchor = anchors[anchors.length - 1];
      if (newestAnchor && newestAnchor.count > count) {
        return fail(at, `${newestAnchor.count - count} entries missing (HQ's anchor holds ${newestAnchor.count}, this chain has ${count})`);
      }
      const head = repo.readAuditHead();
      if (count > 0 && !head) return fail(at, 'chain head missing');
      if (head && head.count > count) return fail(at, `${head.count - count} newest entries missing (head says ${head.count})`);
      if (head && head.count < count) return fail(at, `${count - head.count} entries written outside the app (head says ${head.count})`);
      if (head && head.hash !== prev) return fail(at, 'chain head does not match the newest entry');
      const unlisted = repo.saleIdsWithoutAuditEntry(salesSeen);
      if (unlisted.length > 0) return fail(at, `sale ${unlisted[0]} has no audit entry (written outside the app)`);
      return { ok: true, entries: count, keyed, anchoredAt: newestAnchor ? newestAnchor.count : null };
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;
