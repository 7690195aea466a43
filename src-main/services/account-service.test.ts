/**
 * Account services on a real terminal (real dispatch, SQLite, outbox worker) against a real HQ and the
 * virtual printer over TCP (issue 15 item 3): confirmed, refused (nothing changes here), supervisor rule,
 * bad input, the reset code printed and kept nowhere, HQ offline.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_CLERKS, startTestHq, type TestHq } from '../../test-support/hq';
import { openTestTerminal, type TestTerminal } from '../../test-support/terminal-harness';
import { startVirtualPrinter, type VirtualPrinter } from '../../tools/virtual-printer/server';

let hq: TestHq;
let t: TestTerminal;
let printer: VirtualPrinter;
let supervisor: { supervisorId: string; pin: string };
const ACTIVE = DEMO_ACCOUNTS[0]!;
const LOST = DEMO_ACCOUNTS[2]!;
const CANCELLED = DEMO_ACCOUNTS[3]!;

async function refused(p: Promise<unknown>): Promise<{ code: string; messageKey: string; field?: string }> {
  try {
    await p;
  } catch (e) {
    return (e as { shape: { code: string; messageKey: string; field?: string } }).shape;
  }
  throw new Error('expected a refusal');
}

async function card(a: (typeof DEMO_ACCOUNTS)[number]) {
  return (await t.call('lookup.find', { nationalId: a.nationalId, deviceNumber: a.devices[0]!.number })).account;
}

function auditActions(): string[] {
  return (t.ctx.db.prepare('SELECT action FROM audit_log ORDER BY id').all() as { action: string }[]).map((r) => r.action);
}

beforeAll(async () => {
  hq = await startTestHq();
  printer = await startVirtualPrinter({ host: '127.0.0.1', port: 0, outDir: fs.mkdtempSync(path.join(os.tmpdir(), 'ct-acct-printer-')), png: false });
  t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
  t.ctx.local.printerTarget = printer.url;
  const clerk = DEMO_CLERKS[0];
  const ids = (code: string) => t.ctx.auth.listClerks().find((c) => c.code === code)!.clerkId;
  await t.call('auth.signIn', { clerkId: ids(clerk.code), pin: clerk.pin });
  supervisor = { supervisorId: ids(DEMO_CLERKS[2].code), pin: DEMO_CLERKS[2].pin };
  t.ctx.syncState.markSuccess();
}, 60_000);
afterAll(async () => {
  await t.close();
  await printer.close();
  await hq.stop();
});

describe('account services', () => {
  it('says which services need a supervisor (the default rule without an HQ setting)', async () => {
    expect(await t.call('account.serviceRules', {})).toEqual({ needsSupervisor: { reportLost: false, cancelLost: true, changePhone: false, resetApp: true } });
  });

  it('挂失: HQ confirms; the cached device is suspended as reported lost, the slip is queued, the audit has it', async () => {
    const c = await card(ACTIVE);
    const before = t.ctx.repos.outbox.pendingEventStats().count;
    const r = await t.call('account.reportLost', { accountId: c.accountId, deviceId: c.device.deviceId });
    expect(r).toMatchObject({ status: 'confirmed', subscriptionStatus: 'suspended', slipPrinted: true, code: null });
    expect(t.ctx.repos.outbox.pendingEventStats().count).toBe(before);
    const row = t.ctx.db.prepare('SELECT state, type FROM outbox WHERE event_id = ?').get(r.serviceId);
    expect(row).toEqual({ state: 'acked', type: 'account.reportLost' });
    expect((await card(ACTIVE))).toMatchObject({ status: 'suspended', statusReasonCode: 'reported_lost', renewable: false });
    expect(t.ctx.db.prepare("SELECT count(*) AS n FROM print_jobs WHERE ref_id = ?").get(`service:${r.serviceId}`)).toEqual({ n: 1 });
    expect(auditActions()).toEqual(expect.arrayContaining(['account.reportLost', 'account.reportLost.confirmed']));
    // HQ holds it too
    const hqDevice = (await hq.admin('GET', `/admin/accounts/${c.accountId}`)).body.account.devices[0];
    expect(hqDevice.subscription.status).toBe('suspended');
    const slip = (await printer.waitForJobs(1, 10_000)).at(-1)!.transcript;
    expect(slip).toContain('设备挂失');
    expect(slip).toContain(c.device.numberMasked);
    expect(slip).not.toContain(ACTIVE.nationalId);
    expect(slip).not.toContain(ACTIVE.devices[0]!.number);
  });

  it('解挂 needs the supervisor PIN; with it, HQ lifts the report', async () => {
    const c = await card(LOST);
    const e = await refused(t.call('account.cancelLost', { accountId: c.accountId, deviceId: c.device.deviceId }));
    expect(e).toMatchObject({ code: 'SUPERVISOR_REQUIRED', messageKey: 'account:supervisorRequired' });
    const wrongPin = await refused(t.call('account.cancelLost', { accountId: c.accountId, deviceId: c.device.deviceId, supervisor: { ...supervisor, pin: '0000' } }));
    expect(wrongPin.code).not.toBe('SUPERVISOR_REQUIRED');
    const r = await t.call('account.cancelLost', { accountId: c.accountId, deviceId: c.device.deviceId, supervisor });
    expect(r).toMatchObject({ status: 'confirmed', subscriptionStatus: 'active' });
    expect((await card(LOST))).toMatchObject({ status: 'active', renewable: true });
  });

  it('a refused 解挂 (device cancelled at the customer’s request) shows HQ’s reason and changes nothing here', async () => {
    const c = await card(CANCELLED);
    const jobs = t.ctx.db.prepare('SELECT count(*) AS n FROM print_jobs').get();
    const r = await t.call('account.cancelLost', { accountId: c.accountId, deviceId: c.device.deviceId, supervisor });
    expect(r).toMatchObject({ status: 'rejected', code: 'SUBSCRIPTION_CANCELLED', slipPrinted: false });
    expect(r.messageZh).toContain('应客户要求注销');
    expect(r.messageEn).toContain('cancelled at the customer’s request');
    expect((await card(CANCELLED)).status).toBe('cancelled');
    expect(t.ctx.db.prepare('SELECT count(*) AS n FROM print_jobs').get()).toEqual(jobs);
    // the refusal was shown: acknowledged, not a dead letter
    expect(t.ctx.db.prepare('SELECT state FROM outbox WHERE event_id = ?').get(r.serviceId)).toEqual({ state: 'acked' });
    expect(auditActions()).toContain('account.cancelLost.refused');
  });

  it('the phone change: a wrong shape is refused before anything is written; a valid number is bound', async () => {
    const c = await card(ACTIVE);
    const before = t.ctx.db.prepare('SELECT count(*) AS n FROM outbox').get();
    const bad = await refused(t.call('account.changePhone', { accountId: c.accountId, deviceId: c.device.deviceId, phone: '1381234567' }));
    expect(bad).toMatchObject({ code: 'PHONE_LENGTH', field: 'phone', messageKey: 'domain:phoneLength' });
    expect(await refused(t.call('account.changePhone', { accountId: c.accountId, deviceId: c.device.deviceId, phone: '12812345678' }))).toMatchObject({ code: 'PHONE_PREFIX' });
    expect(t.ctx.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual(before);
    const r = await t.call('account.changePhone', { accountId: c.accountId, deviceId: c.device.deviceId, phone: '139-0000-1111' });
    expect(r).toMatchObject({ status: 'confirmed', phoneMasked: '139****1111' });
    const again = await t.call('account.changePhone', { accountId: c.accountId, deviceId: c.device.deviceId, phone: '13900001111' });
    expect(again).toMatchObject({ status: 'rejected', code: 'PHONE_UNCHANGED' });
  });

  it('the app reset: HQ’s code is printed and stored nowhere on the terminal', async () => {
    const c = await card(ACTIVE);
    const printed = printer.jobs().length;
    expect(await refused(t.call('account.resetApp', { accountId: c.accountId, deviceId: c.device.deviceId }))).toMatchObject({ code: 'SUPERVISOR_REQUIRED' });
    const r = await t.call('account.resetApp', { accountId: c.accountId, deviceId: c.device.deviceId, supervisor });
    expect(r).toMatchObject({ status: 'confirmed', slipPrinted: true });
    expect(r.resetCodeExpiresAt).toBeTruthy();
    expect(JSON.stringify(r)).not.toMatch(/\b\d{8}\b/);
    const slip = (await printer.waitForJobs(printed + 1, 10_000)).at(-1)!.transcript;
    const m = /(\d{4}) (\d{4})/.exec(slip.split('\n').find((l) => l.startsWith('重置码 '))!);
    const code = `${m![1]}${m![2]}`;
    expect(code).toMatch(/^\d{8}$/);
    t.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const f of fs.readdirSync(t.dir)) {
      const file = path.join(t.dir, f);
      if (!fs.statSync(file).isFile()) continue;
      const bytes = fs.readFileSync(file);
      expect(bytes.includes(code), `${f} holds the reset code`).toBe(false);
    }
    const dump = JSON.stringify([
      t.ctx.db.prepare('SELECT * FROM outbox').all(),
      t.ctx.db.prepare('SELECT * FROM print_jobs').all(),
      t.ctx.db.prepare('SELECT * FROM audit_log').all(),
    ]);
    expect(dump).not.toContain(code);
    expect(String(await hq.scalar('SELECT result_json FROM events WHERE event_id = ?', [r.serviceId]))).not.toContain(code);
  });

  it('HQ offline: the app reset says it needs HQ and writes nothing; 挂失 is queued for HQ', async () => {
    await hq.close();
    await t.call('sync.now', {});
    expect(t.ctx.syncState.snapshot().online).toBe(false);
    const c = await card(ACTIVE);
    const before = t.ctx.db.prepare('SELECT count(*) AS n FROM outbox').get();
    expect(await refused(t.call('account.resetApp', { accountId: c.accountId, deviceId: c.device.deviceId, supervisor }))).toMatchObject({
      code: 'UNAVAILABLE',
      messageKey: 'account:resetNeedsHq',
    });
    expect(t.ctx.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual(before);
    const lost = await card(DEMO_ACCOUNTS[1]!);
    const r = await t.call('account.reportLost', { accountId: lost.accountId, deviceId: lost.device.deviceId });
    expect(r.status).toBe('queued');
    expect(t.ctx.db.prepare('SELECT state FROM outbox WHERE event_id = ?').get(r.serviceId)).toEqual({ state: 'pending' });
  }, 30_000);
});
