/**
 * Issue 16 item 2: several stateless HQ processes on one PostgreSQL database. Two HQ servers (each its
 * own HTTP server and connection pool, sharing nothing but the database) receive the same pushes at the
 * same time; the database's uniqueness (event id, terminal + terminalSeq, terminal + receipt number)
 * and the row locks keep ingest idempotent.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { EventsResponse, type AccountRecord, type EventResult, type OutboxEvent } from '../src-shared/hq-protocol/schemas';
import { computeNewExpiry } from '../src-shared/domain/renewal';
import { DEMO_ACCOUNTS } from './demo-data';
import { startHq, type RunningHq } from './server';
import { renewalEvent, startTestHq, TEST_ADMIN_TOKEN, type TestHq } from '../test-support/hq';
import { describePg } from '../test-support/hq-db/backends';

const active = DEMO_ACCOUNTS[0]!;
const device = active.devices[0]!.number;

async function post(url: string, token: string, path: string, body: unknown): Promise<{ status: number; body: { results?: EventResult[]; result?: EventResult; error?: { code: string } } }> {
  const r = await fetch(url + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as never };
}

describePg('two HQ processes on one PostgreSQL database', () => {
  let a: TestHq;
  let b: RunningHq;
  beforeEach(async () => {
    a = await startTestHq({ backend: 'postgres' });
    b = await startHq({ port: 0, host: '127.0.0.1', dataDir: a.dir, databaseUrl: a.databaseUrl, adminToken: TEST_ADMIN_TOKEN, seed: 'demo' });
  });
  afterEach(async () => {
    await b.close();
    await a.stop();
  });

  const expiry = async (): Promise<string> => ((await a.admin('GET', `/admin/accounts/${active.accountId}`)).body.account as AccountRecord).devices[0]!.subscription.expiresAt;

  it('the same push sent to both at once is applied once; both answer the first result', async () => {
    const before = await expiry();
    const ev = renewalEvent({ accountId: active.accountId, deviceNumber: device }, 1);
    const [ra, rb] = await Promise.all([post(a.url, a.token, '/v1/events', { events: [ev] }), post(b.url, a.token, '/v1/events', { events: [ev] })]);
    const results = [EventsResponse.parse(ra.body).results[0]!, EventsResponse.parse(rb.body).results[0]!];
    expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
    expect(results[0]).toEqual({ ...results[1]!, duplicate: results[0]!.duplicate });
    expect(await a.scalar('SELECT count(*) AS n FROM sales')).toBe(1);
    expect(await a.scalar('SELECT count(*) AS n FROM events')).toBe(1);
    const once = computeNewExpiry({ now: new Date(), currentExpiry: new Date(before), termMonths: 1, timeZone: 'Asia/Shanghai' }).toISOString();
    expect(await expiry()).toBe(once);
  });

  it('an event id stored by one is a conflict (409) with another body at the other; a held receipt number or sequence is refused there', async () => {
    const ev = renewalEvent({ accountId: active.accountId, deviceNumber: device }, 1);
    await post(a.url, a.token, '/v1/events', { events: [ev] });
    const after = await expiry();
    if (ev.type !== 'sale.renewal') throw new Error('renewal expected');
    const changed = { ...ev, payload: { ...ev.payload, termMonths: 12, priceFen: 29_900, payments: [{ method: 'cash', amountFen: 29_900 }] } };
    const single = await post(b.url, a.token, `/v1/events/${ev.eventId}`, changed);
    expect(single.status).toBe(409);
    expect(single.body.error?.code).toBe('IDEMPOTENCY_CONFLICT');

    // a replaced ledger: new event id and sale id, the same receipt number (and a new sequence number)
    const sameReceipt: OutboxEvent = { ...renewalEvent({ accountId: active.accountId, deviceNumber: device, receiptNo: ev.payload.receiptNo }, 2) };
    const r1 = EventsResponse.parse((await post(b.url, a.token, '/v1/events', { events: [sameReceipt] })).body).results[0]!;
    expect(r1).toMatchObject({ status: 'rejected', code: 'RECEIPT_NUMBER_USED' });
    // the same sequence number as the first event, another receipt number
    const sameSeq = renewalEvent({ accountId: active.accountId, deviceNumber: device, receiptNo: 'S001T01-900001' }, 1);
    const r2 = EventsResponse.parse((await post(b.url, a.token, '/v1/events', { events: [sameSeq] })).body).results[0]!;
    expect(r2).toMatchObject({ status: 'rejected', code: 'SEQUENCE_USED' });

    expect(await a.scalar("SELECT count(*) AS n FROM sales WHERE status = 'confirmed'")).toBe(1);
    expect(await expiry()).toBe(after);
  });

  it('five terminals pushing the same device through both processes, every batch to both at once: each sale once, no renewal lost', async () => {
    const before = await expiry();
    const tokens = [a.token];
    for (const code of ['T02', 'T03', 'T04', 'T05']) tokens.push((await a.admin('POST', '/admin/terminals', { storeCode: 'S001', code })).body.token as string);
    const BATCHES = 3;
    const PER_BATCH = 4;
    const answers = new Map<string, EventResult[]>();
    await Promise.all(
      tokens.map(async (token) => {
        for (let k = 0; k < BATCHES; k++) {
          const events = Array.from({ length: PER_BATCH }, (_, i) => renewalEvent({ accountId: active.accountId, deviceNumber: device }, k * PER_BATCH + i + 1));
          const both = await Promise.all([post(a.url, token, '/v1/events', { events }), post(b.url, token, '/v1/events', { events })]);
          for (const r of both) {
            expect(r.status).toBe(200);
            for (const res of EventsResponse.parse(r.body).results) answers.set(res.eventId, [...(answers.get(res.eventId) ?? []), res]);
          }
        }
      }),
    );
    const total = tokens.length * BATCHES * PER_BATCH;
    expect(answers.size).toBe(total);
    for (const pair of answers.values()) {
      expect(pair.map((r) => r.status)).toEqual(['confirmed', 'confirmed']);
      expect(pair.filter((r) => !r.duplicate)).toHaveLength(1);
      expect(pair[0]!.status === 'confirmed' && pair[0]!.newExpiry).toBe(pair[1]!.status === 'confirmed' && pair[1]!.newExpiry);
    }
    expect(await a.scalar("SELECT count(*) AS n FROM sales WHERE status = 'confirmed'")).toBe(total);
    expect(await a.scalar('SELECT count(*) AS n FROM events')).toBe(total);
    let want = new Date(before);
    for (let i = 0; i < total; i++) want = computeNewExpiry({ now: new Date(), currentExpiry: want, termMonths: 1, timeZone: 'Asia/Shanghai' });
    expect(await expiry()).toBe(want.toISOString());
    // every terminal's sequence is contiguous (no gap, nothing counted twice)
    const seqs = (await a.store.all<{ contiguous_seq: number; last_seq: number }>('SELECT contiguous_seq, last_seq FROM terminals')).map((t) => [t.contiguous_seq, t.last_seq]);
    expect(seqs).toEqual(tokens.map(() => [BATCHES * PER_BATCH, BATCHES * PER_BATCH]));
  });
});
