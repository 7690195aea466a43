import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_CLERKS, startTestHq, type TestHq } from '../../test-support/hq';
import { openTestTerminal, type TestTerminal } from '../../test-support/terminal-harness';
import { createBusinessDayRepo } from '../db/repos/business-day-repo';
import { createSaleRepo, type SaleRow } from '../db/repos/sale-repo';
import { createShiftRepo } from '../db/repos/shift-repo';
import { createRenewalService } from './sales';

let hq: TestHq;
let t: TestTerminal;
const clerk = DEMO_CLERKS[0];
const supervisor = DEMO_CLERKS[2];

function clerkId(code: string): string {
  return t.ctx.auth.listClerks().find((c) => c.code === code)!.clerkId;
}

async function findCard(i = 0) {
  const a = DEMO_ACCOUNTS[i]!;
  return (await t.call('lookup.find', { nationalId: a.nationalId, deviceNumber: a.devices[0]!.number })).account;
}

beforeAll(async () => {
  hq = await startTestHq();
  t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
  await t.call('auth.signIn', { clerkId: clerkId(clerk.code), pin: clerk.pin });
});
afterAll(async () => {
  await t.close();
  await hq.stop();
});
beforeEach(() => {
  t.ctx.syncState.markSuccess();
});

/** receiptData of a service over the same database, for a row read from the tables. */
function renewalReceipt(row: SaleRow, clerkName: string) {
  const db = t.ctx.db;
  return createRenewalService({ ctx: t.ctx, sales: createSaleRepo(db), days: createBusinessDayRepo(db), shifts: createShiftRepo(db) }).receiptData(row, clerkName);
}

async function quote(months = 3, i = 0) {
  const card = await findCard(i);
  return (await t.call('sales.quote', { accountId: card.accountId, deviceId: card.device.deviceId, planCode: card.plan.code, termMonths: months })).quote;
}

