import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAuditVerify } from '../cli/audit-verify';
import { openDatabase, type Db } from '../db/connection';
import { TERMINAL_MIGRATIONS } from '../db/migrations';
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
  db = openDatabase({ file, migrations: TERMINAL_MIGRATIONS });
  let t = Date.parse('2026-11-25T01:00:00Z');
  audit = createAuditLog(createAuditRepo(db), () => new Date((t += 1000)), db);
  for (let i = 1; i <= 6; i++) audit.record(i % 2 ? 'sale.commit' : 'auth.signIn', 'c1', { n: i });
});
afterEach(() => {
  if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function verifyCli(): { code: number; text: string } {
  db.close();
  let text = '';
  const code = runAuditVerify([dir], (l) => (text += l));
  return { code, text };
}

describe('audit chain tamper detection', () => {
  it('an untouched chain verifies, also through the command', () => {
    audit.recordSoon('lookup.found', 'c1', { idHash: 'h' });
    expect(audit.verify()).toEqual({ ok: true, entries: 7 });
    expect(verifyCli()).toMatchObject({ code: 0, text: expect.stringContaining('ok (7 entries)') });
  });

  it('detects an edited entry', () => {
    db.prepare("UPDATE audit_log SET detail = '{\"n\":99}' WHERE id = 3").run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAtId: 3, reason: 'entry edited' });
    expect(verifyCli()).toMatchObject({ code: 1, text: expect.stringContaining('entry 3') });
  });

  it('detects an entry deleted from the middle and from the start', () => {
    db.prepare('DELETE FROM audit_log WHERE id = 4').run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAtId: 5 });
    db.prepare('DELETE FROM audit_log WHERE id = 1').run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAtId: 2, reason: 'chain link broken' });
  });

  it('detects the newest entries deleted (the head kept with each append disagrees)', () => {
    db.prepare('DELETE FROM audit_log WHERE id >= 5').run();
    expect(audit.verify()).toMatchObject({ ok: false, reason: expect.stringContaining('newest entries missing') });
    expect(verifyCli().code).toBe(1);
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

  it('a missing database is reported, not mistaken for ok', () => {
    db.close();
    let text = '';
    expect(runAuditVerify([path.join(dir, 'nope.db')], (l) => (text += l))).toBe(2);
    expect(text).toContain('cannot read');
  });
});
