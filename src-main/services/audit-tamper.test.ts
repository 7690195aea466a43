import { createHash, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_CLERKS, startTestHq, type TestHq } from '../../test-support/hq';
import { openTestTerminal, type TestTerminal } from '../../test-support/terminal-harness';
import { runAuditVerify } from '../entry/audit-verify';
import type { Db } from '../../src-node/db/connection';
import { openTerminalDb } from '../db/terminal-db';
import { createAuditRepo } from '../db/repos/audit-repo';
import { createAuditLog, type AuditLog } from './audit';

/** The audit chain on a real SQLite file: any edited, deleted (middle, first or newest) entry is found. */
let dir: string;
let file: string;
let db: Db;
let audit: AuditLog;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-'));
  file = path.join(dir, 'counter.db');
  db = openTerminalDb(file);
  let t = Date.parse('2026-11-25T01:00:00Z');
  audit = createAuditLog(createAuditRepo(db), () => new Date((t += 1000)), db);
  for (let i = 1; i <= 6; i++) audit.record(i % 2 ? 'sale.commit' : 'auth.signIn', 'c1', { n: i });
});
afterEach(() => {
  if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function verifyCli(): Promise<{ code: number; text: string }> {
  db.close();
  let text = '';
  const code = await runAuditVerify([dir], (l) => (text += l));
  return { code, text };
}

describe('audit chain tamper detection', () => {
  it('an untouched chain verifies, also through the command', async () => {
    audit.recordSoon('lookup.found', 'c1', { idHash: 'h' });
    expect(audit.verify()).toMatchObject({ ok: true, entries: 7 });
    expect(await verifyCli()).toMatchObject({ code: 0, text: expect.stringContaining('ok (7 entries') });
  });

  it('detects an edited entry', async () => {
    db.prepare("UPDATE audit_log SET detail = '{\"n\":99}' WHERE id = 3").run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAtId: 3, reason: 'entry edited' });
    expect(await verifyCli()).toMatchObject({ code: 1, text: expect.stringContaining('entry 3') });
  });

  it('detects an entry deleted from the middle and from the start', () => {
    db.prepare('DELETE FROM audit_log WHERE id = 4').run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAtId: 5 });
    db.prepare('DELETE FROM audit_log WHERE id = 1').run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAtId: 2, reason: 'chain link broken' });
  });

  it('detects the newest entries deleted (the head kept with each append disagrees)', async () => {
    db.prepare('DELETE FROM audit_log WHERE id >= 5').run();
    expect(audit.verify()).toMatchObject({ ok: false, reason: expect.stringContaining('newest entries missing') });
    expect((await verifyCli()).code).toBe(1);
  });

  it('detects a re-hashed edit of the newest entry (the head hash disagrees)', () => {
    // An attacker who edits the last entry and recomputes its hash still leaves the head stale.
    const prev = db.prepare<[], { prev_hash: string }>('SELECT prev_hash FROM audit_log WHERE id = 6').get()!.prev_hash;
    db.prepare('DELETE FROM audit_log WHERE id = 6').run();
    const forged = createAuditLog(createAuditRepo(db), () => new Date('2026-11-25T02:00:00Z'));
    // forge: append without the head update, by restoring the head afterwards
    const head = db.prepare<[], { value: string }>("SELECT value FROM kv WHERE key = 'audit.head'").get()!.value;
    forged.record('sale.commit', 'c1', { n: 6, forged: true });
    db.prepare("UPDATE kv SET value = ? WHERE key = 'audit.head'").run(head);
    expect(db.prepare<[], { prev_hash: string }>('SELECT prev_hash FROM audit_log ORDER BY id DESC LIMIT 1').get()!.prev_hash).toBe(prev);
    expect(audit.verify()).toMatchObject({ ok: false });
  });

  it('a missing database is reported, not mistaken for ok', async () => {
    db.close();
    let text = '';
    expect(await runAuditVerify([path.join(dir, 'nope.db')], (l) => (text += l))).toBe(2);
    expect(text).toContain('cannot read');
  });
});

/**
 * Issue 10 item 8: the chain is keyed (HMAC with a key from HQ), its head is anchored at HQ by every
 * outbox push, and each sale's money fields are hashed into its audit entry. A real HQ over real HTTP,
 * a real terminal selling through dispatch, real SQLite edits by an "attacker" who has the file but not
 * the key, and the real `audit:verify` command comparing with HQ.
 */
