import { afterEach, beforeEach, expect, it } from 'vitest';
import { ChangesResponse, ConfigSnapshot, EventsResponse } from '../src-shared/hq-protocol/schemas';
import { localMinute } from '../src-shared/domain/promotions';
import { DEMO_ACCOUNTS } from './demo-data';
import { renewalEvent, startTestHq, TEST_ADMIN_TOKEN, type TestHq } from '../test-support/hq';
import { describeEachBackend } from '../test-support/hq-db/backends';

const ZONE = 'Asia/Shanghai';
const active = DEMO_ACCOUNTS[0]!; // M30G, 3 months = 8400 fen

/** A store-local minute `hours` from the HQ clock. */
function local(hq: TestHq, hours: number): string {
  return localMinute(new Date(hq.clock.now.getTime() + hours * 3_600_000), ZONE);
}

describeEachBackend('promotions at HQ', (backend) => {
  let hq: TestHq;
  beforeEach(async () => {
    hq = await startTestHq({ backend });
  });
  afterEach(async () => {
    await hq.stop();
  });

  const pct = (hqx: TestHq, over: Record<string, unknown> = {}) => ({
    promotionId: 'P20',
    kind: 'percentOff',
    nameZh: '双十二八折',
    nameEn: '20% off',
    planCode: 'M30G',
    termMonths: null,
    percentOff: 20,
    startsLocal: local(hqx, -1),
    endsLocal: local(hqx, 24),
    stackable: true,
    stackOrder: 1,
    ...over,
  });
  const spend = (hqx: TestHq, over: Record<string, unknown> = {}) => ({
    promotionId: 'MJ50',
    kind: 'spendSave',
    nameZh: '满60减5',
    nameEn: 'Spend 60 save 5',
    thresholdFen: 6_000,
    saveFen: 500,
    startsLocal: local(hqx, -1),
    endsLocal: local(hqx, 24),
    stackable: true,
    stackOrder: 2,
    ...over,
  });

  it('creates promotions, bumps the set version on every change, and sends them with the catalog', async () => {
    const head = ChangesResponse.parse((await hq.get('/v1/changes?cursor=0&limit=5000')).body).cursor;
    const a = await hq.admin('POST', '/admin/promotions', pct(hq));
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ setVersion: 1, promotion: { promotionId: 'P20', storeCodes: null, stackable: true } });
    expect((await hq.admin('POST', '/admin/promotions', spend(hq))).body.setVersion).toBe(2);
    const patched = await hq.admin('PATCH', '/admin/promotions/P20', { percentOff: 15 });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ setVersion: 3, promotion: { percentOff: 15 } });

    const list = await hq.admin('GET', '/admin/promotions');
    expect(list.body.setVersion).toBe(3);
    expect(list.body.promotions.map((p: { promotion: { promotionId: string } }) => p.promotion.promotionId)).toEqual(['MJ50', 'P20']);

    const feed = ChangesResponse.parse((await hq.get(`/v1/changes?cursor=${head}`)).body);
    expect(feed.changes.map((c) => [c.kind, c.kind === 'promotion' ? c.data.setVersion : null])).toEqual([
      ['promotion', 1],
      ['promotion', 2],
      ['promotion', 3],
    ]);
    const snap = ConfigSnapshot.parse((await hq.get('/v1/snapshot/config')).body);
    expect(snap.promotionSetVersion).toBe(3);
    expect(snap.promotions.map((p) => p.promotionId).sort()).toEqual(['MJ50', 'P20']);
  });

  it('refuses bad promotions with the field named and changes nothing', async () => {
    const refused = async (body: Record<string, unknown>, field: string) => {
      const r = await hq.admin('POST', '/admin/promotions', body);
      expect({ status: r.status, code: r.body.error?.code, field: r.body.field }).toEqual({ status: 400, code: 'INVALID_INPUT', field });
      expect(r.body.error.message).toContain(field);
    };
    await refused(pct(hq, { percentOff: -5 }), 'percentOff');
    await refused(pct(hq, { percentOff: 100 }), 'percentOff');
    await refused({ ...pct(hq), kind: 'fixedPrice', percentOff: undefined, priceFen: -1 }, 'priceFen');
    await refused({ ...pct(hq), kind: 'fixedPrice', percentOff: undefined, priceFen: 2_900 }, 'priceFen'); // not below the 1-month price
    await refused(spend(hq, { saveFen: 6_000 }), 'saveFen'); // the price would fall to zero
    await refused(spend(hq, { thresholdFen: -100 }), 'thresholdFen');
    await refused(pct(hq, { endsLocal: local(hq, -2) }), 'endsLocal');
    await refused(pct(hq, { startsLocal: '2026-13-01T00:00' }), 'startsLocal');
    await refused(pct(hq, { planCode: 'NOPE' }), 'planCode');
    await refused(pct(hq, { termMonths: 2 }), 'termMonths');
    await refused(pct(hq, { storeCodes: ['S999'] }), 'storeCodes');

    // overlapping non-stackable promotions on the same target
    expect((await hq.admin('POST', '/admin/promotions', pct(hq, { stackable: false }))).status).toBe(201);
    await refused(pct(hq, { promotionId: 'P10', percentOff: 10, stackable: false, termMonths: 3, startsLocal: local(hq, 5), endsLocal: local(hq, 48) }), 'startsLocal');
    // another plan, a stackable one, or a window after the first: accepted
    expect((await hq.admin('POST', '/admin/promotions', pct(hq, { promotionId: 'C10', planCode: 'C100G', stackable: false }))).status).toBe(201);
    expect((await hq.admin('POST', '/admin/promotions', pct(hq, { promotionId: 'S10', percentOff: 10, stackable: true }))).status).toBe(201);
    expect((await hq.admin('POST', '/admin/promotions', pct(hq, { promotionId: 'L10', stackable: false, startsLocal: local(hq, 24), endsLocal: local(hq, 48) }))).status).toBe(201);
    // a change that would make one overlap is refused too; a field of another kind is refused
    const p = await hq.admin('PATCH', '/admin/promotions/L10', { startsLocal: local(hq, 12) });
    expect({ status: p.status, field: p.body.field }).toEqual({ status: 400, field: 'startsLocal' });
    const k = await hq.admin('PATCH', '/admin/promotions/L10', { saveFen: 5 });
    expect({ status: k.status, field: k.body.field }).toEqual({ status: 400, field: 'saveFen' });
    expect((await hq.admin('POST', '/admin/promotions', pct(hq, { stackable: false }))).status).toBe(409);

    const list = await hq.admin('GET', '/admin/promotions');
    expect(list.body.setVersion).toBe(4);
    expect(list.body.promotions).toHaveLength(4);
  });

  /** A renewal of M30G 3 months (8400) with 20% off (-1680) and 满60减5 (-500): 6220 due. */
  const promoSale = (hqx: TestHq, seq: number, createdAt: Date) =>
    renewalEvent(
      {
        accountId: active.accountId,
        deviceNumber: active.devices[0]!.number,
        termMonths: 3,
        listPriceFen: 8_400,
        priceFen: 6_220,
        payments: [{ method: 'cash', amountFen: 6_220 }],
        promotions: [
          { promotionId: 'P20', discountFen: 1_680 },
          { promotionId: 'MJ50', discountFen: 500 },
        ],
        promotionSetVersion: 2,
        createdAt: createdAt.toISOString(),
      },
      seq,
    );

  it('re-checks a sale’s promotions: honours one that ended while the store was offline, flags one beyond the offline limit; idempotent', async () => {
    await hq.admin('POST', '/admin/promotions', pct(hq, { endsLocal: local(hq, 2) }));
    await hq.admin('POST', '/admin/promotions', spend(hq));
    const soldAt = new Date(hq.clock.now.getTime() + 3_600_000); // in the window
    // the store was offline; the sale arrives 10 hours later, after P20 ended
    hq.clock.now = new Date(soldAt.getTime() + 10 * 3_600_000);
    const ev = promoSale(hq, 1, soldAt);
    const r = EventsResponse.parse((await hq.post('/v1/events', { events: [ev] })).body).results[0]!;
    expect(r.status).toBe('confirmed');
    let sales = (await hq.admin('GET', '/admin/sales')).body.sales;
    expect(sales[0]).toMatchObject({ listPriceFen: 8_400, priceFen: 6_220, promotionSetVersion: 2, promotionCheck: 'honoured', promotionFlag: null });
    expect(sales[0].promotions).toEqual([
      { promotionId: 'P20', discountFen: 1_680 },
      { promotionId: 'MJ50', discountFen: 500 },
    ]);
    // the same event again: the stored answer, nothing applied twice
    const again = EventsResponse.parse((await hq.post('/v1/events', { events: [ev] })).body).results[0]!;
    expect(again).toEqual({ ...r, duplicate: true });
    expect((await hq.admin('GET', '/admin/sales')).body.sales).toHaveLength(1);

    // a sale whose terminal clock is 30 hours before it reached HQ (offline limit 24 h): flagged, still confirmed
    hq.clock.now = new Date(soldAt.getTime() + 30 * 3_600_000);
    const late = promoSale(hq, 2, soldAt);
    expect(EventsResponse.parse((await hq.post('/v1/events', { events: [late] })).body).results[0]!.status).toBe('confirmed');
    sales = (await hq.admin('GET', '/admin/sales')).body.sales;
    expect(sales[0]).toMatchObject({ promotionCheck: 'flagged', promotionFlag: 'outsideOfflineLimits' });
    const flags = (await hq.admin('GET', '/admin/promotion-flags')).body.sales;
    expect(flags.map((f: { saleId: string }) => f.saleId)).toEqual([late.type === 'sale.renewal' ? late.payload.saleId : '']);
    const status = await fetch(`${hq.url}/status`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    expect(await status.text()).toMatch(/Promotions flagged at the re-check[\s\S]*outsideOfflineLimits/);
  });

  it('flags a promotion claimed after its end by the sale’s own clock, and refuses a price that does not add up', async () => {
    await hq.admin('POST', '/admin/promotions', pct(hq, { endsLocal: local(hq, 1) }));
    await hq.admin('POST', '/admin/promotions', spend(hq));
    const soldAt = new Date(hq.clock.now.getTime() + 2 * 3_600_000); // P20 already over
    hq.clock.now = new Date(soldAt.getTime() + 60_000);
    const ev = promoSale(hq, 1, soldAt);
    expect(EventsResponse.parse((await hq.post('/v1/events', { events: [ev] })).body).results[0]!.status).toBe('confirmed');
    expect((await hq.admin('GET', '/admin/sales')).body.sales[0]).toMatchObject({ promotionCheck: 'flagged', promotionFlag: 'notValidAtSaleTime:P20' });

    const bad = renewalEvent(
      { accountId: active.accountId, deviceNumber: active.devices[0]!.number, termMonths: 3, listPriceFen: 8_400, priceFen: 6_000, payments: [{ method: 'cash', amountFen: 6_000 }], promotions: [{ promotionId: 'MJ50', discountFen: 500 }] },
      2,
    );
    expect(EventsResponse.parse((await hq.post('/v1/events', { events: [bad] })).body).results[0]).toMatchObject({ status: 'rejected', code: 'PRICE_MISMATCH' });
  });
});
