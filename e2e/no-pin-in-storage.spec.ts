/**
 * Issue 10, item 9: the supervisor PIN of an override was written to sessionStorage with the pending
 * confirm request and stayed there. After a sale approved by a supervisor (offline above the store's
 * offline limit), neither sessionStorage nor localStorage holds the PIN; a reload still shows the same
 * sale (the request kept for the reload has no PIN; the server answers the committed sale id).
 */
import type { Page } from '@playwright/test';
import { DEMO, expect, screenshot, signIn, test } from './fixtures';
import { ACTIVE_ACCOUNT, countSales, ensureShiftOpen, scan } from './flows';

const ADMIN = 'e2e-admin-token-0123456789';

async function browserStorage(page: Page): Promise<string> {
  return page.evaluate(() => {
    const dump = (s: Storage) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => s.key(i)!).map((k) => [k, s.getItem(k)]));
    return JSON.stringify({ session: dump(sessionStorage), local: dump(localStorage) });
  });
}

test('no supervisor PIN is left in sessionStorage or localStorage after an override', async ({ page, counter }, testInfo) => {
  // the store allows at most ¥10.00 per sale while HQ is unreachable
  const res = await fetch(`${counter.hq.url}/admin/stores/S001`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ settings: { offlineMaxSaleFen: 1000 } }),
  });
  expect(res.status).toBe(200);
  await signIn(page, counter.app.launchUrl, 'en');
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('status-sync')).toHaveAttribute('data-online', 'true');
  await ensureShiftOpen(page);
  await scan(page, ACTIVE_ACCOUNT.nationalId, ACTIVE_ACCOUNT.devices[0]!.number);
  await expect(page.getByTestId('account-card')).toBeVisible();

  // HQ goes away: a ¥29.00 sale is now above the offline limit and needs the supervisor
  await counter.hq.close();
  await expect(async () => {
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('status-sync')).toHaveAttribute('data-online', 'false', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await page.keyboard.press('F2');
  await page.getByTestId('term-1').click();
  await expect(page.getByTestId('quote')).toBeVisible();
  await page.getByTestId('confirm-sale').click();
  await expect(page.getByTestId('supervisor-dialog')).toBeVisible();
  await page.getByTestId('supervisor-pin').fill(DEMO.supervisor.pin);
  await page.getByTestId('supervisor-confirm').click();
  await expect(page.getByTestId('sale-done')).toBeVisible();
  const receiptNo = (await page.getByTestId('sale-receipt-no').textContent()) ?? '';
  await screenshot(page, testInfo, 'override-sale-done-en');

  const stored = await browserStorage(page);
  expect(stored).not.toContain(DEMO.supervisor.pin);
  expect(stored).not.toMatch(/pin\\*"\s*:/i); // no "pin" (or "supervisorPin"…) field, even empty

  // the reload-after-confirm behaviour is kept without the PIN: the same sale, not a second one
  await page.reload();
  await expect(page.getByTestId('sale-receipt-no')).toHaveText(receiptNo);
  expect(countSales(counter.dataDir)).toBe(1);
  const afterReload = await browserStorage(page);
  expect(afterReload).not.toContain(DEMO.supervisor.pin);
  expect(afterReload).not.toMatch(/pin\\*"\s*:/i);
});
