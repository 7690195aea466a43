import { afterEach, beforeEach, expect, it } from 'vitest';
import { ChangesResponse, EventsResponse, type AccountRecord } from '../src-shared/hq-protocol/schemas';
import { computeNewExpiry } from '../src-shared/domain/renewal';
import { DEMO_ACCOUNTS } from './demo-data';
import { renewalEvent, startTestHq, voidEvent, type TestHq } from '../test-support/hq';
import { describeEachBackend } from '../test-support/hq-db/backends';

const demo = (i: number) => DEMO_ACCOUNTS[i]!;
const active = demo(0); // 张秀英, M30G, ~20 days left
const expired = demo(1);
const suspended = demo(2);
const cancelled = demo(3);
const sim = demo(4);
const jan31 = demo(6);

async function account(hq: TestHq, accountId: string): Promise<AccountRecord> {
  return (await hq.admin('GET', `/admin/accounts/${accountId}`)).body.account as AccountRecord;
}

describeEachBackend('POST /v1/events', (backend) => {
  let hq: TestHq;
  beforeEach(async () => {
    hq = await startTestHq({ backend });
  });
  afterEach(async () => {
    await hq.stop();
  });

  it('confirms a renewal with HQ’s own expiry from its current expiry, and logs the account change', async () => {
    const before = await account(hq, active.accountId);
    const cursor = ChangesResponse.parse((await hq.get('/v1/changes?cursor=0&limit=5000')).body).cursor;
    const ev = renewalEvent({ accountId: active.accountId, deviceNumber: active.devices[0]!.number, termMonths: 3, priceFen: 8_400 }, 1);
    const r = await hq.post('/v1/events', { events: [ev] });
    expect(r.status).toBe(200);
    const body = EventsResponse.parse(r.body);
    const expected = computeNewExpiry({
      now: hq.clock.now,
      currentExpiry: new Date(before.devices[0]!.subscription.expiresAt),
      termMonths: 3,
      timeZone: 'Asia/Shanghai',
    }).toISOString();
    expect(body.results[0]).toMatchObject({ eventId: ev.eventId, status: 'confirmed', duplicate: false, newExpiry: expected });
    expect(body.sequence).toEqual({ lastSeq: 1, gaps: [] });
    const after = await account(hq, active.accountId);
    expect(after.devices[0]!.subscription.expiresAt).toBe(expected);
    expect(after.version).toBe(before.version + 1);

    const pulled = ChangesResponse.parse((await hq.get(`/v1/changes?cursor=${cursor}`)).body);
    expect(pulled.changes).toHaveLength(1);
    expect(pulled.changes[0]).toMatchObject({ kind: 'account', data: { accountId: active.accountId, version: after.version } });
    const sales = (await hq.admin('GET', '/admin/sales')).body.sales;
    expect(sales[0]).toMatchObject({ saleId: ev.type === 'sale.renewal' ? ev.payload.saleId : '', status: 'confirmed', hqNewExpiry: expected });
  });

  it('renews an expired subscription from now, and clamps a January 31 expiry to the end of February', async () => {
    const ev = renewalEvent({ accountId: expired.accountId, deviceNumber: expired.devices[0]!.number, planCode: 'C100G', priceFen: 4_900 }, 1);
    const res = EventsResponse.parse((await hq.post('/v1/events', { events: [ev] })).body).results[0]!;
    expect(res.status).toBe('confirmed');
    const nowPlusMonth = computeNewExpiry({ now: hq.clock.now, currentExpiry: new Date(0), termMonths: 1, timeZone: 'Asia/Shanghai' });
    expect(res.status === 'confirmed' && res.newExpiry).toBe(nowPlusMonth.toISOString());

    const before = await account(hq, jan31.accountId);
    const jan = new Date(before.devices[0]!.subscription.expiresAt);
    const ev2 = renewalEvent({ accountId: jan31.accountId, deviceNumber: jan31.devices[0]!.number }, 2);
    const res2 = EventsResponse.parse((await hq.post('/v1/events', { events: [ev2] })).body).results[0]!;
    const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    expect(local.format(jan)).toMatch(/-01-31$/);
    const year = Number(local.format(jan).slice(0, 4));
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    expect(res2.status === 'confirmed' && local.format(new Date(res2.newExpiry!))).toBe(`${year}-02-${leap ? 29 : 28}`);
  });

  it('answers a repeated eventId with the stored result flagged duplicate and applies it once', async () => {
    const ev = renewalEvent({ accountId: active.accountId, deviceNumber: active.devices[0]!.number }, 1);
    const first = EventsResponse.parse((await hq.post('/v1/events', { events: [ev] })).body).results[0]!;
    const expiryAfterFirst = (await account(hq, active.accountId)).devices[0]!.subscription.expiresAt;
    hq.clock.now = new Date(hq.clock.now.getTime() + 60_000);
    const again = EventsResponse.parse((await hq.post('/v1/events', { events: [ev] })).body).results[0]!;
    expect(again).toEqual({ ...first, duplicate: true });
    expect((await account(hq, active.accountId)).devices[0]!.subscription.expiresAt).toBe(expiryAfterFirst);
    // Key order in the body does not matter: the canonical form is hashed.
    const reordered = JSON.parse(JSON.stringify({ payload: ev.payload, type: ev.type, createdAt: ev.createdAt, terminalSeq: ev.terminalSeq, eventId: ev.eventId }));
    expect(EventsResponse.parse((await hq.post('/v1/events', { events: [reordered] })).body).results[0]!.duplicate).toBe(true);
  });

  it('answers the same eventId with a different body as a conflict and writes nothing; 409 on the single-event route', async () => {
    const ev = renewalEvent({ accountId: active.accountId, deviceNumber: active.devices[0]!.number }, 1);
    await hq.post('/v1/events', { events: [ev] });
    const eventsBefore = (await hq.admin('GET', '/admin/events')).body.events.length;
    const salesBefore = (await hq.admin('GET', '/admin/sales')).body.sales;
    const acct = await account(hq, active.accountId);
    const head = ChangesResponse.parse((await hq.get('/v1/changes?cursor=0&limit=5000')).body).cursor;

    const changed = { ...ev, payload: { ...ev.payload, termMonths: 12, priceFen: 29_900, payments: [{ method: 'cash', amountFen: 29_900 }] } };
    const r = EventsResponse.parse((await hq.post('/v1/events', { events: [changed] })).body).results[0]!;
    expect(r).toMatchObject({ status: 'conflict', code: 'IDEMPOTENCY_CONFLICT', eventId: ev.eventId });

    const single = await hq.post(`/v1/events/${ev.eventId}`, changed);
    expect(single.status).toBe(409);
    expect(single.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(single.body.result.status).toBe('conflict');

    expect((await hq.admin('GET', '/admin/events')).body.events.length).toBe(eventsBefore);
    expect((await hq.admin('GET', '/admin/sales')).body.sales).toEqual(salesBefore);
    expect(await account(hq, active.accountId)).toEqual(acct);
    expect(ChangesResponse.parse((await hq.get(`/v1/changes?cursor=${head}`)).body).changes).toEqual([]);

    const ok = await hq.post(`/v1/events/${ev.eventId}`, ev);
    expect(ok.status).toBe(200);
    expect(ok.body.result).toMatchObject({ status: 'confirmed', duplicate: true });
  });

  it('reports sequence gaps per terminal and closes them when the missing events arrive', async () => {
    const mk = (s: number) => renewalEvent({ accountId: active.accountId, deviceNumber: active.devices[0]!.number }, s);
    let seq = EventsResponse.parse((await hq.post('/v1/events', { events: [mk(1), mk(2), mk(5), mk(9)] })).body).sequence;
    expect(seq).toEqual({ lastSeq: 9, gaps: [[3, 4], [6, 8]] });
    seq = EventsResponse.parse((await hq.post('/v1/events', { events: [mk(3), mk(4), mk(7)] })).body).sequence;
    expect(seq).toEqual({ lastSeq: 9, gaps: [[6, 6], [8, 8]] });
    seq = EventsResponse.parse((await hq.post('/v1/events', { events: [mk(6), mk(8)] })).body).sequence;
    expect(seq).toEqual({ lastSeq: 9, gaps: [] });
  });

  it.each([
    ['a suspended subscription', { accountId: suspended.accountId, deviceNumber: suspended.devices[0]!.number }, 'SUBSCRIPTION_SUSPENDED'],
    ['a cancelled subscription', { accountId: cancelled.accountId, deviceNumber: cancelled.devices[0]!.number }, 'SUBSCRIPTION_CANCELLED'],
    ['a device on another account', { accountId: active.accountId, deviceNumber: expired.devices[0]!.number }, 'DEVICE_NOT_ON_ACCOUNT'],
    ['a price that is not the catalog price', { accountId: active.accountId, deviceNumber: active.devices[0]!.number, priceFen: 2_000 }, 'PRICE_MISMATCH'],
    ['a term the plan does not offer', { accountId: active.accountId, deviceNumber: active.devices[0]!.number, termMonths: 2 }, 'TERM_NOT_OFFERED'],
    ['an unknown plan', { accountId: active.accountId, deviceNumber: active.devices[0]!.number, planCode: 'NOPE' }, 'PLAN_NOT_FOUND'],
    ['a retired plan', { accountId: active.accountId, deviceNumber: active.devices[0]!.number, planCode: 'L20G', priceFen: 2_500 }, 'PLAN_INACTIVE'],
    ['a WiFi plan on a SIM card', { accountId: sim.accountId, deviceNumber: sim.devices[0]!.number }, 'PLAN_DEVICE_MISMATCH'],
    ['an unknown account', { accountId: 'A999999999', deviceNumber: active.devices[0]!.number }, 'ACCOUNT_NOT_FOUND'],
  ] as const)('rejects a renewal for %s and changes nothing', async (_name, p, code) => {
    const before = await account(hq, p.accountId === 'A999999999' ? active.accountId : p.accountId);
    const ev = renewalEvent({ ...p }, 1);
    const res = EventsResponse.parse((await hq.post('/v1/events', { events: [ev] })).body).results[0]!;
    expect(res).toMatchObject({ status: 'rejected', code });
    if (res.status === 'rejected') {
      expect(res.messageZh).toMatch(/[\u4e00-\u9fff]/);
      expect(res.messageEn.length).toBeGreaterThan(10);
    }
    expect(await account(hq, before.accountId)).toEqual(before);
    const again = EventsResponse.parse((await hq.post('/v1/events', { events: [ev] })).body).results[0]!;
    expect(again).toEqual({ ...res, duplicate: true });
  });

  it('rejects a renewal whose payments do not add up', async () => {
    const ev = renewalEvent({ accountId: active.accountId, deviceNumber: active.devices[0]!.number, payments: [{ method: 'alipay', amountFen: 2_000, reference: 'X1' }] }, 1);
    const res = EventsResponse.parse((await hq.post('/v1/events', { events: [ev] })).body).results[0]!;
    expect(res).toMatchObject({ status: 'rejected', code: 'PAYMENT_MISMATCH' });
  });

  it('a void restores the previous expiry, and with a later renewal it replays that one', async () => {
    const device = active.devices[0]!.number;
    const original = (await account(hq, active.accountId)).devices[0]!.subscription;
    const sale = renewalEvent({ accountId: active.accountId, deviceNumber: device, termMonths: 6, priceFen: 15_900 }, 1);
    await hq.post('/v1/events', { events: [sale] });
    const saleId = sale.type === 'sale.renewal' ? sale.payload.saleId : '';
    const v = EventsResponse.parse((await hq.post('/v1/events', { events: [voidEvent(saleId, 2)] })).body).results[0]!;
    expect(v).toMatchObject({ status: 'confirmed', newExpiry: original.expiresAt });
    expect((await account(hq, active.accountId)).devices[0]!.subscription.expiresAt).toBe(original.expiresAt);
    expect((await hq.admin('GET', '/admin/sales')).body.sales.find((s: { saleId: string }) => s.saleId === saleId).status).toBe('voided');

    // Two renewals, void the first: the second is replayed from the original expiry.
    const a = renewalEvent({ accountId: active.accountId, deviceNumber: device, termMonths: 6, priceFen: 15_900 }, 3);
    const b = renewalEvent({ accountId: active.accountId, deviceNumber: device, termMonths: 1, priceFen: 2_900 }, 4);
    await hq.post('/v1/events', { events: [a, b] });
    const aId = a.type === 'sale.renewal' ? a.payload.saleId : '';
    const v2 = EventsResponse.parse((await hq.post('/v1/events', { events: [voidEvent(aId, 5)] })).body).results[0]!;
    const replayed = computeNewExpiry({ now: hq.clock.now, currentExpiry: new Date(original.expiresAt), termMonths: 1, timeZone: 'Asia/Shanghai' });
    expect(v2).toMatchObject({ status: 'confirmed', newExpiry: replayed.toISOString() });
    expect((await account(hq, active.accountId)).devices[0]!.subscription.expiresAt).toBe(replayed.toISOString());
  });

  it("a void's per-method refunds are checked against the sale and kept with it; refunds that do not match are refused", async () => {
    const device = active.devices[0]!.number;
    // 3 months ¥84.00: ¥100.00 cash tendered (¥36.00 change) + ¥20.00 WeChat taken on the card terminal
    const sale = renewalEvent(
      { accountId: active.accountId, deviceNumber: device, termMonths: 3, priceFen: 8_400, payments: [{ method: 'cash', amountFen: 10_000 }, { method: 'wechat', amountFen: 2_000, reference: '4200001234202611250123456789' }], changeFen: 3_600 },
      1,
    );
    await hq.post('/v1/events', { events: [sale] });
    const saleId = sale.type === 'sale.renewal' ? sale.payload.saleId : '';
    const before = (await account(hq, active.accountId)).devices[0]!.subscription.expiresAt;
    const cash = { lineNo: 1, method: 'cash' as const, route: 'drawer' as const, reference: null, state: 'done' as const };
    const wechat = { lineNo: 2, method: 'wechat' as const, route: 'cardTerminal' as const, amountFen: 2_000, reference: '4200001234202611259999999999', state: 'done' as const };
    // the cash line gives back what was tendered (not what the sale kept): money would be doubled
    const tooMuch = EventsResponse.parse((await hq.post('/v1/events', { events: [voidEvent(saleId, 2, 'S001-9001', [{ ...cash, amountFen: 10_000 }, wechat])] })).body).results[0]!;
    expect(tooMuch).toMatchObject({ status: 'rejected', code: 'REFUND_MISMATCH' });
    // a card line refunded from the drawer
    const wrongRoute = EventsResponse.parse((await hq.post('/v1/events', { events: [voidEvent(saleId, 3, 'S001-9001', [{ ...cash, amountFen: 6_400 }, { ...wechat, route: 'drawer' }])] })).body).results[0]!;
    expect(wrongRoute).toMatchObject({ status: 'rejected', code: 'REFUND_MISMATCH' });
    expect((await account(hq, active.accountId)).devices[0]!.subscription.expiresAt).toBe(before);
    let row = (await hq.admin('GET', '/admin/sales')).body.sales.find((s: { saleId: string }) => s.saleId === saleId);
    expect(row.status, JSON.stringify(row)).toBe('confirmed');
    // the terminal's refunds: ¥64.00 from the drawer, ¥20.00 on the card terminal with its refund reference
    const refunds = [{ ...cash, amountFen: 6_400 }, wechat];
    const ok = EventsResponse.parse((await hq.post('/v1/events', { events: [voidEvent(saleId, 4, 'S001-9001', refunds)] })).body).results[0]!;
    expect(ok, JSON.stringify(ok)).toMatchObject({ status: 'confirmed' });
    row = (await hq.admin('GET', '/admin/sales')).body.sales.find((s: { saleId: string }) => s.saleId === saleId);
    expect(row).toMatchObject({ status: 'voided', voidRefunds: refunds });
  });

  it('refuses a void without a supervisor, and an unknown sale', async () => {
    const sale = renewalEvent({ accountId: active.accountId, deviceNumber: active.devices[0]!.number }, 1);
    await hq.post('/v1/events', { events: [sale] });
    const saleId = sale.type === 'sale.renewal' ? sale.payload.saleId : '';
    const byClerk = EventsResponse.parse((await hq.post('/v1/events', { events: [voidEvent(saleId, 2, 'S001-1001')] })).body);
    expect(byClerk.results[0]).toMatchObject({ status: 'rejected', code: 'SUPERVISOR_REQUIRED' });
    const unknown = EventsResponse.parse((await hq.post('/v1/events', { events: [voidEvent('no-such-sale', 3)] })).body);
    expect(unknown.results[0]).toMatchObject({ status: 'rejected', code: 'SALE_NOT_FOUND' });
  });

  it('stores a day close, and rejects a malformed event without failing the batch', async () => {
    const close = {
      eventId: crypto.randomUUID(),
      terminalSeq: 1,
      type: 'day.close',
      createdAt: new Date().toISOString(),
      payload: { businessDate: '2026-11-25', zReport: { salesCount: 3, totalFen: 12_300 }, closedAt: new Date().toISOString(), pendingOverride: false },
    };
    const broken = { eventId: crypto.randomUUID(), terminalSeq: 2, type: 'sale.renewal', createdAt: 'yesterday', payload: {} };
    const r = EventsResponse.parse((await hq.post('/v1/events', { events: [close, broken] })).body);
    expect(r.results.map((x) => x.status)).toEqual(['confirmed', 'rejected']);
    expect(r.results[1]).toMatchObject({ code: 'INVALID_EVENT' });
    const closes = (await hq.admin('GET', '/admin/day-closes')).body.dayCloses;
    expect(closes[0]).toMatchObject({ terminalId: 'S001-T01', businessDate: '2026-11-25', zReport: { totalFen: 12_300 } });
  });

  it('refuses a batch over 500 events and an event without a UUID', async () => {
    const many = Array.from({ length: 501 }, (_, i) => renewalEvent({ accountId: active.accountId, deviceNumber: active.devices[0]!.number }, i + 1));
    expect((await hq.post('/v1/events', { events: many })).status).toBe(400);
    const noId = await hq.post('/v1/events', { events: [{ eventId: 'x', type: 'day.close' }] });
    expect(noId.status).toBe(400);
    expect(noId.body.error.code).toBe('INVALID_INPUT');
  });
});
