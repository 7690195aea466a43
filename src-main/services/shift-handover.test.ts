import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_CLERKS, startTestHq, type TestHq } from '../../test-support/hq';
import type { MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';
import type { AppContext } from '../app-context';
import { openTestTerminal, type TestTerminal } from '../../test-support/terminal-harness';

/**
 * Two clerks share one business day: A closes a shift with a counted drawer, B opens on that count.
 * The Z report's cash is worked out across both shifts (it used to add every shift's float).
 */
let hq: TestHq;
let t: TestTerminal;
let ctx: AppContext;
const [clerkA, clerkB] = DEMO_CLERKS;

const call = <K extends MethodName>(name: K, input: MethodInput<K>): Promise<MethodOutput<K>> => t.call(name, input);
const idOf = (code: string) => ctx.auth.listClerks().find((c) => c.code === code)!.clerkId;

async function sellCash(account: number, extraTenderFen = 0) {
  const a = DEMO_ACCOUNTS[account]!;
  const card = (await call('lookup.find', { nationalId: a.nationalId, deviceNumber: a.devices[0]!.number })).account;
  const q = (await call('sales.quote', { accountId: card.accountId, deviceId: card.device.deviceId, planCode: card.plan.code, termMonths: 1 })).quote;
  await call('sales.confirm', {
    saleId: q.saleId, accountId: q.accountId, deviceId: q.deviceId, planCode: q.planCode, termMonths: 1, priceFen: q.priceFen,
    payments: [{ method: 'cash', tenderedFen: q.priceFen + extraTenderFen }],
  });
  return q.priceFen;
}

beforeAll(async () => {
  hq = await startTestHq();
  t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token, requireOpenShift: true });
  ctx = t.ctx;
});
afterAll(async () => {
  await t.close();
  await hq.stop();
  fs.rmSync(t.dir, { recursive: true, force: true });
});

describe('two shifts in one business day', () => {
  it("the second shift's expected cash and the Z report count the handed-over float once", async () => {
    await call('auth.signIn', { clerkId: idOf(clerkA!.code), pin: clerkA!.pin });
    await call('shift.open', { counts: { '10000': 2 } }); // float 200.00
    const priceA = await sellCash(0, 1000);
    const expectedA = (await call('shift.current', {})).shift!.expectedCashFen;
    expect(expectedA).toBe(20000 + priceA);
    // A hands over: the shift closes (until shift.close existed, only the day close could do this)
    const a = (await call('shift.current', {})).shift!;
    ctx.db.prepare('UPDATE shifts SET closed_at = ?, closed_by = ? WHERE shift_id = ?').run(new Date().toISOString(), a.clerkId, a.shiftId);
    await call('auth.signIn', { clerkId: idOf(clerkB!.code), pin: clerkB!.pin });
    const countsB: Record<string, number> = { '10000': 2, '10': expectedA - 20000 >= 0 ? (expectedA - 20000) / 10 : 0 };
    const b = (await call('shift.open', { counts: countsB })).shift;
    expect(b.floatFen).toBe(expectedA);
    // B has sold nothing: the drawer should hold exactly what B opened on
    expect(b.expectedCashFen).toBe(expectedA);
    const priceB = await sellCash(1);
    const { report } = await call('day.zReport', {});
    expect(report!.cash.expectedFen).toBe(20000 + priceA + priceB);
  });
});
