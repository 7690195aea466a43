import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_CLERKS, startTestHq, type TestHq } from '../../test-support/hq';
import type { MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';
import { parseZReportCsv, zReportCsv, type ZReport } from '../../src-shared/domain/z-report';
import type { AppContext } from '../app-context';
import { openTestTerminal, type TestTerminal } from '../../test-support/terminal-harness';

/**
 * A whole business day through the real dispatch and real SQLite: shift, sales, void, paid-out,
 * count, Z report (checked against the database with independent SQL), day close, next day.
 */
let hq: TestHq;
let t: TestTerminal;
let ctx: AppContext;
const [clerk, clerk2, supervisor] = DEMO_CLERKS;

const call = <K extends MethodName>(name: K, input: MethodInput<K>): Promise<MethodOutput<K>> => t.call(name, input);
const idOf = (code: string) => ctx.auth.listClerks().find((c) => c.code === code)!.clerkId;

async function sell(months: number, payments: (p: number) => MethodInput<'sales.confirm'>['payments'], account = 0) {
  const a = DEMO_ACCOUNTS[account]!;
  const card = (await call('lookup.find', { nationalId: a.nationalId, deviceNumber: a.devices[0]!.number })).account;
  const q = (await call('sales.quote', { accountId: card.accountId, deviceId: card.device.deviceId, planCode: card.plan.code, termMonths: months })).quote;
  const input = { saleId: q.saleId, accountId: q.accountId, deviceId: q.deviceId, planCode: q.planCode, termMonths: months, priceFen: q.priceFen, payments: payments(q.priceFen) };
  return { q, input };
}

beforeAll(async () => {
  hq = await startTestHq();
  t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token, requireOpenShift: true });
  ctx = t.ctx;
  // The day runs offline after the first pull: outbox events stay pending, so closing needs an override.
  await hq.stop();
  ctx.syncState.markSuccess();
});
afterAll(async () => {
  await t.close();
  fs.rmSync(t.dir, { recursive: true, force: true });
});

describe('PIN lockout and supervisor unlock', () => {
  it('locks a clerk after 5 wrong PINs; only a supervisor PIN unlocks; all of it is audited', async () => {
    const id = idOf(clerk2.code);
    for (let i = 1; i <= 4; i++) {
      await expect(call('auth.signIn', { clerkId: id, pin: '0000' })).rejects.toMatchObject({ shape: { messageKey: 'auth:wrongPin', params: { left: 5 - i } } });
    }
    await expect(call('auth.signIn', { clerkId: id, pin: '0000' })).rejects.toMatchObject({ shape: { code: 'LOCKED' } });
    await expect(call('auth.signIn', { clerkId: id, pin: clerk2.pin })).rejects.toMatchObject({ shape: { code: 'LOCKED' } });
    // a clerk cannot unlock; a wrong supervisor PIN does not unlock
    await expect(call('auth.unlockClerk', { clerkId: id, supervisorId: idOf(clerk.code), pin: clerk.pin })).rejects.toMatchObject({ shape: { messageKey: 'auth:notSupervisor' } });
    await expect(call('auth.unlockClerk', { clerkId: id, supervisorId: idOf(supervisor.code), pin: '0000' })).rejects.toMatchObject({ shape: { messageKey: 'auth:wrongPin' } });
    await expect(call('auth.signIn', { clerkId: id, pin: clerk2.pin })).rejects.toMatchObject({ shape: { code: 'LOCKED' } });
    await call('auth.unlockClerk', { clerkId: id, supervisorId: idOf(supervisor.code), pin: supervisor.pin });
    expect((await call('auth.signIn', { clerkId: id, pin: clerk2.pin })).clerk.code).toBe(clerk2.code);
    const actions = ctx.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'auth.%'").all().map((r) => (r as { action: string }).action);
    expect(actions).toEqual(expect.arrayContaining(['auth.pinFailed', 'auth.locked', 'auth.unlockClerk', 'auth.signIn']));
    expect(JSON.stringify(ctx.db.prepare('SELECT detail FROM audit_log').all())).not.toContain(clerk2.pin);
  });

  it('the idle lock signs the clerk out until a PIN; lockState names the clerk and the store setting', async () => {
    await call('auth.signIn', { clerkId: idOf(clerk.code), pin: clerk.pin });
    await call('auth.lock', {});
    const state = await call('auth.lockState', {});
    expect(state.lockedClerk?.code).toBe(clerk.code);
    expect(state.idleLockMinutes).toBe(ctx.store()!.settings.idleLockMinutes);
    await expect(call('shift.current', {})).rejects.toMatchObject({ shape: { code: 'NOT_SIGNED_IN' } });
    await call('auth.signIn', { clerkId: idOf(clerk.code), pin: clerk.pin });
    expect((await call('auth.lockState', {})).lockedClerk).toBeNull();
  });
});

