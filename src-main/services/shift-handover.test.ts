import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_CLERKS, startTestHq, type TestHq } from '../../test-support/hq';
import type { MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';
import { shiftReportBalances } from '../../src-shared/domain/shift-report';
import type { PrintPayload } from '../printing/print-payload';
import type { AppContext } from '../app-context';
import { openTestTerminal, type TestTerminal } from '../../test-support/terminal-harness';

/**
 * Two clerks share one business day through the real dispatch and SQLite: A closes a blind shift
 * with a counted drawer, B opens on that count, sells, voids one of A's cash sales (the cash comes
 * out of B's drawer), closes; the day closes only then, and the Z report's cash works across both.
 */
let hq: TestHq;
let t: TestTerminal;
let ctx: AppContext;
const [clerkA, clerkB, supervisor] = DEMO_CLERKS;

const call = <K extends MethodName>(name: K, input: MethodInput<K>): Promise<MethodOutput<K>> => t.call(name, input);
const idOf = (code: string) => ctx.auth.listClerks().find((c) => c.code === code)!.clerkId;
const signIn = (c: (typeof DEMO_CLERKS)[number] | undefined) => call('auth.signIn', { clerkId: idOf(c!.code), pin: c!.pin });
/** Drawer counts for an amount: 100-yuan notes and 1-jiao coins. */
const countsOf = (fen: number): Record<string, number> => ({ '10000': Math.floor(fen / 10000), '10': (fen % 10000) / 10 });

async function sellCash(account: number, extraTenderFen = 0) {
  const a = DEMO_ACCOUNTS[account]!;
  const card = (await call('lookup.find', { nationalId: a.nationalId, deviceNumber: a.devices[0]!.number })).account;
  const q = (await call('sales.quote', { accountId: card.accountId, deviceId: card.device.deviceId, planCode: card.plan.code, termMonths: 1 })).quote;
  await call('sales.confirm', {
    saleId: q.saleId, accountId: q.accountId, deviceId: q.deviceId, planCode: q.planCode, termMonths: 1, priceFen: q.priceFen,
    payments: [{ method: 'cash', tenderedFen: q.priceFen + extraTenderFen }],
  });
  return { priceFen: q.priceFen, saleId: q.saleId };
}

beforeAll(async () => {
  hq = await startTestHq();
  t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token, requireOpenShift: true });
  ctx = t.ctx;
  // the store counts blind (HQ store setting, pulled with the config)
  expect((await hq.admin('PATCH', '/admin/stores/S001', { settings: { blindShiftCount: true } })).status).toBe(200);
  await ctx.puller.pullNow();
});
afterAll(async () => {
  await t.close();
  await hq.stop();
  fs.rmSync(t.dir, { recursive: true, force: true });
});

