import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_CLERKS, startTestHq, type TestHq } from '../../test-support/hq';
import { rotateBackup } from '../../src-node/db/connection';
import { openBackup, readBackupHeader, sealBackup } from '../../src-node/backup/sealed-backup';
import { openTestTerminal, type TestTerminal } from '../../test-support/terminal-harness';
import { UPLOADED_SUFFIX } from './backup-upload';

/**
 * Issue 17 item 6: the daily backup goes to HQ sealed (retried while HQ is down), and a new PC with an
 * empty data folder restores it from HQ: receipt numbers continue, events HQ already had are not applied
 * twice (HQ's sale count), events HQ never got still sync. A damaged, foreign-key or too-new backup is
 * refused in words and changes nothing. Real HQ over HTTP, real terminals, real SQLite files.
 */
const clerk = DEMO_CLERKS[0];
const supervisor = DEMO_CLERKS[2];
let hq: TestHq;
let old: TestTerminal;
let fresh: TestTerminal | null = null;
let terminalId: string;

async function signIn(t: TestTerminal): Promise<void> {
  await t.call('auth.signIn', { clerkId: t.ctx.auth.listClerks().find((c) => c.code === clerk.code)!.clerkId, pin: clerk.pin });
}

async function sell(t: TestTerminal, i: number) {
  const a = DEMO_ACCOUNTS[i]!;
  const card = (await t.call('lookup.find', { nationalId: a.nationalId, deviceNumber: a.devices[0]!.number })).account;
  const q = (await t.call('sales.quote', { accountId: card.accountId, deviceId: card.device.deviceId, planCode: card.plan.code, termMonths: 1 })).quote;
  return (await t.call('sales.confirm', { saleId: q.saleId, accountId: q.accountId, deviceId: q.deviceId, planCode: q.planCode, termMonths: 1, priceFen: q.priceFen, payments: [{ method: 'cash', tenderedFen: q.priceFen }] })).sale;
}

async function hqSales(): Promise<number> {
  return Number(await hq.scalar('SELECT count(*) AS n FROM sales'));
}

async function failure(p: Promise<unknown>): Promise<{ code: string; messageKey: string }> {
  try {
    await p;
  } catch (err) {
    return (err as { shape: { code: string; messageKey: string } }).shape;
  }
  throw new Error('expected a refusal');
}

beforeEach(async () => {
  hq = await startTestHq();
  terminalId = (await hq.get('/v1/ledger')).body.terminalId as string;
  old = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
  await old.ctx.ledger.checkWithHq();
  await signIn(old);
});
afterEach(async () => {
  await fresh?.close();
  fresh = null;
  await old.close();
  await hq.stop();
});

