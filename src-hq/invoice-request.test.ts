/**
 * sale.invoiceRequest on both HQ backends (issue 15 item 7): applied into invoice_requests (GET
 * /admin/invoice-requests), a repeat of the event answers the stored result and stores nothing more,
 * an unknown sale and a voided sale are refused with a reason, other data for the same sale is refused.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { OutboxEvent } from '../src-shared/hq-protocol/schemas';
import { DEMO_ACCOUNTS } from './demo-data';
import { renewalEvent, startTestHq, voidEvent, type TestHq } from '../test-support/hq';
import { describeEachBackend } from '../test-support/hq-db/backends';

const A = DEMO_ACCOUNTS[0]!;

describeEachBackend('invoice request events', (backend) => {
  let hq: TestHq;
  beforeEach(async () => {
    hq = await startTestHq({ backend });
  });
  afterEach(async () => {
    await hq.stop();
  });

  function invoice(saleId: string, terminalSeq: number, over: Record<string, unknown> = {}): OutboxEvent {
    const now = new Date().toISOString();
    return {
      eventId: randomUUID(),
      terminalSeq,
      createdAt: now,
      type: 'sale.invoiceRequest',
      payload: { saleId, buyerType: 'company', title: '某某科技有限公司', taxNumber: '91350100M000100Y43', email: 'fapiao@example.com', clerkId: 'S001-1001', requestedAt: now, ...over },
    } as OutboxEvent;
  }

  async function push(e: OutboxEvent) {
    const r = await hq.post('/v1/events', { events: [e] });
    expect(r.status).toBe(200);
    return r.body.results[0];
  }

  async function held() {
    return (await hq.admin('GET', '/admin/invoice-requests')).body.invoiceRequests as { saleId: string; eventId: string; email: string }[];
  }

  it('applies once per event id; the same data again is confirmed, other data refused; an unknown sale refused', async () => {
    const sale = renewalEvent({ accountId: A.accountId, deviceNumber: A.devices[0]!.number }, 1);
    expect(await push(sale)).toMatchObject({ status: 'confirmed' });
    const saleId = (sale.payload as { saleId: string }).saleId;
    const e = invoice(saleId, 2);
    expect(await push(e)).toMatchObject({ status: 'confirmed', duplicate: false });
    expect(await push(e)).toMatchObject({ status: 'confirmed', duplicate: true });
    expect(await held()).toEqual([expect.objectContaining({ saleId, eventId: e.eventId, email: 'fapiao@example.com' })]);
    expect(await push(invoice(saleId, 3))).toMatchObject({ status: 'confirmed' });
    expect(await push(invoice(saleId, 4, { email: 'other@example.com' }))).toMatchObject({ status: 'rejected', code: 'INVOICE_EXISTS' });
    expect(await push(invoice(randomUUID(), 5))).toMatchObject({ status: 'rejected', code: 'SALE_NOT_FOUND' });
    expect(await held()).toHaveLength(1);
  });

  it('refuses a voided sale', async () => {
    const sale = renewalEvent({ accountId: A.accountId, deviceNumber: A.devices[0]!.number }, 1);
    await push(sale);
    const saleId = (sale.payload as { saleId: string }).saleId;
    expect(await push(voidEvent(saleId, 2))).toMatchObject({ status: 'confirmed' });
    expect(await push(invoice(saleId, 3))).toMatchObject({ status: 'rejected', code: 'SALE_VOIDED' });
    expect(await held()).toHaveLength(0);
  });
});
