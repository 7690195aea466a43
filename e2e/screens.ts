import { expect, type Page } from '@playwright/test';
import { DEMO, type CounterEnv } from './fixtures';
import { ACTIVE_ACCOUNT, openShift, WECHAT_REF } from './flows';

/** One screen or state of the counter, as a clerk meets it, with what matters most on it. */
export interface ScreenState {
  name: string;
  /** The main action: it must be on screen (not below the fold, not under the status bar). */
  primary: string | null;
  /** An error shown in this state: it must be on screen too. */
  error?: string;
}

/**
 * Walks every screen and state of a clerk's day (sign-in with a wrong PIN, lookup with an error and
 * with a card, renew with quote / payment error / split, the result, sales with a sale open, shift,
 * day close, printer, sync panel, lock screen) and calls `visit` in each.
 */
export async function walkScreens(page: Page, counter: CounterEnv, lang: 'zh-CN' | 'en', visit: (s: ScreenState) => Promise<void>): Promise<void> {
  await page.clock.install();
  await page.goto(counter.app.launchUrl);
  await page.getByTestId(`lang-${lang}`).first().click();
  await expect(page.getByTestId(`clerk-${DEMO.clerk.code}`)).toBeVisible();
  await visit({ name: 'signin', primary: 'signin-submit' });
  await page.getByTestId(`clerk-${DEMO.clerk.code}`).click();
  await page.getByTestId('pin-input').fill('0000');
  await page.getByTestId('pin-input').press('Enter');
  await expect(page.getByTestId('signin-error')).toBeVisible();
  await visit({ name: 'signin-wrong-pin', primary: 'signin-submit', error: 'signin-error' });
  await page.getByTestId('pin-input').fill(DEMO.clerk.pin);
  await page.getByTestId('pin-input').press('Enter');
  await expect(page.getByTestId('lookup-screen')).toBeVisible();
  await expect(page.getByTestId('status-sync')).toHaveAttribute('data-online', 'true');
  await visit({ name: 'lookup', primary: 'lookup-submit' });

  await page.getByTestId('lookup-id').fill(ACTIVE_ACCOUNT.nationalId.slice(0, 17) + (ACTIVE_ACCOUNT.nationalId.endsWith('1') ? '2' : '1'));
  await expect(page.getByTestId('lookup-id-error')).toBeVisible();
  await visit({ name: 'lookup-error', primary: 'lookup-submit', error: 'lookup-id-error' });
  await page.keyboard.press('Escape');

  await page.keyboard.press('F4');
  await expect(page.getByTestId('shift-screen')).toHaveAttribute('data-open', 'false');
  await visit({ name: 'shift-open', primary: 'shift-open-submit' });
  await page.keyboard.press('F1');
  await openShift(page);
  await page.keyboard.press('F4');
  await expect(page.getByTestId('shift-screen')).toHaveAttribute('data-open', 'true');
  await visit({ name: 'shift-current', primary: 'movement-submit' });
  await page.keyboard.press('F1');

  await page.getByTestId('lookup-id').fill(ACTIVE_ACCOUNT.nationalId);
  await page.getByTestId('lookup-device').fill(ACTIVE_ACCOUNT.devices[0]!.number);
  await page.getByTestId('lookup-device').press('Enter');
  await expect(page.getByTestId('account-card')).toBeVisible();
  await visit({ name: 'lookup-card', primary: 'go-renew' });

  await page.keyboard.press('F2');
  await expect(page.getByTestId('term-3')).toBeVisible();
  await visit({ name: 'renew-plans', primary: 'term-3' });
  await page.getByTestId('term-3').click();
  await expect(page.getByTestId('quote')).toBeVisible();
  await visit({ name: 'renew-quote', primary: 'confirm-sale' });
  await page.getByTestId('pay-amount-0').fill('50');
  await page.getByTestId('confirm-sale').click();
  await expect(page.getByTestId('pay-error')).toBeVisible();
  await visit({ name: 'renew-payment-error', primary: 'confirm-sale', error: 'pay-error' });
  await page.getByTestId('add-wechat').click();
  await page.getByTestId('pay-ref-1').fill(WECHAT_REF);
  await expect(page.getByTestId('pay-error')).toHaveCount(0);
  await visit({ name: 'renew-split', primary: 'confirm-sale' });
  await page.getByTestId('confirm-sale').click();
  await expect(page.getByTestId('sale-done')).toBeVisible();
  await expect(page.getByTestId('receipt-print-state')).toBeVisible();
  await visit({ name: 'sale-done', primary: 'sale-next' });
  await page.keyboard.press('Enter');

  await page.keyboard.press('F3');
  const row = page.locator('[data-testid^="sale-row-"]').first();
  await expect(row).toBeVisible();
  await visit({ name: 'sales', primary: 'sales-search' });
  await row.click();
  await expect(page.getByTestId('sale-detail')).toBeVisible();
  await visit({ name: 'sales-detail', primary: 'void-sale' });

  await page.keyboard.press('F5');
  await expect(page.getByTestId('day-screen')).toHaveAttribute('data-open', 'true');
  await visit({ name: 'day-count', primary: 'count-save' });

  await page.keyboard.press('F6');
  await expect(page.getByTestId('printer-settings')).toBeVisible();
  await visit({ name: 'printer', primary: 'test-print' });

  await page.getByTestId('status-sync').click();
  await expect(page.getByTestId('sync-panel')).toBeVisible();
  await visit({ name: 'sync-panel', primary: 'sync-panel-close' });
  await page.keyboard.press('Escape');

  await page.clock.fastForward('05:30'); // demo store: idle lock after 5 minutes
  await expect(page.getByTestId('idle-lock')).toBeVisible();
  await visit({ name: 'lock', primary: 'lock-unlock' });
}