describe('ledger backups at HQ', () => {
  it('the newest backup is uploaded sealed once HQ answers (retried while HQ is down), marked, and not sent twice', async () => {
    await sell(old, 0);
    const file = await rotateBackup(old.ctx.db, path.join(old.dir, 'backups'), 7);
    await hq.admin('POST', '/admin/faults', { kind: 'unavailable', count: 1, pathPrefix: '/v1/backups' });
    await expect(old.app.backupUploader!.uploadNewest()).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    expect(fs.existsSync(file + UPLOADED_SUFFIX)).toBe(false);
    expect(old.app.backupUploader!.waiting()).toBe(path.basename(file));

    const info = await old.app.backupUploader!.uploadNewest();
    expect(info).toMatchObject({ terminalId, sales: 1, lastReceiptSeq: 1, keySource: 'hqToken' });
    expect(fs.existsSync(file + UPLOADED_SUFFIX)).toBe(true);
    expect(await old.app.backupUploader!.uploadNewest()).toBeNull(); // marked: nothing to send
    const listed = (await hq.admin('GET', `/admin/terminals/${terminalId}/backups`)).body.backups as { backupId: string }[];
    expect(listed).toHaveLength(1);

    // what HQ holds is encrypted: no SQLite header, and only this terminal's token opens it
    const bytes = Buffer.from(await (await fetch(`${hq.url}/v1/backups/${listed[0]!.backupId}`, { headers: { authorization: `Bearer ${hq.token}` } })).arrayBuffer());
    expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false);
    expect(openBackup(bytes, { terminalId, keys: [{ source: 'hqToken', secret: hq.token }] }).plain.equals(fs.readFileSync(file))).toBe(true);
  });

  it('a new PC restores from HQ: the numbers continue, nothing HQ had is applied twice, what HQ lacked still syncs', async () => {
    // Two sales while HQ refuses events: both wait in the outbox when the daily backup is taken.
    await hq.admin('POST', '/admin/faults', { kind: 'unavailable', count: 100_000, pathPrefix: '/v1/events' });
    const s1 = await sell(old, 0);
    const s2 = await sell(old, 1);
    const file = await rotateBackup(old.ctx.db, path.join(old.dir, 'backups'), 7);
    await old.app.backupUploader!.uploadNewest();
    // After the backup, the old PC got the first sale through to HQ, then died with its disk.
    const row = old.ctx.db.prepare<[], { event_id: string; seq: number; type: string; created_at: string; payload: string }>("SELECT * FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT 1").get()!;
    await old.close();
    await hq.admin('DELETE', '/admin/faults');
    const sent = await hq.post('/v1/events', { events: [{ eventId: row.event_id, terminalSeq: row.seq, type: row.type, createdAt: row.created_at, payload: JSON.parse(row.payload) as unknown }] });
    expect(sent.body.results[0]).toMatchObject({ status: 'confirmed' });
    expect(await hqSales()).toBe(1);
    expect(s1.receiptNo).toMatch(/-000001$/);

    // The replacement PC: an empty data folder, the same HQ.
    fresh = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
    await fresh.ctx.ledger.checkWithHq();
    expect((await fresh.call('system.status', {})).ledger).toMatchObject({ state: 'restoreRequired', reason: 'hqAhead' });
    const { backups } = await fresh.call('ledger.hqBackups', {});
    expect(backups).toEqual([expect.objectContaining({ sales: 2, lastReceiptNo: s2.receiptNo, keySource: 'hqToken' })]);

    // a wrong PIN is refused, nothing installed
    expect(await failure(fresh.call('ledger.restoreFromHq', { supervisorCode: supervisor.code, pin: '0000' }))).toMatchObject({ code: 'FORBIDDEN', messageKey: 'ledger:supervisorWrong' });
    expect(fresh.ctx.db.prepare('SELECT count(*) AS n FROM sales').get()).toEqual({ n: 0 });

    const restored = await fresh.call('ledger.restoreFromHq', { supervisorCode: supervisor.code, pin: supervisor.pin });
    expect(restored.ledger.state).toBe('ok');
    expect(fresh.ctx.db.prepare('SELECT count(*) AS n FROM sales').get()).toEqual({ n: 2 });
    expect(fs.readFileSync(file).length).toBeGreaterThan(0);

    await signIn(fresh);
    await fresh.call('sync.now', {});
    const outbox = fresh.ctx.db.prepare<[], { state: string; result: string | null }>('SELECT state, result FROM outbox ORDER BY seq').all();
    expect(outbox.map((o) => o.state)).toEqual(['acked', 'acked']);
    expect(outbox.map((o) => (JSON.parse(o.result ?? '{}') as { duplicate?: boolean }).duplicate ?? false)).toEqual([true, false]);
    expect(await hqSales()).toBe(2); // s1 once, s2 now

    const next = await sell(fresh, 4);
    expect(next.receiptNo).toMatch(/-000003$/);
    await fresh.call('sync.now', {});
    expect(await hqSales()).toBe(3);
    const receipts = (await hq.admin('GET', '/admin/sales')).body.sales as { receiptNo: string }[];
    expect(new Set(receipts.map((r) => r.receiptNo)).size).toBe(3);
  });

  it('a damaged, foreign-key or too-new backup from HQ is refused in words; nothing changes', async () => {
    await sell(old, 0);
    await rotateBackup(old.ctx.db, path.join(old.dir, 'backups'), 7);
    await old.app.backupUploader!.uploadNewest();
    const good = (await hq.get('/v1/backups')).body.backups[0] as { backupId: string };
    const sealed = Buffer.from(await (await fetch(`${hq.url}/v1/backups/${good.backupId}`, { headers: { authorization: `Bearer ${hq.token}` } })).arrayBuffer());
    const { plain, header } = openBackup(sealed, { terminalId, keys: [{ source: 'hqToken', secret: hq.token }] });
    await old.close();

    const upload = async (bytes: Buffer): Promise<string> => {
      const r = await fetch(`${hq.url}/v1/backups`, { method: 'POST', headers: { authorization: `Bearer ${hq.token}` }, body: new Uint8Array(bytes) });
      expect(r.status).toBe(201);
      return ((await r.json()) as { backup: { backupId: string } }).backup.backupId;
    };
    const damaged = Buffer.from(sealed);
    damaged[readBackupHeader(sealed).prefixBytes + 10]! ^= 0xff;
    const base = { terminalId, createdAt: new Date().toISOString(), ledger: header.ledger };
    const ids = {
      corrupt: await upload(damaged),
      wrongKey: await upload(sealBackup({ ...base, plain, schemaVersion: header.schemaVersion, key: { source: 'hqToken', secret: 'hqt_the-token-of-another-pc' } })),
      keyMissing: await upload(sealBackup({ ...base, plain, schemaVersion: header.schemaVersion, key: { source: 'backupKey', secret: 'a-backup-key-this-pc-lacks' } })),
      tooNew: await upload(sealBackup({ ...base, plain, schemaVersion: 999, key: { source: 'hqToken', secret: hq.token } })),
      // a sealed file whose content is not SQLite at all (right key, right terminal)
      notSqlite: await upload(sealBackup({ ...base, plain: Buffer.from('this is not a database'), schemaVersion: header.schemaVersion, key: { source: 'hqToken', secret: hq.token } })),
    };

    fresh = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
    await fresh.ctx.ledger.checkWithHq();
    const before = fs.readdirSync(fresh.dir).sort();
    const expected: Record<keyof typeof ids, string> = { corrupt: 'ledger:hqBackup.corrupt', wrongKey: 'ledger:hqBackup.wrongKey', keyMissing: 'ledger:hqBackup.keyMissing', tooNew: 'ledger:hqBackup.tooNew', notSqlite: 'ledger:hqBackup.corrupt' };
    for (const [k, id] of Object.entries(ids) as [keyof typeof ids, string][]) {
      const e = await failure(fresh.call('ledger.restoreFromHq', { backupId: id, supervisorCode: supervisor.code, pin: supervisor.pin }));
      expect({ k, ...e }).toMatchObject({ k, code: 'INVALID_INPUT', messageKey: expected[k] });
      expect((await fresh.call('system.status', {})).ledger?.state).toBe('restoreRequired');
      expect(fresh.ctx.db.prepare('SELECT count(*) AS n FROM sales').get()).toEqual({ n: 0 });
    }
    expect(await failure(fresh.call('ledger.restoreFromHq', { backupId: 'bk-none', supervisorCode: supervisor.code, pin: supervisor.pin }))).toMatchObject({ code: 'NOT_FOUND', messageKey: 'ledger:hqNoBackup' });
    expect(fs.readdirSync(fresh.dir).sort()).toEqual(before); // no temp file left behind
    // the good one still restores
    expect((await fresh.call('ledger.restoreFromHq', { backupId: good.backupId, supervisorCode: supervisor.code, pin: supervisor.pin })).ledger.state).toBe('ok');
  });

  it('a fresh PC HQ knows no sale of has nothing to restore; HQ unreachable while one is needed: refused in words', async () => {
    const first = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
    await first.ctx.ledger.checkWithHq();
    expect(await failure(first.call('ledger.hqBackups', {}))).toMatchObject({ code: 'CONFLICT', messageKey: 'ledger:notNeeded' });
    await first.close();

    await sell(old, 0);
    await old.call('sync.now', {});
    await old.close();
    fresh = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
    await fresh.ctx.ledger.checkWithHq();
    await hq.admin('POST', '/admin/faults', { kind: 'unavailable', count: 100, pathPrefix: '/v1/backups' });
    expect(await failure(fresh.call('ledger.hqBackups', {}))).toMatchObject({ code: 'UNAVAILABLE', messageKey: 'ledger:hqBackupNeedsHq' });
    expect(await failure(fresh.call('ledger.restoreFromHq', { supervisorCode: supervisor.code, pin: supervisor.pin }))).toMatchObject({ code: 'UNAVAILABLE', messageKey: 'ledger:hqBackupNeedsHq' });
    await hq.admin('DELETE', '/admin/faults');
    expect(await failure(fresh.call('ledger.restoreFromHq', { supervisorCode: supervisor.code, pin: supervisor.pin }))).toMatchObject({ code: 'NOT_FOUND', messageKey: 'ledger:hqNoBackup' });
  });

  it('HQ unreachable when the new PC starts: the ledger check runs on the first pull HQ answers, and the restore is offered', async () => {
    await sell(old, 0);
    await old.call('sync.now', {});
    await old.close();
    await hq.admin('POST', '/admin/faults', { kind: 'unavailable', count: 1_000, pathPrefix: '/v1/ledger' });
    fresh = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token, seedFromHq: false });
    await fresh.ctx.ledger.checkWithHq(); // HQ answers 503: local checks only, a fresh folder looks fine
    expect((await fresh.call('system.status', {})).ledger?.state).toBe('ok');
    await hq.admin('DELETE', '/admin/faults');
    await fresh.ctx.puller.pullNow();
    await expect.poll(async () => (await fresh!.call('system.status', {})).ledger, { timeout: 5_000 }).toMatchObject({ state: 'restoreRequired', reason: 'hqAhead' });
    await fresh.ctx.importer.ensure(); // the pull started the account import: let it finish before the terminal closes
  });
});
