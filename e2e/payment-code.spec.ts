import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ARTIFACTS, expect, signIn, test, type CounterEnv } from './fixtures';
import { countSales, quoteRenewal } from './flows';

/**
 * Payment codes (issue 14): the clerk scans the customer's Alipay / WeChat code and the terminal charges
 * it at the simulated gateway (tools/payment-gateway) with its faults switched on. Each test ends by
 * counting what moved: paid orders at the gateway against sales at HQ — exactly one of each, or none.
 */

const WECHAT_CODE = '134567890123456789';
const ALIPAY_CODE = '2812345678901234';
const ADMIN = { authorization: 'Bearer e2e-admin-token-0123456789' };

interface HqSale {
  saleId: string;
  priceFen: number;
  payments: { method: string; amountFen: number; reference?: string }[];
}

async function hqSales(counter: CounterEnv): Promise<HqSale[]> {
  const r = await fetch(`${counter.hq.url}/admin/sales?limit=100`, { headers: ADMIN });
  return ((await r.json()) as { sales: HqSale[] }).sales;
}

/** Orders whose money stayed with the store (paid, not reversed). */
function charged(counter: CounterEnv) {
  return counter.gateway.orders().filter((o) => o.state === 'SUCCESS');
}

const matrix: string[] = [];
function record(fault: string, counter: CounterEnv, hq: number) {
  const orders = counter.gateway.orders();
  const line = `${fault.padEnd(34)} gateway orders ${orders.length}, charged ${charged(counter).length} (${orders.map((o) => o.state).join(',')}), sales on terminal ${countSales(counter.dataDir)}, sales at HQ ${hq}`;
  matrix.push(line);
}
test.afterAll(() => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, 'payment-fault-matrix.txt'), `${matrix.join('\n')}\n`);
  console.log(`payment fault matrix:\n${matrix.join('\n')}`);
});

/** Replace the default cash line by a payment-code line for the full amount and scan `code` (Enter confirms). */
async function scanCode(page: Page, code: string): Promise<void> {
  const due = (await page.getByTestId('pay-amount-0').inputValue()).trim();
  await page.getByTestId('add-code').click();
  await page.getByTestId('pay-line-0').getByRole('button', { name: /删除|Remove/ }).click();
  await page.getByTestId('pay-amount-0').fill(due);
  await page.getByTestId('pay-code-0').focus();
  await page.keyboard.type(code, { delay: 5 });
  await page.keyboard.press('Enter');
}

async function waitForHqSales(counter: CounterEnv, n: number): Promise<HqSale[]> {
  await expect.poll(async () => (await hqSales(counter)).length, { timeout: 20_000 }).toBe(n);
  return hqSales(counter);
}

test('success: a WeChat code is recognised, charged once, and the sale reaches HQ with the transaction number', async ({ page, counter }) => {
  await signIn(page, counter.app.launchUrl, 'en');
  await quoteRenewal(page, 3);
  await scanCode(page, WECHAT_CODE);
  await expect(page.getByTestId('sale-done')).toBeVisible();
  const [order] = charged(counter);
  expect(order).toMatchObject({ provider: 'wechat', chargeRequests: 1 });
  expect(order!.outTradeNo.length).toBeLessThanOrEqual(32);
  const [sale] = await waitForHqSales(counter, 1);
  expect(sale!.payments).toEqual([{ method: 'wechat', amountFen: order!.amountFen, reference: order!.transactionId }]);
  record('success', counter, 1);
});

test('a code of the wrong shape is refused with the next step and nothing is sent', async ({ page, counter }) => {
  await signIn(page, counter.app.launchUrl, 'zh-CN');
  await quoteRenewal(page, 3);
  await scanCode(page, '9912345678');
  await expect(page.getByTestId('pay-error')).toContainText('不是支付宝或微信的付款码');
  await expect(page.getByTestId('sale-done')).toHaveCount(0);
  expect(counter.gateway.orders()).toHaveLength(0);
  record('wrong code shape', counter, (await hqSales(counter)).length);
});

