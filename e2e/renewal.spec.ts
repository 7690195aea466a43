import { DEMO, expect, screenshot, signIn, test } from './fixtures';
import { countSales, pay, quoteRenewal, WECHAT_REF } from './flows';

for (const lang of ['zh-CN', 'en'] as const) {
  test(`look up -> renew 3 months -> split cash + WeChat -> receipt -> history (${lang})`, async ({ page, counter }, testInfo) => {
    await signIn(page, counter.app.launchUrl, lang);
    await quoteRenewal(page, 3);
    // M30G, 3 months = ¥84.00 in the demo catalog
    await expect(page.getByTestId('quote-price')).toHaveText('¥84.00');
    await screenshot(page, testInfo, `renew-quote-${lang}`);
    await page.getByTestId('pay-amount-0').fill('50');
    await page.getByTestId('add-wechat').click();
    await page.getByTestId('pay-amount-1').fill('34.00');
    await page.getByTestId('pay-ref-1').fill(WECHAT_REF);
    await expect(page.getByTestId('pay-error')).toHaveCount(0);
    await screenshot(page, testInfo, `renew-payment-split-${lang}`);
    await page.getByTestId('confirm-sale').click();
    await expect(page.getByTestId('sale-done')).toBeVisible();
    const receiptNo = (await page.getByTestId('sale-receipt-no').textContent()) ?? '';
    expect(receiptNo).toMatch(/^S001-T01-\d{8}-000001$/);
    await expect(page.getByTestId('sale-status')).toHaveAttribute('data-status', /pending|confirmed/);
    await screenshot(page, testInfo, `renew-done-${lang}`);

    await page.keyboard.press('F3');
    await expect(page.getByTestId(`sale-row-${receiptNo}`)).toBeVisible();
    await page.getByTestId(`sale-row-${receiptNo}`).click();
    await expect(page.getByTestId('sale-detail')).toContainText(WECHAT_REF);
    // HQ confirms it in the background
    await expect(page.getByTestId('detail-status')).toHaveText(lang === 'zh-CN' ? '总部已确认' : 'Confirmed by HQ', { timeout: 30_000 });
    await screenshot(page, testInfo, `sales-history-${lang}`);
  });
}

test('double-clicking Confirm makes one sale', async ({ page, counter }) => {
  await signIn(page, counter.app.launchUrl, 'zh-CN');
  await quoteRenewal(page, 1);
  await pay(page, [{ method: 'cash', yuan: '100' }], { doubleClick: true });
  await expect(page.getByTestId('sale-change')).toContainText('¥71.00');
  expect(countSales(counter.dataDir)).toBe(1);
});

test('a reload after Confirm gives the same sale, not a second one', async ({ page, counter }) => {
  await signIn(page, counter.app.launchUrl, 'zh-CN');
  await quoteRenewal(page, 1);
  const receiptNo = await pay(page, [{ method: 'cash', yuan: '29' }]);
  await page.reload();
  await expect(page.getByTestId('sale-receipt-no')).toHaveText(receiptNo);
  expect(countSales(counter.dataDir)).toBe(1);
});

test('bad payments are refused with a clear message and change nothing', async ({ page, counter }, testInfo) => {
  await signIn(page, counter.app.launchUrl, 'en');
  await quoteRenewal(page, 3);
  await page.getByTestId('pay-amount-0').fill('50');
  await expect(page.getByTestId('pay-error')).toBeVisible(); // short of ¥84.00
  await page.getByTestId('pay-amount-0').fill('12.345');
  await expect(page.getByTestId('pay-error')).toBeVisible(); // fractional fen
  await page.getByTestId('pay-amount-0').fill('50');
  await page.getByTestId('add-wechat').click();
  await page.getByTestId('pay-amount-1').fill('34');
  await page.getByTestId('pay-ref-1').fill('123');
  await expect(page.getByTestId('pay-error')).toBeVisible(); // bad reference
  await screenshot(page, testInfo, 'renew-payment-error-en');
  await page.getByTestId('confirm-sale').click();
  // refused on the spot: the reason stays next to the payment (once, not repeated under it)
  await expect(page.getByTestId('pay-error')).toBeVisible();
  await expect(page.getByTestId('renew-error')).toHaveCount(0);
  expect(countSales(counter.dataDir)).toBe(0);
});

test('void: a wrong PIN fails, the right PIN voids, and it cannot be voided twice', async ({ page, counter }, testInfo) => {
  await signIn(page, counter.app.launchUrl, 'zh-CN');
  await quoteRenewal(page, 1);
  const receiptNo = await pay(page, [{ method: 'cash', yuan: '29' }]);
  await page.keyboard.press('Enter');
  await page.keyboard.press('F3');
  await page.getByTestId(`sale-row-${receiptNo}`).click();
  await page.getByTestId('void-sale').click();
  await page.getByTestId('void-reason').fill('客户选错套餐');
  await page.getByTestId('supervisor-pin').fill('0000');
  await page.getByTestId('supervisor-confirm').click();
  await expect(page.getByTestId('supervisor-error')).toContainText('PIN 不正确');
  await screenshot(page, testInfo, 'void-wrong-pin-zh-CN');
  await page.getByTestId('supervisor-pin').fill(DEMO.supervisor.pin);
  await page.getByTestId('supervisor-confirm').click();
  await expect(page.getByTestId('supervisor-dialog')).toHaveCount(0);
  await expect(page.getByTestId('detail-status')).toHaveText('已作废');
  await expect(page.getByTestId('void-sale')).toHaveCount(0);
  await screenshot(page, testInfo, 'void-done-zh-CN');
});