describe('renewal sale', () => {
  it('commits sale, payments, provisional expiry, outbox event, print job and audit entry together', async () => {
    const q = await quote(3);
    const before = t.ctx.repos.outbox.pendingEventStats().count;
    const { sale } = await t.call('sales.confirm', {
      saleId: q.saleId,
      accountId: q.accountId,
      deviceId: q.deviceId,
      planCode: q.planCode,
      termMonths: 3,
      priceFen: q.priceFen,
      payments: [{ method: 'cash', tenderedFen: 5000 }, { method: 'wechat', amountFen: q.priceFen - 5000, reference: '4200001234202611250123456789' }],
    });
    expect(sale.status).toBe('pending');
    expect(sale.payments.map((p) => p.amountFen).reduce((a, b) => a + b)).toBe(q.priceFen);
    expect(t.ctx.repos.outbox.pendingEventStats().count).toBe(before + 1);
    expect(t.ctx.repos.printJobs.findPrintJobsFor(q.saleId)).toHaveLength(1);
    expect(t.ctx.repos.printJobs.findPrintJobsFor(q.saleId)[0]!.open_drawer).toBe(1);
    const card = await findCard(0);
    expect(card.expiresAt).toBe(q.newExpiry);
    expect(t.ctx.audit.verify().ok).toBe(true);
    // built from the rows in memory (no read-back): the same as what the tables now hold
    expect(sale).toEqual((await t.call('sales.get', { saleId: q.saleId })).sale);
    const job = t.ctx.repos.printJobs.findPrintJobsFor(q.saleId)[0]!;
    const fromTables = t.ctx.db.prepare('SELECT * FROM sales WHERE sale_id = ?').get(q.saleId) as SaleRow;
    expect(JSON.parse(job.payload).data).toEqual(JSON.parse(JSON.stringify(renewalReceipt(fromTables, clerk.name))));
  });

  it('confirm is idempotent on the sale id; a different body with the same id is refused', async () => {
    const q = await quote(1);
    const input = { saleId: q.saleId, accountId: q.accountId, deviceId: q.deviceId, planCode: q.planCode, termMonths: 1, priceFen: q.priceFen, payments: [{ method: 'cash' as const, tenderedFen: 10000 }] };
    const [a, b] = await Promise.all([t.call('sales.confirm', input), t.call('sales.confirm', input)]);
    expect(a.sale.receiptNo).toBe(b.sale.receiptNo);
    expect(a.sale.changeFen).toBe(10000 - q.priceFen);
    const again = await t.call('sales.confirm', input);
    expect(again.repeated).toBe(true);
    expect(again.sale.receiptNo).toBe(a.sale.receiptNo);
    expect(t.ctx.repos.printJobs.findPrintJobsFor(q.saleId)).toHaveLength(1);
    await expect(t.call('sales.confirm', { ...input, termMonths: 3 })).rejects.toMatchObject({ shape: { code: 'CONFLICT', messageKey: 'sales:saleIdReused' } });
  });

  it('refuses a payment that does not cover the amount and writes nothing', async () => {
    const q = await quote(1);
    const seqBefore = t.ctx.repos.outbox.pendingEventStats().count;
    await expect(
      t.call('sales.confirm', { saleId: q.saleId, accountId: q.accountId, deviceId: q.deviceId, planCode: q.planCode, termMonths: 1, priceFen: q.priceFen, payments: [{ method: 'cash', tenderedFen: q.priceFen - 1 }] }),
    ).rejects.toMatchObject({ shape: { code: 'PAYMENT_SHORT' } });
    expect(t.ctx.repos.outbox.pendingEventStats().count).toBe(seqBefore);
    await expect(t.call('sales.get', { saleId: q.saleId })).rejects.toMatchObject({ shape: { code: 'NOT_FOUND' } });
  });

  it('refuses a stale price', async () => {
    const q = await quote(1);
    await expect(
      t.call('sales.confirm', { saleId: q.saleId, accountId: q.accountId, deviceId: q.deviceId, planCode: q.planCode, termMonths: 1, priceFen: q.priceFen + 100, payments: [{ method: 'cash', tenderedFen: q.priceFen + 100 }] }),
    ).rejects.toMatchObject({ shape: { code: 'CONFLICT', messageKey: 'sales:priceChanged' } });
  });

  it('refuses to quote a suspended subscription, with its reason', async () => {
    const card = await findCard(2);
    await expect(t.call('sales.quote', { accountId: card.accountId, deviceId: card.device.deviceId, planCode: card.plan.code, termMonths: 1 })).rejects.toMatchObject({
      shape: { code: 'SUBSCRIPTION_SUSPENDED', params: { reason: '挂失' } },
    });
  });

  it('needs a supervisor when HQ has been out of reach longer than the store allows', async () => {
    t.ctx.repos.kv.set('hq.lastSuccessAt', new Date(Date.now() - 48 * 3600_000).toISOString());
    const q = await quote(1);
    expect(q.overrideReason).toBe('offlineTooLong');
    const input = { saleId: q.saleId, accountId: q.accountId, deviceId: q.deviceId, planCode: q.planCode, termMonths: 1, priceFen: q.priceFen, payments: [{ method: 'cash' as const, tenderedFen: q.priceFen }] };
    await expect(t.call('sales.confirm', input)).rejects.toMatchObject({ shape: { code: 'FORBIDDEN', messageKey: 'sales:override.offlineTooLong' } });
    await expect(t.call('sales.confirm', { ...input, override: { supervisorId: clerkId(clerk.code), pin: clerk.pin } })).rejects.toMatchObject({ shape: { messageKey: 'auth:notSupervisor' } });
    const ok = await t.call('sales.confirm', { ...input, override: { supervisorId: clerkId(supervisor.code), pin: supervisor.pin } });
    expect(ok.sale.receiptNo).toMatch(/^S001-T01-/);
  });

  it('voids a sale of today with a supervisor PIN: restores the expiry, queues a reversal, only once', async () => {
    const before = await findCard(4);
    const q = await quote(1, 4);
    const { sale } = await t.call('sales.confirm', { saleId: q.saleId, accountId: q.accountId, deviceId: q.deviceId, planCode: q.planCode, termMonths: 1, priceFen: q.priceFen, payments: [{ method: 'card', amountFen: q.priceFen, reference: '123456789012' }] });
    // a card payment is refunded on the card terminal: its refund reference is required (issue 14)
    await expect(t.call('sales.void', { saleId: sale.saleId, reason: '客户改主意', supervisorId: clerkId(supervisor.code), pin: supervisor.pin })).rejects.toMatchObject({
      shape: { code: 'REFUND_REFERENCE_MISSING', field: 'refundReferences.1' },
    });
    const refundReferences = [{ lineNo: 1, reference: '654321' }];
    await expect(t.call('sales.void', { saleId: sale.saleId, reason: '客户改主意', supervisorId: clerkId(supervisor.code), pin: '0000', refundReferences })).rejects.toMatchObject({ shape: { code: 'FORBIDDEN', messageKey: 'auth:wrongPin' } });
    const voided = await t.call('sales.void', { saleId: sale.saleId, reason: '客户改主意', supervisorId: clerkId(supervisor.code), pin: supervisor.pin, refundReferences });
    expect(voided.sale.status).toBe('voided');
    expect(voided.sale.refunds).toEqual([{ lineNo: 1, method: 'card', route: 'cardTerminal', amountFen: q.priceFen, state: 'done', reference: '654321', lastError: null }]);
    expect((await findCard(4)).expiresAt).toBe(before.expiresAt);
    expect(t.ctx.repos.printJobs.findPrintJobsFor(sale.saleId).map((j) => j.kind)).toEqual(['sale', 'void']);
    await expect(t.call('sales.void', { saleId: sale.saleId, reason: 'again', supervisorId: clerkId(supervisor.code), pin: supervisor.pin })).rejects.toMatchObject({ shape: { messageKey: 'sales:alreadyVoided' } });
  });

  it('numbers receipts without gaps and lists them by status', async () => {
    const { sales } = await t.call('sales.list', {});
    const seqs = sales.map((s) => Number(s.receiptNo.split('-').pop())).sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const voided = await t.call('sales.list', { status: 'voided' });
    expect(voided.sales.every((s) => s.status === 'voided')).toBe(true);
    expect(voided.sales.length).toBe(1);
  });
});