test('user must confirm: the terminal queries until the customer confirms, then commits', async ({ page, counter }) => {
  counter.gateway.setFaults({ charge: 'userConfirm', times: 1 });
  await signIn(page, counter.app.launchUrl, 'en');
  await quoteRenewal(page, 3);
  await scanCode(page, ALIPAY_CODE);
  await expect(page.getByTestId('code-wait-message')).toHaveAttribute('data-state', 'paying');
  await expect(page.getByTestId('code-wait-message')).toContainText('confirm the payment on their phone');
  const [order] = counter.gateway.orders();
  expect(order!.state).toBe('USERPAYING');
  await expect.poll(() => counter.gateway.orders()[0]!.queries).toBeGreaterThan(0);
  counter.gateway.confirm(order!.outTradeNo); // the customer taps "pay" in the app
  await expect(page.getByTestId('sale-done')).toBeVisible();
  expect(charged(counter)).toHaveLength(1);
  await waitForHqSales(counter, 1);
  record('user confirms', counter, 1);
});

test('user never confirms: the order is cancelled at the gateway after the wait and nothing commits', async ({ page, counter }) => {
  counter.gateway.setFaults({ charge: 'userConfirm', times: 1 });
  await signIn(page, counter.app.launchUrl, 'zh-CN');
  await quoteRenewal(page, 3);
  await scanCode(page, WECHAT_CODE);
  await expect(page.getByTestId('code-wait')).toBeVisible();
  await expect(page.getByTestId('renew-error')).toContainText('没有扣款', { timeout: 20_000 });
  expect(counter.gateway.orders().map((o) => o.state)).toEqual(['CLOSED']);
  expect(countSales(counter.dataDir)).toBe(0);
  // the code field is empty for a fresh code; another attempt gets a new order number and succeeds
  await expect(page.getByTestId('pay-code-0')).toHaveValue('');
  await page.getByTestId('pay-code-0').focus();
  await page.keyboard.type(WECHAT_CODE, { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-done')).toBeVisible();
  const orders = counter.gateway.orders();
  expect(orders.map((o) => o.state)).toEqual(['CLOSED', 'SUCCESS']);
  expect(orders[0]!.outTradeNo).not.toBe(orders[1]!.outTradeNo);
  await waitForHqSales(counter, 1);
  record('user never confirms, then retry', counter, 1);
});

test('the clerk cancels a waiting payment with Esc, then takes cash', async ({ page, counter }) => {
  counter.gateway.setFaults({ charge: 'userConfirm', times: 1 });
  await signIn(page, counter.app.launchUrl, 'en');
  await quoteRenewal(page, 3);
  const due = (await page.getByTestId('pay-amount-0').inputValue()).trim();
  await scanCode(page, WECHAT_CODE);
  await expect(page.getByTestId('code-wait-message')).toHaveAttribute('data-state', 'paying');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('code-wait')).toHaveCount(0);
  await expect(page.getByTestId('renew-error')).toContainText('cancelled');
  expect(counter.gateway.orders().map((o) => o.state)).toEqual(['CLOSED']);
  // now cash: remove the code line by switching its method
  await page.getByTestId('pay-method-0').selectOption('cash');
  await page.getByTestId('pay-amount-0').fill(due);
  await page.getByTestId('pay-amount-0').press('Enter');
  await expect(page.getByTestId('sale-done')).toBeVisible();
  const [sale] = await waitForHqSales(counter, 1);
  expect(sale!.payments.map((p) => p.method)).toEqual(['cash']);
  expect(charged(counter)).toHaveLength(0);
  record('cancel with Esc, then cash', counter, 1);
});

test('declined: nothing charged, the clerk is told, a fresh code then pays once', async ({ page, counter }) => {
  counter.gateway.setFaults({ charge: 'declined', times: 1 });
  await signIn(page, counter.app.launchUrl, 'en');
  await quoteRenewal(page, 3);
  await scanCode(page, WECHAT_CODE);
  await expect(page.getByTestId('renew-error')).toContainText('declined');
  expect(countSales(counter.dataDir)).toBe(0);
  expect(charged(counter)).toHaveLength(0);
  await page.getByTestId('pay-code-0').focus();
  await page.keyboard.type(ALIPAY_CODE, { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-done')).toBeVisible();
  expect(charged(counter)).toHaveLength(1);
  await waitForHqSales(counter, 1);
  record('declined, then fresh code', counter, 1);
});

for (const fault of ['timeout', 'replyLost'] as const) {
  test(`${fault}: the charge went through without an answer; the query finds it paid and the sale commits once`, async ({ page, counter }) => {
    counter.gateway.setFaults({ charge: fault, times: 1 });
    await signIn(page, counter.app.launchUrl, 'en');
    await quoteRenewal(page, 3);
    await scanCode(page, WECHAT_CODE);
    await expect(page.getByTestId('sale-done')).toBeVisible();
    const orders = counter.gateway.orders();
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ state: 'SUCCESS', chargeRequests: 1 });
    expect(orders[0]!.queries).toBeGreaterThan(0);
    await waitForHqSales(counter, 1);
    record(fault === 'timeout' ? 'network timeout, resolved by query' : 'reply lost after charge', counter, 1);
  });
}

test('unreachable before the charge: nothing charged, the order is closed, a retry pays once', async ({ page, counter }) => {
  counter.gateway.setFaults({ charge: 'unreachable', times: 1 });
  await signIn(page, counter.app.launchUrl, 'en');
  await quoteRenewal(page, 3);
  await scanCode(page, WECHAT_CODE);
  await expect(page.getByTestId('renew-error')).toContainText('Nothing was charged');
  expect(counter.gateway.orders().map((o) => o.state)).toEqual(['CLOSED']);
  await page.getByTestId('pay-code-0').focus();
  await page.keyboard.type(WECHAT_CODE, { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-done')).toBeVisible();
  expect(charged(counter)).toHaveLength(1);
  await waitForHqSales(counter, 1);
  record('unreachable, then retry', counter, 1);
});

test('SIGKILL of the terminal between the charge and the commit: after restart exactly one charge and one sale', async ({ page, counter }) => {
  // a terminal that would wait a long time for the answer: it is killed while it waits
  await counter.app.stop();
  const slow = await counter.startApp({ COUNTER_GATEWAY_TIMEOUT_MS: '120000' });
  counter.gateway.setFaults({ charge: 'timeout', times: 1 });
  await signIn(page, slow.launchUrl, 'en');
  await quoteRenewal(page, 3);
  await scanCode(page, WECHAT_CODE);
  await expect.poll(() => charged(counter).length).toBe(1); // the money moved at the gateway
  await slow.stop('SIGKILL');
  expect(countSales(counter.dataDir)).toBe(0); // killed before the commit
  const restarted = await counter.startApp();
  // the start-up pass queries the order, finds it paid and commits the sale it pays for
  await expect.poll(() => countSales(counter.dataDir), { timeout: 20_000 }).toBe(1);
  const [sale] = await waitForHqSales(counter, 1);
  const orders = counter.gateway.orders();
  expect(orders).toHaveLength(1);
  expect(orders[0]).toMatchObject({ state: 'SUCCESS', chargeRequests: 1 });
  expect(sale!.payments).toEqual([{ method: 'wechat', amountFen: orders[0]!.amountFen, reference: orders[0]!.transactionId }]);
  // the sale is on the sales screen after signing in again
  await signIn(page, restarted.launchUrl, 'en');
  await page.keyboard.press('F3');
  await expect(page.getByTestId('sales-screen')).toContainText(/S001-T01-\d{8}-000001/);
  record('SIGKILL between charge and commit', counter, 1);
});

test('offline: code payments are refused with "use cash or the card terminal"', async ({ page, counter }) => {
  await signIn(page, counter.app.launchUrl, 'en');
  await quoteRenewal(page, 3);
  await expect(page.getByTestId('add-code')).toBeEnabled();
  await counter.hq.close();
  // a fresh quote sees the terminal offline
  await page.keyboard.press('Escape');
  await page.keyboard.press('F3');
  await expect(page.getByTestId('status-sync')).toHaveAttribute('data-online', 'false', { timeout: 40_000 });
  await page.keyboard.press('F2');
  await page.getByTestId('term-3').click();
  await expect(page.getByTestId('add-code')).toBeDisabled();
  expect(counter.gateway.orders()).toHaveLength(0);
  record('offline (HQ down)', counter, 0);
});

/** F3 → the sale → void with the supervisor's PIN. */
async function voidFromSalesList(page: Page, receiptNo: string, supervisorPin = '8888'): Promise<void> {
  await page.keyboard.press('F3');
  await page.getByTestId(`sale-row-${receiptNo}`).click();
  await page.getByTestId('void-sale').click();
  await expect(page.getByTestId('void-refund-plan-1')).toContainText('gateway');
  await page.getByTestId('void-reason').fill('customer changed their mind');
  await page.getByTestId('supervisor-pin').fill(supervisorPin);
  await page.getByTestId('supervisor-confirm').click();
  await expect(page.getByTestId('detail-status')).toHaveText('Void');
}

function lastSlip(counter: CounterEnv): string {
  const job = counter.printer.jobs().at(-1)!;
  return fs.readFileSync(job.files.txt, 'utf8');
}

test('void of a code payment: refunded through the gateway once, the slip names the supervisor and the refund', async ({ page, counter }) => {
  await signIn(page, counter.app.launchUrl, 'en');
  await quoteRenewal(page, 3);
  await scanCode(page, WECHAT_CODE);
  await expect(page.getByTestId('sale-done')).toBeVisible();
  const receiptNo = (await page.getByTestId('sale-receipt-no').textContent())!;
  await page.keyboard.press('Enter');
  await voidFromSalesList(page, receiptNo);
  await expect(page.getByTestId('detail-refund-1')).toHaveAttribute('data-state', 'done');
  const [order] = counter.gateway.orders();
  expect(order!.refunds).toHaveLength(1);
  expect(order!.refunds[0]!.amountFen).toBe(order!.amountFen);
  await expect.poll(() => lastSlip(counter)).toContain('授权主管');
  expect(lastSlip(counter)).toContain('李强');
  expect(lastSlip(counter)).toContain('退款号');
  await expect.poll(async () => (await hqSales(counter)).length).toBe(1);
  record('void: refund through gateway', counter, 1);
});

test('a refund that fails keeps the void pending and visible; the retry refunds once (same refund number)', async ({ page, counter }) => {
  await signIn(page, counter.app.launchUrl, 'en');
  await quoteRenewal(page, 3);
  await scanCode(page, ALIPAY_CODE);
  await expect(page.getByTestId('sale-done')).toBeVisible();
  const receiptNo = (await page.getByTestId('sale-receipt-no').textContent())!;
  await page.keyboard.press('Enter');
  counter.gateway.setFaults({ refund: 'fail' });
  await voidFromSalesList(page, receiptNo);
  await expect(page.getByTestId('refund-pending')).toBeVisible();
  await expect(page.getByTestId(`sale-row-${receiptNo}`).getByTestId('sale-row-refund-pending')).toBeVisible();
  await expect.poll(() => lastSlip(counter)).toContain('退款未完成');
  expect(counter.gateway.orders()[0]!.refunds).toHaveLength(0);
  // the refund is taken, but its answer is lost: still pending on the terminal
  counter.gateway.setFaults({ refund: 'replyLost' });
  await page.getByTestId('retry-refund').click();
  await expect(page.getByTestId('refund-pending')).toBeVisible();
  expect(counter.gateway.orders()[0]!.refunds).toHaveLength(1);
  counter.gateway.setFaults({ refund: 'ok' });
  await page.getByTestId('retry-refund').click();
  await expect(page.getByTestId('refund-pending')).toHaveCount(0);
  await expect(page.getByTestId('detail-refund-1')).toHaveAttribute('data-state', 'done');
  expect(counter.gateway.orders()[0]!.refunds).toHaveLength(1); // the same refund number: refunded once
  record('void: refund fails, reply lost, retry', counter, 1);
});
