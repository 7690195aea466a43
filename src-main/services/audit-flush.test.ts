import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Db } from '../../src-node/db/connection';
import { createAuditRepo } from '../db/repos/audit-repo';
import { openTerminalDb } from '../db/terminal-db';
import { AUDIT_SLICE, createAuditLog } from './audit';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-flush-'));
  db = openTerminalDb(path.join(dir, 'counter.db'));
});
afterEach(() => {
  if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const entries = (): number => (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
const nextTurn = () => new Promise((r) => setImmediate(r));

it('delayed (lookup) entries are written in small slices, one per turn of the event loop, with the head kept and FULL restored', async () => {
  const audit = createAuditLog(createAuditRepo(db), () => new Date(), db);
  audit.record('auth.signIn', 'c1', {});
  const n = 3 * AUDIT_SLICE + 2;
  for (let i = 0; i < n; i++) audit.recordSoon('lookup.found', 'c1', { i });
  expect(entries()).toBe(1);
  // turn by turn until the delay has passed: then exactly the first slice is in
  while (entries() === 1) await nextTurn();
  expect(entries()).toBe(1 + AUDIT_SLICE);
  expect(audit.pending()).toBe(n - AUDIT_SLICE);
  expect(db.pragma('main.synchronous', { simple: true })).toBe(2); // FULL again between slices
  await nextTurn();
  expect(entries()).toBe(1 + 2 * AUDIT_SLICE);
  for (let i = 0; i < 5; i++) await nextTurn();
  expect(entries()).toBe(1 + n);
  expect(audit.pending()).toBe(0);
  expect(audit.head().count).toBe(1 + n);
  expect(audit.verify()).toMatchObject({ ok: true, entries: 1 + n });
});

it('a money entry writes the delayed ones before it (chain order), in its own transaction', () => {
  const audit = createAuditLog(createAuditRepo(db), () => new Date(), db);
  audit.recordSoon('lookup.found', 'c1', { i: 1 });
  audit.recordSoon('lookup.found', 'c1', { i: 2 });
  db.transaction(() => audit.record('sale.commit', 'c1', { saleId: 's1' }))();
  expect(db.prepare('SELECT action FROM audit_log ORDER BY id').all()).toEqual([{ action: 'lookup.found' }, { action: 'lookup.found' }, { action: 'sale.commit' }]);
  expect(audit.pending()).toBe(0);
  // a rolled-back caller transaction leaves no entry and a head that still matches the chain
  expect(() =>
    db.transaction(() => {
      audit.record('sale.commit', 'c1', { saleId: 's2' });
      throw new Error('rolled back');
    })(),
  ).toThrow('rolled back');
  audit.record('auth.signOut', 'c1', {});
  expect(audit.verify()).toMatchObject({ ok: true, entries: 4 });
});
