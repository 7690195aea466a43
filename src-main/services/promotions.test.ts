/** Promotions on the terminal (issue 14 item 1), against the reference HQ over loopback and a real SQLite ledger. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { localMinute } from '../../src-shared/domain/promotions';
import type { RenewalPayload } from '../../src-shared/hq-protocol/schemas';
import { DEMO_ACCOUNTS, DEMO_CLERKS, startTestHq, type TestHq } from '../../test-support/hq';
import { openTestTerminal, type TestTerminal } from '../../test-support/terminal-harness';

let hq: TestHq;
let t: TestTerminal;
const clerk = DEMO_CLERKS[0];
const supervisor = DEMO_CLERKS[2];
const inHours = (h: number) => localMinute(new Date(Date.now() + h * 3_600_000), 'Asia/Shanghai');
const clerkId = (code: string) => t.ctx.auth.listClerks().find((c) => c.code === code)!.clerkId;

async function quote(months: number, i = 0) {
  const a = DEMO_ACCOUNTS[i]!;
  const card = (await t.call('lookup.find', { nationalId: a.nationalId, deviceNumber: a.devices[0]!.number })).account;
  return (await t.call('sales.quote', { accountId: card.accountId, deviceId: card.device.deviceId, planCode: card.plan.code, termMonths: months })).quote;
}

async function payCash(q: Awaited<ReturnType<typeof quote>>) {
  return (await t.call('sales.confirm', { saleId: q.saleId, accountId: q.accountId, deviceId: q.deviceId, planCode: q.planCode, termMonths: q.termMonths, priceFen: q.priceFen, payments: [{ method: 'cash', tenderedFen: q.priceFen }] })).sale;
}

beforeAll(async () => {
  hq = await startTestHq();
  const common = { startsLocal: inHours(-1), endsLocal: inHours(5), stackable: true };
  expect((await hq.admin('POST', '/admin/promotions', { ...common, promotionId: 'DEC20', kind: 'percentOff', nameZh: '限时八折', nameEn: '20% off', planCode: 'M30G', termMonths: null, percentOff: 20, stackOrder: 1 })).status).toBe(201);
  expect((await hq.admin('POST', '/admin/promotions', { ...common, promotionId: 'MJ60', kind: 'spendSave', nameZh: '满60减5', nameEn: 'Spend 60 save 5', thresholdFen: 6_000, saveFen: 500, stackOrder: 2 })).status).toBe(201);
  t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
  await t.call('auth.signIn', { clerkId: clerkId(clerk.code), pin: clerk.pin });
  await t.call('sync.now', {});
});
afterAll(async () => {
  await t.close();
  await hq.stop();
});

it('prices with the pulled promotions and commits them with the sale, its event, its receipt and the Z report', async () => {
  const q = await quote(3);
  expect({ list: q.listPriceFen, lines: q.promotions.map((l) => [l.promotionId, l.discountFen]), due: q.priceFen, version: q.promotionSetVersion }).toEqual({
    list: 8_400,
    lines: [
      ['DEC20', 1_680],
      ['MJ60', 500],
    ],
    due: 6_220,
    version: 2,
  });
  expect(q.quickTenders[0]).toBeGreaterThanOrEqual(6_220);
  const sale = await payCash(q);
  expect({ price: sale.priceFen, list: sale.listPriceFen, ids: sale.promotions.map((l) => l.promotionId) }).toEqual({ price: 6_220, list: 8_400, ids: ['DEC20', 'MJ60'] });

  const event = t.ctx.db.prepare<[string], { payload: string }>("SELECT payload FROM outbox WHERE type = 'sale.renewal' AND json_extract(payload, '$.saleId') = ?").get(q.saleId)!;
  const payload = JSON.parse(event.payload) as RenewalPayload;
  expect({ priceFen: payload.priceFen, listPriceFen: payload.listPriceFen, promotions: payload.promotions, version: payload.promotionSetVersion }).toEqual({
    priceFen: 6_220,
    listPriceFen: 8_400,
    promotions: [
      { promotionId: 'DEC20', discountFen: 1_680 },
      { promotionId: 'MJ60', discountFen: 500 },
    ],
    version: 2,
  });
  const job = JSON.parse(t.ctx.repos.printJobs.findPrintJobsFor(q.saleId)[0]!.payload) as { data: { listPriceFen: number; discounts: unknown[] } };
  expect(job.data.listPriceFen).toBe(8_400);
  expect(job.data.discounts).toEqual([
    { nameZh: '限时八折', nameEn: '20% off', discountFen: 1_680 },
    { nameZh: '满60减5', nameEn: 'Spend 60 save 5', discountFen: 500 },
  ]);

  // a second, voided sale on another customer: its discounts leave the Z report
  const q2 = await quote(1, 4); // SIM15G: no plan promotion; ¥… below ¥60: no 满减 either
  expect(q2.promotions).toEqual([]);
  const q3 = await quote(3, 6); // M30G again
  const s3 = await payCash(q3);
  let z = (await t.call('day.zReport', {})).report!;
  expect(z.byPromotion.map((p) => [p.promotionId, p.count, p.amountFen])).toEqual([
    ['DEC20', 2, 3_360],
    ['MJ60', 2, 1_000],
  ]);
  await t.call('sales.void', { saleId: s3.saleId, reason: '顾客取消', supervisorId: clerkId(supervisor.code), pin: supervisor.pin });
  z = (await t.call('day.zReport', {})).report!;
  expect(z.byPromotion.map((p) => [p.promotionId, p.count, p.amountFen])).toEqual([
    ['DEC20', 1, 1_680],
    ['MJ60', 1, 500],
  ]);

  // HQ got the ids and the set version and honoured them
  await expect
    .poll(async () => ((await hq.admin('GET', '/admin/sales')).body.sales as { saleId: string; promotionCheck: string | null }[]).find((s) => s.saleId === q.saleId)?.promotionCheck, { timeout: 20_000 })
    .toBe('honoured');
});

it('a promotion HQ ends between quote and confirm changes the price: the confirm is refused, nothing is written', async () => {
  const q = await quote(3);
  expect(q.priceFen).toBe(6_220);
  expect((await hq.admin('PATCH', '/admin/promotions/DEC20', { endsLocal: inHours(0) })).status).toBe(200);
  await t.call('sync.now', {});
  await expect(payCash(q)).rejects.toMatchObject({ shape: { code: 'CONFLICT', messageKey: 'sales:priceChanged' } });
  expect(t.ctx.db.prepare('SELECT count(*) AS n FROM sales WHERE sale_id = ?').get(q.saleId)).toEqual({ n: 0 });
  const again = await quote(3);
  expect({ lines: again.promotions.map((l) => l.promotionId), due: again.priceFen, version: again.promotionSetVersion }).toEqual({ lines: ['MJ60'], due: 7_900, version: 3 });
});
