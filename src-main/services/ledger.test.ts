import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_CLERKS, startTestHq, type TestHq } from '../../test-support/hq';
import { rotateBackup } from '../../src-node/db/connection';
import { openTestTerminal, type TestTerminal } from '../../test-support/terminal-harness';

/**
 * Issue 10 item 5: an empty or replaced counter.db must not silently start a fresh terminal whose
 * receipt numbers restart at 000001. Real HQ over HTTP, real terminal, real SQLite files and backups.
 */
const clerk = DEMO_CLERKS[0];
const supervisor = DEMO_CLERKS[2];
let hq: TestHq;
let t: TestTerminal;
let dir: string;

async function signIn(): Promise<void> {
  await t.call('auth.signIn', { clerkId: t.ctx.auth.listClerks().find((c) => c.code === clerk.code)!.clerkId, pin: clerk.pin });
}

async function sell(i: number) {
  const a = DEMO_ACCOUNTS[i]!;
  const card = (await t.call('lookup.find', { nationalId: a.nationalId, deviceNumber: a.devices[0]!.number })).account;
  const q = (await t.call('sales.quote', { accountId: card.accountId, deviceId: card.device.deviceId, planCode: card.plan.code, termMonths: 1 })).quote;
  return (await t.call('sales.confirm', { saleId: q.saleId, accountId: q.accountId, deviceId: q.deviceId, planCode: q.planCode, termMonths: 1, priceFen: q.priceFen, payments: [{ method: 'cash', tenderedFen: q.priceFen }] })).sale;
}

async function refusedSale(i: number): Promise<string> {
  try {
    await sell(i);
    return 'sold';
  } catch (err) {
    return (err as { shape?: { code: string } }).shape?.code ?? String(err);
  }
}

function removeDb(): void {
  for (const f of ['counter.db', 'counter.db-wal', 'counter.db-shm']) fs.rmSync(path.join(dir, f), { force: true });
}

beforeEach(async () => {
  hq = await startTestHq();
  t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
  dir = t.dir;
  await t.ctx.ledger.checkWithHq();
  await signIn();
  await sell(0);
  await sell(1);
  await rotateBackup(t.ctx.db, path.join(dir, 'backups'), 7); // the daily copy, taken after two sales
  await sell(4);
  await t.call('sync.now', {});
  await t.close();
});
afterEach(async () => {
  await t.close();
  await hq.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('an empty or replaced counter.db', () => {
  it('refuses to sell (LEDGER_RESTORE_REQUIRED, restore state in system.status); restoring the newest backup continues the numbers', async () => {
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'terminal-identity.json'), 'utf8'))).toMatchObject({ lastReceiptSeq: 3 });
    removeDb(); // the file is gone: the app makes an empty one, as a replaced disk or a copied-in empty file would give
    t = await openTestTerminal({ dir, hqUrl: hq.url, hqToken: hq.token });
    const status = await t.call('system.status', {});
    expect(status.ledger).toMatchObject({ state: 'restoreRequired', reason: 'ledgerMissing', backup: { sales: 2 } });
    await signIn();
    expect(await refusedSale(0)).toBe('LEDGER_RESTORE_REQUIRED');

    // a wrong supervisor PIN changes nothing
    await expect(t.call('ledger.restoreBackup', { supervisorCode: supervisor.code, pin: '0000' })).rejects.toMatchObject({ shape: { code: 'FORBIDDEN' } });
    expect((await t.call('system.status', {})).ledger?.state).toBe('restoreRequired');

    const restored = await t.call('ledger.restoreBackup', { supervisorCode: supervisor.code, pin: supervisor.pin });
    expect(restored.ledger.state).toBe('ok');
    await signIn();
    const next = await sell(0);
    expect(next.receiptNo).toMatch(/-000004$/); // after the 3 this terminal used, not 000001 or 000003
    await t.call('sync.now', {});
    expect((await t.call('sales.get', { saleId: next.saleId })).sale.status).toBe('confirmed'); // HQ took 000004: not a reused number
    expect(t.ctx.audit.verify().ok).toBe(true);
  });

  it('a database replaced by another ledger is refused too', async () => {
    removeDb();
    const other = await openTestTerminal({ dir: fs.mkdtempSync(path.join(dir, '..', 'other-')), hqUrl: hq.url, hqToken: hq.token });
    other.ctx.ledger.afterCommit(); // another ledger (its own id)
    await other.close();
    fs.copyFileSync(path.join(other.dir, 'counter.db'), path.join(dir, 'counter.db'));
    fs.rmSync(other.dir, { recursive: true, force: true });
    t = await openTestTerminal({ dir, hqUrl: hq.url, hqToken: hq.token });
    expect((await t.call('system.status', {})).ledger).toMatchObject({ state: 'restoreRequired', reason: 'ledgerReplaced' });
  });

  it('with the whole data folder lost, HQ’s record refuses the fresh ledger; re-enrolment continues from HQ’s last sequence', async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    t = await openTestTerminal({ dir, hqUrl: hq.url, hqToken: hq.token });
    await t.ctx.ledger.checkWithHq();
    expect((await t.call('system.status', {})).ledger).toMatchObject({ state: 'restoreRequired', reason: 'hqAhead', backup: null, hqLastReceiptSeq: 3 });
    await signIn();
    expect(await refusedSale(0)).toBe('LEDGER_RESTORE_REQUIRED');
    const r = await t.call('ledger.reenrol', { supervisorCode: supervisor.code, pin: supervisor.pin, confirm: true });
    expect(r.ledger.state).toBe('ok');
    const next = await sell(0);
    expect(next.receiptNo).toMatch(/-000004$/);
    await t.call('sync.now', {});
    expect((await t.call('sales.get', { saleId: next.saleId })).sale.status).toBe('confirmed');
  });
});
