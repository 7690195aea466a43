/**
 * E-invoice request (issue 15 item 7) on a real terminal (real dispatch, SQLite, outbox worker) against
 * a real HQ: bad tax number refused naming the field, the request recorded with its outbox event and
 * audit entry, HQ holds it (GET /admin/invoice-requests), one per sale, a voided sale refused, the
 * reprinted receipt says it was requested.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '../../src-shared/domain/credit-code';
import { buildSaleReceipt } from '../../src-shared/receipt/sale-receipt';
import { DEMO_ACCOUNTS, DEMO_CLERKS, startTestHq, type TestHq } from '../../test-support/hq';
import { openTestTerminal, type TestTerminal } from '../../test-support/terminal-harness';

let hq: TestHq;
let t: TestTerminal;
const FIRST17 = '91350100M000100Y4';
const GOOD = FIRST17 + creditCodeCheckChar(FIRST17)!;
const BAD = FIRST17 + (creditCodeCheckChar(FIRST17) === '0' ? '1' : '0');

async function refused(p: Promise<unknown>): Promise<{ code: string; messageKey: string; field?: string; params?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    return (e as { shape: { code: string; messageKey: string; field?: string } }).shape;
  }
  throw new Error('expected a refusal');
}

async function sell(i: number) {
  const a = DEMO_ACCOUNTS[i]!;
  const card = (await t.call('lookup.find', { nationalId: a.nationalId, deviceNumber: a.devices[0]!.number })).account;
  const q = (await t.call('sales.quote', { accountId: card.accountId, deviceId: card.device.deviceId, planCode: card.plan.code, termMonths: 1 })).quote;
  return (await t.call('sales.confirm', { saleId: q.saleId, accountId: q.accountId, deviceId: q.deviceId, planCode: q.planCode, termMonths: 1, priceFen: q.priceFen, payments: [{ method: 'cash', tenderedFen: q.priceFen }] })).sale;
}

function count(sql: string, ...args: unknown[]): number {
  return (t.ctx.db.prepare(sql).get(...args) as { n: number }).n;
}

beforeAll(async () => {
  hq = await startTestHq();
  t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
  const clerk = DEMO_CLERKS[0];
  await t.call('auth.signIn', { clerkId: t.ctx.auth.listClerks().find((c) => c.code === clerk.code)!.clerkId, pin: clerk.pin });
}, 60_000);
afterAll(async () => {
  await t.close();
  await hq.stop();
});

describe('e-invoice request', () => {
  it('refuses a bad tax number, a missing title and a bad e-mail, naming the field; records nothing', async () => {
    const sale = await sell(0);
    const outbox = count('SELECT count(*) AS n FROM outbox');
    expect(await refused(t.call('sales.requestInvoice', { saleId: sale.saleId, buyerType: 'company', title: '某某科技有限公司', taxNumber: BAD, email: 'a@example.com' }))).toMatchObject({
      code: 'CREDIT_CODE_CHECK_CHAR',
      field: 'taxNumber',
    });
    expect(await refused(t.call('sales.requestInvoice', { saleId: sale.saleId, buyerType: 'company', title: 'X', taxNumber: 'ABC', email: 'a@example.com' }))).toMatchObject({ field: 'taxNumber' });
    expect(await refused(t.call('sales.requestInvoice', { saleId: sale.saleId, buyerType: 'company', title: '  ', taxNumber: GOOD, email: 'a@example.com' }))).toMatchObject({ field: 'title', messageKey: 'cardinfo:errors.titleRequired' });
    expect(await refused(t.call('sales.requestInvoice', { saleId: sale.saleId, buyerType: 'personal', title: '张三', email: 'not-mail' }))).toMatchObject({ field: 'email', messageKey: 'cardinfo:errors.emailFormat' });
    expect(await refused(t.call('sales.requestInvoice', { saleId: 'no-such-sale', buyerType: 'personal', title: '张三', email: 'a@example.com' }))).toMatchObject({ code: 'NOT_FOUND', messageKey: 'cardinfo:errors.saleUnknown' });
    expect(count('SELECT count(*) AS n FROM outbox')).toBe(outbox);
    expect(count('SELECT count(*) AS n FROM sale_invoice_requests')).toBe(0);
    expect((await t.call('sales.invoice', { saleId: sale.saleId })).invoice).toBeNull();
  });

  it('records the request with its outbox event and audit entry; HQ holds it; a repeat answers the same; other data is refused', async () => {
    const sale = await sell(1);
    const input = { saleId: sale.saleId, buyerType: 'company' as const, title: '某某科技有限公司', taxNumber: GOOD.toLowerCase(), email: 'fapiao@example.com' };
    const r = await t.call('sales.requestInvoice', input);
    expect(r).toMatchObject({ created: true, invoice: { saleId: sale.saleId, buyerType: 'company', taxNumber: GOOD, email: 'fapiao@example.com' } });
    expect(count("SELECT count(*) AS n FROM outbox WHERE type = 'sale.invoiceRequest'")).toBe(1);
    expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'sale.invoiceRequest'")).toBe(1);

    const again = await t.call('sales.requestInvoice', input);
    expect(again).toEqual({ ...r, created: false });
    expect(count("SELECT count(*) AS n FROM outbox WHERE type = 'sale.invoiceRequest'")).toBe(1);
    expect(await refused(t.call('sales.requestInvoice', { ...input, email: 'other@example.com' }))).toMatchObject({ code: 'CONFLICT', messageKey: 'cardinfo:errors.invoiceExists', params: { email: 'fapiao@example.com' } });

    await t.call('sync.now', {});
    const row = t.ctx.db.prepare("SELECT state FROM outbox WHERE type = 'sale.invoiceRequest'").get() as { state: string };
    expect(row.state).toBe('acked');
    const held = (await hq.admin('GET', '/admin/invoice-requests')).body.invoiceRequests as { saleId: string; taxNumber: string; email: string; title: string }[];
    expect(held).toEqual([expect.objectContaining({ saleId: sale.saleId, taxNumber: GOOD, email: 'fapiao@example.com', title: '某某科技有限公司' })]);

    // the reprinted receipt says the invoice was requested
    const { job } = await t.call('sales.reprint', { saleId: sale.saleId });
    const payload = JSON.parse((t.ctx.db.prepare('SELECT payload FROM print_jobs WHERE job_id = ?').get(job.jobId) as { payload: string }).payload);
    expect(payload.data.invoice).toEqual({ email: 'fapiao@example.com' });
    const text = JSON.stringify(buildSaleReceipt(payload.data, { language: 'zh-CN', reprintCount: 1 }));
    expect(text).toContain('fapiao@example.com');
  });

  it('a personal request needs no tax number', async () => {
    const sale = await sell(0);
    const r = await t.call('sales.requestInvoice', { saleId: sale.saleId, buyerType: 'personal', title: '张三', email: 'zs@example.com' });
    expect(r.invoice).toMatchObject({ buyerType: 'personal', taxNumber: null });
  });

  it('a voided sale gets no invoice', async () => {
    const sale = await sell(0);
    const sup = DEMO_CLERKS[2];
    await t.call('sales.void', { saleId: sale.saleId, reason: '顾客取消', supervisorId: t.ctx.auth.listClerks().find((c) => c.code === sup.code)!.clerkId, pin: sup.pin });
    expect(await refused(t.call('sales.requestInvoice', { saleId: sale.saleId, buyerType: 'personal', title: '张三', email: 'zs@example.com' }))).toMatchObject({ code: 'CONFLICT', messageKey: 'cardinfo:errors.invoiceVoided' });
  });
});