describe('audit chain: keyed, anchored at HQ, covering sale money', () => {
  let hq: TestHq;
  let t: TestTerminal;
  let tdir: string;
  let tfile: string;

  async function sell(i: number): Promise<void> {
    const a = DEMO_ACCOUNTS[i]!;
    const card = (await t.call('lookup.find', { nationalId: a.nationalId, deviceNumber: a.devices[0]!.number })).account;
    const q = (await t.call('sales.quote', { accountId: card.accountId, deviceId: card.device.deviceId, planCode: card.plan.code, termMonths: 1 })).quote;
    await t.call('sales.confirm', { saleId: q.saleId, accountId: q.accountId, deviceId: q.deviceId, planCode: q.planCode, termMonths: 1, priceFen: q.priceFen, payments: [{ method: 'cash', tenderedFen: q.priceFen }] });
  }

  beforeEach(async () => {
    hq = await startTestHq();
    t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
    tdir = t.dir;
    tfile = path.join(tdir, 'counter.db');
    await t.ctx.ledger.checkWithHq();
    const clerk = DEMO_CLERKS[0];
    await t.call('auth.signIn', { clerkId: t.ctx.auth.listClerks().find((c) => c.code === clerk.code)!.clerkId, pin: clerk.pin });
    await sell(0);
    await sell(1);
    await t.call('sync.now', {});
    await sell(4); // the unsynced tail: only the key protects it
    await t.close();
  });
  afterEach(async () => {
    await hq.stop();
    fs.rmSync(tdir, { recursive: true, force: true });
  });

  async function verifyWithHq(): Promise<{ code: number; text: string }> {
    let text = '';
    const code = await runAuditVerify([tdir, '--hq', hq.url, '--token', hq.token], (l) => (text += l + '\n'));
    return { code, text };
  }
  function tamper(fn: (db: Database.Database) => void): void {
    const db = new Database(tfile);
    try {
      fn(db);
    } finally {
      db.close();
    }
  }
  /** The attacker's recompute: every entry from the first again, with their own key (they do not have HQ's). */
  function recomputeChain(db: Database.Database, sign: (prev: string, r: { at: string; clerk_id: string | null; action: string; detail: string }) => string): void {
    let prev = '0'.repeat(64);
    const rows = db.prepare<[], { id: number; at: string; clerk_id: string | null; action: string; detail: string }>('SELECT * FROM audit_log ORDER BY id').all();
    const upd = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
    for (const r of rows) {
      const hash = sign(prev, r);
      upd.run(prev, hash, r.id);
      prev = hash;
    }
    db.prepare("UPDATE kv SET value = ? WHERE key = 'audit.head'").run(JSON.stringify({ hash: prev, count: rows.length }));
  }

  it('the untouched chain passes, keyed and compared with HQ’s anchor', async () => {
    const r = await verifyWithHq();
    expect(r.text).toMatch(/audit: ok \(\d+ entries/);
    expect(r.text).toMatch(/HQ anchor/);
    expect(r.code).toBe(0);
    const keyed = new Database(tfile, { readonly: true });
    expect(keyed.prepare<[], { n: number }>("SELECT count(*) AS n FROM audit_log WHERE hash NOT LIKE 'hmac-sha256$%'").get()!.n).toBe(0);
    keyed.close();
  });

  it('a recomputed chain (the attacker does not have the key) fails verify, even offline', async () => {
    const attackerKey = randomBytes(32);
    tamper((db) => {
      db.prepare("UPDATE audit_log SET detail = replace(detail, '\"priceFen\":', '\"priceFen\":1') WHERE action = 'sale.commit'").run();
      recomputeChain(db, (prev, r) => {
        const keyId = /^hmac-sha256\$([^$]+)\$/.exec(db.prepare<[], { hash: string }>('SELECT hash FROM audit_log LIMIT 1').get()!.hash)?.[1] ?? 'k';
        const mac = createHmac('sha256', attackerKey).update(JSON.stringify([prev, r.at, r.clerk_id, r.action, r.detail])).digest('hex');
        return `hmac-sha256$${keyId}$${mac}`;
      });
    });
    let text = '';
    expect(await runAuditVerify([tdir], (l) => (text += l))).toBe(1);
    expect(text).toContain('entry edited');
  });

  it('a chain recomputed without keys (plain SHA-256, as before the key existed) is caught by HQ’s anchor', async () => {
    tamper((db) => recomputeChain(db, (prev, r) => createHash('sha256').update(JSON.stringify([prev, r.at, r.clerk_id, r.action, r.detail])).digest('hex')));
    const r = await verifyWithHq();
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/HQ's anchor/);
  });

  it('a truncated chain with a rewritten head is caught by HQ’s anchor', async () => {
    tamper((db) => {
      const keep = db.prepare<[], { id: number; hash: string }>('SELECT id, hash FROM audit_log ORDER BY id LIMIT 1 OFFSET 1').get()!;
      db.prepare('DELETE FROM audit_log WHERE id > ?').run(keep.id);
      // a thorough attacker also removes the sales those entries named
      for (const table of ['sale_payments', 'print_jobs', 'outbox', 'sales']) db.prepare(`DELETE FROM ${table}`).run();
      db.prepare("UPDATE kv SET value = ? WHERE key = 'audit.head'").run(JSON.stringify({ hash: keep.hash, count: 2 }));
    });
    let local = '';
    expect(await runAuditVerify([tdir, '--offline'], (l) => (local += l))).toBe(0); // the local head alone cannot tell
    const r = await verifyWithHq();
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/missing \(HQ's anchor holds \d+/);
  });

  it('a wiped log is caught by HQ’s anchor', async () => {
    tamper((db) => {
      db.prepare('DELETE FROM audit_log').run();
      db.prepare("DELETE FROM kv WHERE key = 'audit.head'").run();
      db.prepare("DELETE FROM sqlite_sequence WHERE name = 'audit_log'").run();
    });
    const r = await verifyWithHq();
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/missing \(HQ's anchor holds \d+/);
  });

  it('an edited sale amount (or payment) is caught by the sale hash in its audit entry', async () => {
    tamper((db) => db.prepare('UPDATE sales SET price_fen = price_fen - 1000, cash_tendered_fen = cash_tendered_fen - 1000 WHERE receipt_seq = 1').run());
    let text = '';
    expect(await runAuditVerify([tdir], (l) => (text += l))).toBe(1);
    expect(text).toMatch(/sale .* edited/);
    tamper((db) => db.prepare('UPDATE sales SET price_fen = price_fen + 1000, cash_tendered_fen = cash_tendered_fen + 1000 WHERE receipt_seq = 1').run());
    expect((await verifyWithHq()).code).toBe(0);
    tamper((db) => db.prepare('UPDATE sale_payments SET amount_fen = amount_fen - 1 WHERE line_no = 1 AND sale_id = (SELECT sale_id FROM sales WHERE receipt_seq = 2)').run());
    expect((await verifyWithHq()).text).toMatch(/sale .* edited/);
  });
});
