import type { Page } from '@playwright/test';
import { quickTenderOptions } from '../src-shared/domain';
import { DEMO, expect, test } from './fixtures';
import { ACTIVE_ACCOUNT, WECHAT_REF } from './flows';

/**
 * A whole day at the counter with page.keyboard only (no clicks, no fill): sign in, open the shift,
 * look up, renew (plan -> term -> payment -> confirm), split payments, F3 with reprint and void,
 * the drawer count and the day close. Focus is checked at every step.
 */

async function focused(page: Page, testId: string): Promise<void> {
  await expect(page.getByTestId(testId)).toBeFocused();
}

async function signInByKeyboard(page: Page, url: string, lang: 'zh-CN' | 'en'): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId(`clerk-${DEMO.clerk.code}`)).toBeVisible();
  await page.getByTestId(`lang-${lang}`).first().focus();
  await page.keyboard.press('Enter');
  await page.getByTestId(`clerk-${DEMO.clerk.code}`).focus();
  await page.keyboard.press('Enter');
  await focused(page, 'pin-input');
  await page.keyboard.type(DEMO.clerk.pin);
  await page.keyboard.press('Enter');
  await focused(page, 'lookup-id');
}

/** F4: the float by denomination (100, 50, 20, 10, 5, 1 yuan, 5, 1 jiao), Tab between fields, Enter opens. */
async function openShiftByKeyboard(page: Page): Promise<void> {
  await page.keyboard.press('F4');
  await focused(page, 'float-10000');
  await page.keyboard.type('2'); // 2 x 100
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  await focused(page, 'float-1000');
  await page.keyboard.type('5'); // 5 x 10
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await focused(page, 'float-100');
  await page.keyboard.type('10'); // 10 x 1
  await page.keyboard.press('Tab');
  await page.keyboard.type('4'); // 4 x 0.5
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('shift-screen')).toHaveAttribute('data-open', 'true');
  await expect(page.getByTestId('shift-float')).toHaveText('¥262.00');
  await page.keyboard.press('F1');
  await focused(page, 'lookup-id');
}

/** Typed by hand (not a scanner burst): ID, Enter, device, Enter. */
async function lookUpByHand(page: Page): Promise<void> {
  await focused(page, 'lookup-id');
  await page.keyboard.type(ACTIVE_ACCOUNT.nationalId, { delay: 90 });
  await page.keyboard.press('Enter');
  await focused(page, 'lookup-device');
  await page.keyboard.type(ACTIVE_ACCOUNT.devices[0]!.number, { delay: 90 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('account-card')).toBeVisible();
}

/** F2 -> plan (arrows) -> Enter -> term (arrows) -> Enter -> the cash field. */
async function chooseThreeMonths(page: Page): Promise<void> {
  await page.keyboard.press('F2');
  await focused(page, 'plan-M30G');
  // the demo catalog lists C100G, M30G, YUNL for this device
  await page.keyboard.press('ArrowLeft');
  await focused(page, 'plan-C100G');
  await expect(page.getByTestId('plan-C100G')).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('ArrowRight');
  await focused(page, 'plan-M30G');
  await expect(page.getByTestId('plan-M30G')).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('Enter');
  await focused(page, 'term-1');
  await page.keyboard.press('ArrowRight');
  await focused(page, 'term-3');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('quote-price')).toHaveText('¥84.00');
  await focused(page, 'pay-amount-0');
  await expect(page.getByTestId('pay-amount-0')).toHaveValue('84.00');
}

