import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_CLERKS, startTestHq, type TestHq } from '../../test-support/hq';
import { openTestTerminal, type TestTerminal } from '../../test-support/terminal-harness';

/**
 * Issue 15 items 4, 5 on the terminal: advice.get against the real reference HQ — usage, price per GB, the
 * recommendation and its reason, the renewal history with this terminal's sale, the "expires in N days" prompt,
 * and the cached answer when HQ is gone.
 */
const clerk = DEMO_CLERKS[0];
let hq: TestHq;
let t: TestTerminal;

beforeAll(async () => {
  hq = await startTestHq();
  t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
  await t.call('auth.signIn', { clerkId: t.ctx.auth.listClerks().find((c) => c.code === clerk.code)!.clerkId, pin: clerk.pin });
});
afterAll(async () => {
  await t.close();
  await hq.stop();
  fs.rmSync(t.dir, { recursive: true, force: true });
});

async function cardOf(i: number) {
  const a = DEMO_ACCOUNTS[i]!;
  return (await t.call('lookup.find', { nationalId: a.nationalId, deviceNumber: a.devices[0]!.number })).account;
}

describe('advice on the plan and renewal history', () => {
  it('recommends the cheapest plan covering the peak month, with price per GB of every term; the current plan tagged', async () => {
    const card = await cardOf(0); // M30G, used 21.0 / 33.0 / 27.0 GB
    const v = await t.call('advice.get', { accountId: card.accountId, deviceId: card.device.deviceId });
    expect(v.source).toBe('hq');
    expect(v.usage.map((u) => u.usedMb)).toEqual([21_500, 33_800, 27_600]);
    expect(v.plans.find((p) => p.current)?.code).toBe('M30G');
    expect(v.plans.map((p) => p.code).sort()).toEqual(['C100G', 'M30G', 'YUNL']); // active IMEI plans only
    const m30 = v.plans.find((p) => p.code === 'M30G')!;
    expect(m30.terms.find((x) => x.months === 1)).toEqual({ months: 1, priceFen: 2_900, pricePerGbFen: 97 }); // ¥29 / 30 GB
    expect(v.plans.find((p) => p.code === 'YUNL')!.unlimited).toBe(true);
    // the peak 33,800 MB is more than M30G's 30 GB: C100G at its cheapest term per month (12 months ¥499)
    expect(v.recommendation).toMatchObject({ planCode: 'C100G', termMonths: 12, priceFen: 49_900, isCurrent: false, reason: { key: 'coversPeak', peakMb: 33_800, quotaMb: 102_400 } });
    expect(v.promptDays).toBe(7);
    expect(v.expiresSoon).toBe(false); // about 20 days left
  });

  it('"expires in N days" when N ≤ the store setting (5 days left on the SIM)', async () => {
    const card = await cardOf(4);
    const v = await t.call('advice.get', { accountId: card.accountId, deviceId: card.device.deviceId });
    expect(v.expiresSoon).toBe(true);
    expect(v.plans.map((p) => p.code)).toEqual(['SIM15G']);
  });

  it('the history lists HQ’s renewals and this terminal’s sale; with HQ gone, the cached answer', async () => {
    const card = await cardOf(0);
    const q = (await t.call('sales.quote', { accountId: card.accountId, deviceId: card.device.deviceId, planCode: 'M30G', termMonths: 1 })).quote;
    const sale = (await t.call('sales.confirm', { saleId: q.saleId, accountId: q.accountId, deviceId: q.deviceId, planCode: 'M30G', termMonths: 1, priceFen: q.priceFen, payments: [{ method: 'cash', tenderedFen: q.priceFen }] })).sale;
    const before = await t.call('advice.get', { accountId: card.accountId, deviceId: card.device.deviceId });
    const row = before.history.find((h) => h.saleId === sale.saleId)!;
    expect(row).toMatchObject({ receiptNo: sale.receiptNo, planCode: 'M30G', termMonths: 1, priceFen: 2_900, storeName: '星联随身WiFi 中关村店' });
    expect(['pending', 'confirmed']).toContain(row.status);
    await t.call('sync.now', {});
    const after = await t.call('advice.get', { accountId: card.accountId, deviceId: card.device.deviceId });
    expect(after.history.filter((h) => h.saleId === sale.saleId)).toEqual([expect.objectContaining({ status: 'confirmed' })]);

    await hq.stop();
    const cached = await t.call('advice.get', { accountId: card.accountId, deviceId: card.device.deviceId });
    expect(cached.source).toBe('cache');
    expect(cached.usage).toEqual(after.usage);
    expect(cached.history.map((h) => h.saleId)).toContain(sale.saleId);
  });
});