describe('a business day', () => {
  let report: ZReport;
  let voidedId: string;
  let cashSaleId: string;

  it('refuses a sale without an open shift, then opens one with a counted float (only one)', async () => {
    const { input } = await sell(1, (p) => [{ method: 'cash', tenderedFen: p }]);
    await expect(call('sales.confirm', input)).rejects.toMatchObject({ shape: { code: 'NO_OPEN_SHIFT', messageKey: 'shift:noOpenShift' } });
    await expect(call('shift.open', { counts: { '200': 1 } })).rejects.toMatchObject({ shape: { code: 'CASH_COUNT_DENOMINATION_UNKNOWN' } });
    await expect(call('shift.open', { counts: { '100': -1 } })).rejects.toMatchObject({ shape: { messageKey: 'shift:errors.countWhole' } });
    const { shift } = await call('shift.open', { counts: { '10000': 2, '1000': 5, '100': 10, '50': 4, '10': 5 } });
    expect(shift.floatFen).toBe(20000 + 5000 + 1000 + 200 + 50);
    expect(shift.expectedCashFen).toBe(26250);
    await expect(call('shift.open', { counts: { '100': 1 } })).rejects.toMatchObject({ shape: { messageKey: 'shift:alreadyOpen' } });
  });

  it('sells cash, card and split; voids one; paid-in and paid-out with reasons', async () => {
    const cash = await sell(3, (p) => [{ method: 'cash', tenderedFen: p + 1000 }]);
    await call('sales.confirm', cash.input);
    cashSaleId = cash.q.saleId;
    const card = await sell(1, (p) => [{ method: 'card', amountFen: p, reference: '123456789012' }], 1);
    await call('sales.confirm', card.input);
    const split = await sell(1, (p) => [{ method: 'cash', tenderedFen: 1000 }, { method: 'wechat', amountFen: p - 1000, reference: '4200001234202611250123456789' }], 4);
    await call('sales.confirm', split.input);
    voidedId = split.q.saleId;
    // the WeChat line was taken on the card terminal: refunded there, with its refund reference (issue 14)
    await expect(call('sales.void', { saleId: voidedId, reason: '客户取消', supervisorId: idOf(supervisor.code), pin: supervisor.pin })).rejects.toMatchObject({
      shape: { field: 'refundReferences.2' },
    });
    await call('sales.void', { saleId: voidedId, reason: '客户取消', supervisorId: idOf(supervisor.code), pin: supervisor.pin, refundReferences: [{ lineNo: 2, reference: '4200001234202611259999999999' }] });

    await expect(call('shift.cashMovement', { kind: 'paidOut', amountFen: 1000, reason: '  ' })).rejects.toMatchObject({ shape: { messageKey: 'shift:errors.reasonRequired' } });
    await expect(call('shift.cashMovement', { kind: 'paidOut', amountFen: 12.5, reason: 'x' })).rejects.toMatchObject({ shape: { messageKey: 'shift:errors.amountFen' } });
    await expect(call('shift.cashMovement', { kind: 'paidOut', amountFen: 99_999_999, reason: 'x' })).rejects.toMatchObject({ shape: { messageKey: 'shift:errors.paidOutTooLarge' } });
    await call('shift.cashMovement', { kind: 'paidIn', amountFen: 500, reason: '补零钱' });
    const { shift } = await call('shift.cashMovement', { kind: 'paidOut', amountFen: 10000, reason: '存银行' });
    expect(shift.paidOutFen).toBe(10000);
    expect(shift.paidInFen).toBe(500);
    // float + cash sale (price) + split's cash voided (1000 in, 1000 back) + 500 - 10000
    expect(shift.expectedCashFen).toBe(26250 + cash.q.priceFen + 500 - 10000);
  });

  it('counts the drawer: a variance above the threshold needs a reason', async () => {
    const threshold = ctx.store()!.settings.varianceThresholdFen;
    const expected = (await call('shift.current', {})).shift!.expectedCashFen!;
    // count 1 jiao pieces so the total is expected minus (threshold + 100) fen
    const short = threshold + 100;
    const counted = expected - short;
    const counts = { '10000': Math.floor(counted / 10000), '10': (counted % 10000) / 10 };
    await expect(call('day.count', { counts })).rejects.toMatchObject({ shape: { messageKey: 'domain:reconcileReasonRequired' } });
    report = (await call('day.count', { counts, reason: '找错零钱' })).report as ZReport;
    expect(report.cash.countedFen).toBe(counted);
    expect(report.cash.varianceFen).toBe(-short);
    expect(report.cash.reason).toBe('找错零钱');
  });

  it('the Z report equals independent SQL over the database, and so does its CSV', async () => {
    const date = report.businessDate;
    const q = <T>(sql: string) => ctx.db.prepare(sql).get(date) as T;
    const all = q<{ n: number; s: number }>('SELECT count(*) n, sum(price_fen) s FROM sales WHERE business_date = ?');
    const voids = q<{ n: number; s: number }>('SELECT count(*) n, sum(price_fen) s FROM sales WHERE business_date = ? AND voided_at IS NOT NULL');
    const byMethod = ctx.db
      .prepare('SELECT p.method m, sum(p.amount_fen) s FROM sale_payments p JOIN sales s USING (sale_id) WHERE s.business_date = ? AND s.voided_at IS NULL GROUP BY p.method')
      .all(date) as { m: string; s: number }[];
    expect(report.salesCount).toBe(3);
    expect([report.salesCount, report.grossFen]).toEqual([all.n, all.s]);
    expect([report.voidCount, report.voidFen]).toEqual([voids.n, voids.s]);
    expect(report.netFen).toBe(all.s - voids.s);
    for (const m of byMethod) expect(report.byMethod.find((x) => x.method === m.m)?.amountFen).toBe(m.s);
    expect(report.byMethod.reduce((s, m) => s + m.amountFen, 0)).toBe(report.netFen);
    expect(report.byPlan.reduce((s, m) => s + m.amountFen, 0)).toBe(report.netFen);
    expect(report.byClerk.reduce((s, m) => s + m.amountFen, 0)).toBe(report.netFen);
    expect(report.byHour.reduce((s, m) => s + m.count, 0)).toBe(report.netCount);
    expect(report.pendingCount).toBe(2); // HQ is down: both standing sales wait
    const seqs = ctx.db.prepare('SELECT min(receipt_no) a, max(receipt_no) b FROM sales WHERE business_date = ?').get(date) as { a: string; b: string };
    expect([report.firstReceiptNo, report.lastReceiptNo]).toEqual([seqs.a, seqs.b]);
    const cashIn = q<{ s: number }>("SELECT sum(p.tendered_fen - p.change_fen) s FROM sale_payments p JOIN sales s USING (sale_id) WHERE s.business_date = ? AND method = 'cash' AND s.voided_at IS NULL");
    const floatFen = q<{ s: number }>('SELECT sum(float_fen) s FROM shifts WHERE business_date = ?').s;
    expect(report.cash.expectedFen).toBe(floatFen + cashIn.s + 500 - 10000);
    const csv = parseZReportCsv(zReportCsv(report));
    expect(csv.get('total.net')).toMatchObject({ count: all.n - voids.n, amountFen: all.s - voids.s });
    expect(csv.get('total.sales')?.amountFen).toBe(all.s);
    expect(csv.get('cash.variance')?.amountFen).toBe(report.cash.varianceFen);
  });

  it('refuses to close with pending events unless a supervisor overrides; the report says so', async () => {
    const pending = ctx.repos.outbox.pendingEventStats().count;
    expect(pending).toBeGreaterThan(0);
    await expect(call('day.close', {})).rejects.toMatchObject({ shape: { messageKey: 'shift:pendingSync', params: { count: pending } } });
    await expect(call('day.close', { override: { supervisorId: idOf(supervisor.code), pin: '0000' } })).rejects.toMatchObject({ shape: { messageKey: 'auth:wrongPin' } });
    const { report: closed, jobId } = await call('day.close', { override: { supervisorId: idOf(supervisor.code), pin: supervisor.pin } });
    expect(closed.pendingOverride).toBe(true);
    expect(closed.pendingEvents).toBe(pending);
    expect(closed.closedAt).not.toBeNull();
    const day = ctx.db.prepare('SELECT closed_at, pending_override, z_report FROM business_days WHERE business_date = ?').get(closed.businessDate) as { closed_at: string; pending_override: number; z_report: string };
    expect(day.pending_override).toBe(1);
    expect(JSON.parse(day.z_report).netFen).toBe(closed.netFen);
    expect(ctx.repos.printJobs.findPrintJob(jobId)?.kind).toBe('report');
    const ev = ctx.db.prepare("SELECT payload FROM outbox WHERE type = 'day.close'").get() as { payload: string };
    expect(JSON.parse(ev.payload)).toMatchObject({ businessDate: closed.businessDate, pendingOverride: true });
    expect((await call('shift.current', {})).shift).toBeNull();
    // stored, reprintable; the audit chain holds the close and the override
    const again = await call('day.zReport', { businessDate: closed.businessDate });
    expect(again).toMatchObject({ closed: true, report: { netFen: closed.netFen, pendingOverride: true } });
    expect((await call('day.reprintZ', { businessDate: closed.businessDate })).reprintCount).toBe(1);
    const actions = (ctx.db.prepare('SELECT action FROM audit_log').all() as { action: string }[]).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['shift.open', 'shift.paidIn', 'shift.paidOut', 'shift.close', 'day.close', 'day.reprintZ', 'auth.override', 'sale.void']));
    expect(ctx.audit.verify()).toMatchObject({ ok: true });
  });

  it('the next sale needs a new shift and lands on the next business day', async () => {
    const closedDate = report.businessDate;
    const { input } = await sell(1, (p) => [{ method: 'cash', tenderedFen: p }], 5);
    await expect(call('sales.confirm', input)).rejects.toMatchObject({ shape: { messageKey: 'shift:noOpenShift' } });
    const { shift } = await call('shift.open', { counts: { '10000': 1 } });
    expect(shift.businessDate > closedDate).toBe(true);
    const { sale } = await call('sales.confirm', input);
    expect(sale.businessDate).toBe(shift.businessDate);
    expect(sale.receiptNo).toContain(shift.businessDate.replaceAll('-', ''));
    // a sale of the closed day can no longer be voided
    await expect(call('sales.void', { saleId: cashSaleId, reason: '客户要求取消', supervisorId: idOf(supervisor.code), pin: supervisor.pin })).rejects.toMatchObject({ shape: { messageKey: 'sales:voidNotToday' } });
    expect(voidedId).not.toBe(cashSaleId);
  });
});