test('keyboard only: shift, cash sale with change, reprint and void on F3, drawer count and day close (en)', async ({ page, counter }) => {
  await signInByKeyboard(page, counter.app.launchUrl, 'en');
  await expect(page.getByTestId('status-sync')).toHaveAttribute('data-online', 'true');
  await openShiftByKeyboard(page);
  await lookUpByHand(page);
  await chooseThreeMonths(page);

  // quick-cash keys: ↓ / ↑ step through exact, 90, 100 ... in the cash field
  const options = quickTenderOptions(8_400);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('pay-amount-0')).toHaveValue((options[1]! / 100).toFixed(2));
  await page.keyboard.press('ArrowUp');
  await expect(page.getByTestId('pay-amount-0')).toHaveValue('84.00');
  // the tendered amount typed over the selected text; the change shows live
  await page.keyboard.press('Control+A');
  await page.keyboard.type('100');
  await expect(page.getByTestId('pay-change')).toHaveText('¥16.00');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-done')).toBeFocused();
  await expect(page.getByTestId('sale-change')).toContainText('¥16.00');
  const receiptNo = (await page.getByTestId('sale-receipt-no').textContent()) ?? '';
  await page.keyboard.press('Enter');
  await focused(page, 'lookup-id');

  // F3: search -> ↓ into the list -> Enter opens the sale; Tab to reprint and void
  await page.keyboard.press('F3');
  await focused(page, 'sales-search');
  await expect(page.getByTestId(`sale-row-${receiptNo}`)).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await focused(page, `sale-row-${receiptNo}`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-detail')).toBeVisible();
  await focused(page, 'preview-receipt');
  await page.keyboard.press('Enter');
  await focused(page, 'close-preview');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('receipt-preview-dialog')).toHaveCount(0);
  await focused(page, 'preview-receipt');
  await page.keyboard.press('Tab');
  await focused(page, 'reprint-sale');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('reprint-notice')).toBeVisible();
  await page.keyboard.press('Tab');
  await focused(page, 'open-invoice'); // the e-invoice request (issue 15 item 7) comes before the void
  await page.keyboard.press('Tab');
  await focused(page, 'void-sale');
  await page.keyboard.press('Enter');
  await focused(page, 'void-reason');
  await page.keyboard.type('Wrong plan chosen');
  await page.keyboard.press('Enter');
  await focused(page, 'supervisor-pin');
  await page.keyboard.type(DEMO.supervisor.pin);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('supervisor-dialog')).toHaveCount(0);
  await expect(page.getByTestId('detail-status')).toHaveText('Void');
  await focused(page, 'preview-receipt');
  await page.keyboard.press('Escape');
  await focused(page, `sale-row-${receiptNo}`);

  // F5: the drawer by denomination; the voided sale took its cash out again: 262.00 expected
  await page.keyboard.press('F5');
  await focused(page, 'count-10000');
  await page.keyboard.type('2');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  await page.keyboard.type('6'); // 6 x 10
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.type('2'); // 2 x 1
  await expect(page.getByTestId('count-counted')).toHaveText('¥262.00');
  await expect(page.getByTestId('count-expected')).toHaveText('¥262.00');
  await page.keyboard.press('Enter');
  await focused(page, 'day-close-submit');
  await page.keyboard.press('Enter');
  // the confirmation (issue 14): Enter confirms
  await focused(page, 'day-close-confirm-yes');
  await page.keyboard.press('Enter');
  const override = page.getByTestId('supervisor-dialog');
  const closed = page.getByTestId('day-closed');
  await expect(override.or(closed)).toBeVisible();
  if (await override.isVisible()) {
    await focused(page, 'supervisor-pin');
    await page.keyboard.type(DEMO.supervisor.pin);
    await page.keyboard.press('Enter');
  }
  await expect(closed).toBeVisible();
});

test('keyboard only: split cash + WeChat with + adding a line for what is still due (zh-CN)', async ({ page, counter }) => {
  await signInByKeyboard(page, counter.app.launchUrl, 'zh-CN');
  await expect(page.getByTestId('status-sync')).toHaveAttribute('data-online', 'true');
  await openShiftByKeyboard(page);
  await lookUpByHand(page);
  await chooseThreeMonths(page);
  await page.keyboard.type('50'); // replaces the selected 84.00
  await expect(page.getByTestId('pay-error')).toBeVisible(); // short of ¥84.00
  // Enter on an incomplete payment confirms nothing and says why
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('pay-error')).toBeVisible();
  await expect(page.getByTestId('sale-done')).toHaveCount(0);
  await focused(page, 'pay-amount-0');
  await page.keyboard.press('+');
  await focused(page, 'pay-method-1');
  await expect(page.getByTestId('pay-method-1')).toHaveValue('wechat');
  await page.keyboard.press('Tab');
  await focused(page, 'pay-amount-1');
  await expect(page.getByTestId('pay-amount-1')).toHaveValue('34.00');
  await page.keyboard.press('Tab');
  await focused(page, 'pay-ref-1');
  await page.keyboard.type(WECHAT_REF);
  await expect(page.getByTestId('pay-error')).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-done')).toBeFocused();
  await expect(page.getByTestId('sale-change')).toHaveCount(0);
  const receiptNo = (await page.getByTestId('sale-receipt-no').textContent()) ?? '';
  await page.keyboard.press('Enter');
  await page.keyboard.press('F3');
  await focused(page, 'sales-search');
  await expect(page.getByTestId(`sale-row-${receiptNo}`)).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await focused(page, `sale-row-${receiptNo}`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-detail')).toContainText(WECHAT_REF);
  await expect(page.getByTestId('sale-detail')).toContainText('¥50.00');
  await expect(page.getByTestId('sale-detail')).toContainText('¥34.00');
});
