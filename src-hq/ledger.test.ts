import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventsResponse } from '../src-shared/hq-protocol/schemas';
import { DEMO_ACCOUNTS } from './demo-data';
import { renewalEvent, startTestHq, type TestHq } from '../test-support/hq';
import { describeEachBackend } from '../test-support/hq-db/backends';

/**
 * Issue 10 item 5 (HQ side): a terminal whose ledger was replaced restarts its receipt numbers and its
 * event sequence; HQ must refuse a receipt number or sequence it already holds for that terminal,
 * say why, and never store a second sale under it. Real HQ over real HTTP on a real SQLite file.
 */
const a = DEMO_ACCOUNTS[0]!;
const b = DEMO_ACCOUNTS[1]!;

describeEachBackend('HQ refuses reused receipt numbers and sequences', (backend) => {
  let hq: TestHq;
  beforeEach(async () => {
    hq = await startTestHq({ backend });
  });
  afterEach(async () => {
    await hq.stop();
  });

  it('same terminal, same receipt number, different sale id: rejected with a reason, one sale row', async () => {
    const receiptNo = 'S001-T01-20261125-000001';
    const first = renewalEvent({ accountId: a.accountId, deviceNumber: a.devices[0]!.number, receiptNo }, 1);
    const r1 = EventsResponse.parse((await hq.post('/v1/events', { events: [first] })).body);
    expect(r1.results[0]).toMatchObject({ status: 'confirmed' });

    // The replaced ledger sells again as 000001 (the next day, so even the date part differs) under a new sequence.
    const again = renewalEvent({ accountId: b.accountId, deviceNumber: b.devices[0]!.number, planCode: 'C100G', priceFen: 4_900, receiptNo }, 2);
    const r2 = EventsResponse.parse((await hq.post('/v1/events', { events: [again] })).body);
    expect(r2.results[0]).toMatchObject({ status: 'rejected', code: 'RECEIPT_NUMBER_USED' });
    const rejected = r2.results[0]!;
    expect(rejected.status === 'rejected' && rejected.messageZh).toMatch(/小票号/);
    expect(rejected.status === 'rejected' && rejected.messageEn).toMatch(/receipt number/i);

    const nextDay = renewalEvent({ accountId: b.accountId, deviceNumber: b.devices[0]!.number, planCode: 'C100G', priceFen: 4_900, receiptNo: 'S001-T01-20261126-000001' }, 3);
    const r3 = EventsResponse.parse((await hq.post('/v1/events', { events: [nextDay] })).body);
    expect(r3.results[0]).toMatchObject({ status: 'rejected', code: 'RECEIPT_NUMBER_USED' });

    const sales = (await hq.admin('GET', '/admin/sales')).body.sales as { saleId: string; receiptNo: string }[];
    expect(sales.filter((s) => s.receiptNo.endsWith('-000001'))).toHaveLength(1);
    expect(sales.map((s) => s.saleId)).toEqual([first.type === 'sale.renewal' ? first.payload.saleId : '']);
    // The device of the refused sale was not renewed.
    const acct = (await hq.admin('GET', `/admin/accounts/${b.accountId}`)).body.account;
    expect(acct.version).toBe(1);
  });

  it('same terminal, same sequence, new event id: rejected, nothing applied', async () => {
    const first = renewalEvent({ accountId: a.accountId, deviceNumber: a.devices[0]!.number, receiptNo: 'S001-T01-20261125-000001' }, 1);
    await hq.post('/v1/events', { events: [first] });
    const reused = renewalEvent({ accountId: b.accountId, deviceNumber: b.devices[0]!.number, planCode: 'C100G', priceFen: 4_900, receiptNo: 'S001-T01-20261125-000002' }, 1);
    const r = EventsResponse.parse((await hq.post('/v1/events', { events: [reused] })).body);
    expect(r.results[0]).toMatchObject({ status: 'rejected', code: 'SEQUENCE_USED' });
    const sales = (await hq.admin('GET', '/admin/sales')).body.sales as unknown[];
    expect(sales).toHaveLength(1);
    // The same event sent again is still a duplicate of its first answer, not a rejection.
    const again = EventsResponse.parse((await hq.post('/v1/events', { events: [first] })).body);
    expect(again.results[0]).toMatchObject({ status: 'confirmed', duplicate: true });
  });

  it('GET /v1/ledger answers the terminal’s last sequence and receipt sequence, and its audit key', async () => {
    await hq.post('/v1/events', { events: [renewalEvent({ accountId: a.accountId, deviceNumber: a.devices[0]!.number, receiptNo: 'S001-T01-20261125-000007' }, 3)] });
    const r = await hq.get('/v1/ledger');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ lastEventSeq: 3, lastReceiptSeq: 7, epoch: 0, auditKey: { keyId: expect.any(String), keyBase64: expect.any(String) }, anchors: [] });
    const again = await hq.get('/v1/ledger');
    expect(again.body.auditKey).toEqual(r.body.auditKey);
  });
});

describe('HQ migration 0002-ledger', () => {
  it('migrates 0001 -> 0002 with a sale in place and gives it its receipt sequence', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const Database = (await import('better-sqlite3')).default;
    const { migrate, openDatabase } = await import('../src-node/db/connection');
    const { HQ_MIGRATIONS } = await import('./db/migrations');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hq-mig-'));
    const file = path.join(dir, 'hq.db');
    const before = new Database(file);
    migrate(before, HQ_MIGRATIONS.slice(0, 1));
    before.exec(`
      INSERT INTO stores VALUES ('s1', 'S001', 'store', '', '', 'Asia/Shanghai', '{}', '2026-01-01T00:00:00Z');
      INSERT INTO terminals (terminal_id, store_id, code, name, token_sha256, active, config_json, created_at)
        VALUES ('t1', 's1', 'T01', 'T01', 'x', 1, '{}', '2026-01-01T00:00:00Z');
      INSERT INTO sales (sale_id, event_id, terminal_id, receipt_no, business_date, clerk_id, account_id, device_number, plan_code,
        term_months, price_fen, payments_json, change_fen, sold_at, effective_at, terminal_previous_expiry, terminal_new_expiry, status, received_at)
        VALUES ('sale1', 'e1', 't1', 'S001-T01-20261125-000042', '2026-11-25', 'c', 'a', '1', 'M30G', 1, 2900, '[]', 0,
          '2026-11-25T01:00:00Z', '2026-11-25T01:00:00Z', '2026-11-25T01:00:00Z', '2026-12-25T01:00:00Z', 'confirmed', '2026-11-25T01:00:00Z');`);
    before.close();
    const db = openDatabase({ file, migrations: HQ_MIGRATIONS.slice(0, 2) });
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare("SELECT receipt_no, receipt_seq FROM sales WHERE sale_id = 'sale1'").get()).toEqual({ receipt_no: 'S001-T01-20261125-000042', receipt_seq: 42 });
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
