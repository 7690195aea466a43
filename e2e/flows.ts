import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../src-hq/demo-data';
import { expect } from './fixtures';

export const ACTIVE_ACCOUNT = DEMO_ACCOUNTS[0]!; // 11010519491231002X + 490154203237518, plan M30G
export const WECHAT_REF = '4200001234202611250123456789';
export const CARD_REF = '123456789012';

/** A barcode scanner is a keyboard that types fast and ends with Enter. */
export async function scan(page: Page, id: string, device: string): Promise<void> {
  await page.getByTestId('lookup-id').focus();
  await page.keyboard.type(id, { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lookup-device')).toBeFocused();
  await page.keyboard.type(device, { delay: 5 });
  await page.keyboard.press('Enter');
}

/** The float of a shift opened by the flows: 2 x 100, 5 x 10, 10 x 1 yuan, 4 x 5 jiao = 262.00 yuan. */
export const FLOAT_COUNTS: Record<string, string> = { '10000': '2', '1000': '5', '100': '10', '50': '4' };

/** F4: open a shift with the float counted by denomination; returns to the lookup screen (F1). */
export async function openShift(page: Page, counts: Record<string, string> = FLOAT_COUNTS): Promise<void> {
  await page.keyboard.press('F4');
  await expect(page.getByTestId('shift-screen')).toHaveAttribute('data-open', 'false');
  for (const [denomination, n] of Object.entries(counts)) await page.getByTestId(`float-${denomination}`).fill(n);
  await page.getByTestId('shift-open-submit').click();
  await expect(page.getByTestId('shift-screen')).toHaveAttribute('data-open', 'true');
  await page.keyboard.press('F1');
  await expect(page.getByTestId('lookup-screen')).toBeVisible();
}

/** Sales need an open shift: open one (through the shift screen) when the terminal has none. */
export async function ensureShiftOpen(page: Page): Promise<void> {
  const nav = page.getByTestId('top-nav');
  await expect(nav).not.toHaveAttribute('data-shift', 'unknown');
  if ((await nav.getAttribute('data-shift')) === 'none') await openShift(page);
}

/** From the lookup screen: find the customer, open the renewal and get a quote for `months`. */
export async function quoteRenewal(page: Page, months: number, account = ACTIVE_ACCOUNT, device = 0): Promise<void> {
  await expect(page.getByTestId('status-sync')).toHaveAttribute('data-online', 'true');
  await ensureShiftOpen(page);
  await scan(page, account.nationalId, account.devices[device]!.number);
  await expect(page.getByTestId('account-card')).toBeVisible();
  await page.keyboard.press('F2');
  await expect(page.getByTestId('renew-screen')).toBeVisible();
  await page.getByTestId(`term-${months}`).click();
  await expect(page.getByTestId('quote')).toBeVisible();
}

export type PaymentStep = { method: 'cash'; yuan: string } | { method: 'card' | 'alipay' | 'wechat'; yuan: string; reference: string };

/** Fill the payment lines (the first line starts as cash for the full amount) and confirm; returns the receipt number. */
export async function pay(page: Page, steps: PaymentStep[], opts: { doubleClick?: boolean } = {}): Promise<string> {
  for (const [i, step] of steps.entries()) {
    if (i > 0 || step.method !== 'cash') {
      if (i === 0) {
        // replace the default cash line
        await page.getByTestId(`add-${step.method}`).click();
        await page.getByTestId('pay-line-0').getByRole('button').click();
        const idx = 0;
        await page.getByTestId(`pay-amount-${idx}`).fill(step.yuan);
        if (step.method !== 'cash') await page.getByTestId(`pay-ref-${idx}`).fill(step.reference);
        continue;
      }
      await page.getByTestId(`add-${step.method}`).click();
    }
    await page.getByTestId(`pay-amount-${i}`).fill(step.yuan);
    if (step.method !== 'cash') await page.getByTestId(`pay-ref-${i}`).fill(step.reference);
  }
  if (opts.doubleClick) await page.getByTestId('confirm-sale').dblclick();
  else await page.getByTestId('confirm-sale').click();
  await expect(page.getByTestId('sale-done')).toBeVisible();
  return (await page.getByTestId('sale-receipt-no').textContent()) ?? '';
}

/** Look up, renew `months`, pay cash for the exact amount (or `tendered`); returns the receipt number. */
export async function renewCash(page: Page, months = 3, tendered?: string): Promise<string> {
  await quoteRenewal(page, months);
  const due = (await page.getByTestId('pay-amount-0').inputValue()).trim();
  return pay(page, [{ method: 'cash', yuan: tendered ?? due }]);
}

/** Sales in a terminal's database, read directly (readonly) to check what the screens claim. */
export function countSales(dataDir: string): number {
  const db = new Database(path.join(dataDir, 'counter.db'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM sales').get() as { n: number }).n;
  } finally {
    db.close();
  }
}