describe('two shifts in one business day', () => {
  let expectedA = 0;
  let countedA = 0;
  let saleOfA = '';
  let priceA = 0;

  it('A sells and closes blind: no expected cash before the count; a reason above the threshold; the shift report prints', async () => {
    await signIn(clerkA);
    expect((await call('shift.current', {})).handover).toBeNull(); // first shift of the day: nothing handed over
    await call('shift.open', { counts: { '10000': 2 } }); // float 200.00
    const s1 = await sellCash(0, 1000);
    const s2 = await sellCash(1);
    saleOfA = s2.saleId;
    priceA = s2.priceFen;
    await call('shift.noSale', { reason: '换零钱' });
    const cur = await call('shift.current', {});
    expect(cur.blindCount).toBe(true);
    expect(cur.shift!.expectedCashFen).toBeNull();
    expect(cur.shift!.noSaleCount).toBe(1);
    expectedA = 20000 + s1.priceFen + s2.priceFen;
    // 30 yuan short (threshold 10): refused without a reason, which reveals the expected cash; audited
    const short = countsOf(expectedA - 3000);
    await expect(call('shift.close', { counts: short })).rejects.toMatchObject({ shape: { messageKey: 'domain:reconcileReasonRequired', params: { variance: '-¥30.00' } } });
    const blind = ctx.db.prepare("SELECT detail FROM audit_log WHERE action = 'shift.blindCount'").get() as { detail: string };
    expect(JSON.parse(blind.detail)).toMatchObject({ countedFen: expectedA - 3000, expectedFen: expectedA, varianceFen: -3000 });
    expect((await call('shift.current', {})).shift).not.toBeNull(); // nothing closed
    await expect(call('day.close', {})).rejects.toMatchObject({ shape: { messageKey: 'shift:closeShiftFirst', params: { clerk: clerkA!.name } } });
    const { report, jobId } = await call('shift.close', { counts: short, reason: '找错零钱' });
    countedA = expectedA - 3000;
    expect(report).toMatchObject({ clerkName: clerkA!.name, floatFen: 20000, cashSalesFen: s1.priceFen + s2.priceFen, cashRefundsFen: 0, noSaleCount: 1, expectedFen: expectedA, countedFen: countedA, varianceFen: -3000, reason: '找错零钱' });
    expect(shiftReportBalances(report)).toBe(true);
    const job = ctx.repos.printJobs.findPrintJob(jobId)!;
    expect(job.kind).toBe('report');
    const text = JSON.stringify((JSON.parse(job.payload) as PrintPayload));
    for (const s of ['交班报表', clerkA!.name, '¥200.00', '短款', '接班人签字']) expect(text).toContain(s);
    expect((await call('shift.current', {})).shift).toBeNull();
  });

  it('B opens on the counted float (pre-filled); another float needs a reason and is audited', async () => {
    await signIn(clerkB);
    const cur = await call('shift.current', {});
    expect(cur.handover).toMatchObject({ clerkName: clerkA!.name, countedFen: countedA, counts: { '10000': Math.floor(countedA / 10000) } });
    await expect(call('shift.open', { counts: countsOf(countedA - 10000) })).rejects.toMatchObject({ shape: { messageKey: 'domain:handoverFloatReasonRequired', field: 'floatReason' } });
    // the same count as handed over opens without a reason
    const { shift } = await call('shift.open', { counts: cur.handover!.counts });
    expect(shift).toMatchObject({ floatFen: countedA, handoverFrom: cur.handover!.shiftId, floatReason: null });
    const open = ctx.db.prepare("SELECT detail FROM audit_log WHERE action = 'shift.open' ORDER BY id DESC").get() as { detail: string };
    expect(JSON.parse(open.detail)).toMatchObject({ floatFen: countedA, previousCountedFen: countedA, handoverFrom: cur.handover!.shiftId });
  });

  it("B sells, voids one of A's cash sales (the cash leaves B's drawer), closes balanced; the day closes with over/short across both", async () => {
    const b1 = await sellCash(4);
    await call('sales.void', { saleId: saleOfA, reason: '客户取消', supervisorId: idOf(supervisor!.code), pin: supervisor!.pin });
    // the void's refund (cash from the drawer) reaches HQ with the void event and HQ keeps it
    const ev = ctx.db.prepare("SELECT payload FROM outbox WHERE type = 'sale.void'").get() as { payload: string };
    expect(JSON.parse(ev.payload).refunds).toEqual([{ lineNo: 1, method: 'cash', route: 'drawer', amountFen: priceA, reference: null, state: 'done' }]);
    await expect
      .poll(async () => {
        t.app.outbox?.kick();
        const sales = (await hq.admin('GET', '/admin/sales')).body.sales as { saleId: string; status: string; voidRefunds: unknown[] }[];
        return sales.find((x) => x.saleId === saleOfA);
      }, { timeout: 15_000 })
      .toMatchObject({ status: 'voided', voidRefunds: [{ method: 'cash', route: 'drawer', amountFen: priceA }] });
    const expectedB = countedA + b1.priceFen - priceA;
    const { report: rb } = await call('shift.close', { counts: countsOf(expectedB) });
    expect(rb).toMatchObject({ floatFen: countedA, cashSalesFen: b1.priceFen, cashRefundsFen: priceA, expectedFen: expectedB, varianceFen: 0 });

    const pending = ctx.repos.outbox.pendingEventStats().count;
    const { report: z } = await call('day.close', pending ? { override: { supervisorId: idOf(supervisor!.code), pin: supervisor!.pin } } : {});
    expect(z.shifts).toHaveLength(2);
    // the float is counted once: 200.00 + every cash flow of the day
    expect(z.cash.floatFen).toBe(20000);
    expect(z.cash.floatChangeFen).toBe(0);
    expect(z.cash.expectedFen).toBe(expectedB + 3000);
    expect(z.cash.countedFen).toBe(expectedB);
    expect(z.cash.varianceFen).toBe(-3000); // A's 30.00 short, B balanced
    expect(z.cash.varianceFen).toBe(z.shifts!.reduce((s, x) => s + x.varianceFen!, 0));
    expect(z.shifts!.map((s) => s.clerkName)).toEqual([clerkA!.name, clerkB!.name]);
    const count = ctx.db.prepare('SELECT counted_fen, expected_fen, variance_fen FROM cash_counts WHERE business_date = ?').get(z.businessDate);
    expect(count).toEqual({ counted_fen: expectedB, expected_fen: expectedB + 3000, variance_fen: -3000 });
    expect(ctx.audit.verify()).toMatchObject({ ok: true });
  });

  it('a new day opens on a fresh float (no handover across a day close); closing again is refused', async () => {
    expect((await call('shift.current', {})).handover).toBeNull();
    await expect(call('day.close', {})).rejects.toMatchObject({ shape: { messageKey: 'shift:nothingToClose' } });
  });
});
