import path from 'node:path';
import { startHq } from '../src-hq/server';
import { expect, screenshot, signIn, test } from './fixtures';
import { ACTIVE_ACCOUNT, pay, quoteRenewal } from './flows';

const ADMIN = 'e2e-admin-token-0123456789';

test('a sale made while HQ is down shows pending and offline; HQ comes back and it is confirmed without a click', async ({ page, counter }, testInfo) => {
  await signIn(page, counter.app.launchUrl, 'en');
  await quoteRenewal(page, 1);
  const port = counter.hq.port;
  await counter.hq.close();
  const due = (await page.getByTestId('pay-amount-0').inputValue()).trim();
  await pay(page, [{ method: 'cash', yuan: due }]);
  await expect(page.getByTestId('sale-status')).toHaveAttribute('data-status', 'pending');
  await expect(page.getByTestId('status-sync')).toHaveAttribute('data-online', 'false', { timeout: 15_000 });
  await expect(page.getByTestId('status-sync')).toHaveAttribute('data-pending', '1');
  // offline says why, in the clerk's language (issue 10 item 6)
  await expect(page.getByTestId('status-sync')).toHaveAttribute('data-reason', 'HQ_UNREACHABLE');
  await expect(page.getByTestId('status-sync')).toContainText('HQ offline (cannot reach HQ)');
  await screenshot(page, testInfo, 'sync-offline-pending');

  const hq = await startHq({ port, host: '127.0.0.1', dataDir: path.join(counter.dir, 'hq'), adminToken: ADMIN, seed: 'demo' });
  try {
    await expect(page.getByTestId('status-sync')).toHaveAttribute('data-pending', '0', { timeout: 60_000 });
    await expect(page.getByTestId('status-sync')).toHaveAttribute('data-online', 'true');
    await expect(page.getByTestId('status-sync')).not.toHaveAttribute('data-reason');
    await page.keyboard.press('F3');
    await page.locator('[data-testid^="sale-row-"]').first().click();
    await expect(page.getByTestId('detail-status')).toHaveText('Confirmed by HQ', { timeout: 15_000 });
    await screenshot(page, testInfo, 'sync-back-online-confirmed');
  } finally {
    await hq.close();
  }
});

test('a sale HQ rejects shows HQ reason (account suspended at HQ between quote and sync)', async ({ page, counter }, testInfo) => {
  await signIn(page, counter.app.launchUrl, 'zh-CN');
  await quoteRenewal(page, 1);
  const res = await fetch(`${counter.hq.url}/admin/accounts/${ACTIVE_ACCOUNT.accountId}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'suspended' }),
  });
  expect(res.status).toBe(200);
  const due = (await page.getByTestId('pay-amount-0').inputValue()).trim();
  await pay(page, [{ method: 'cash', yuan: due }]);
  await expect(page.getByTestId('status-sync')).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
  await page.keyboard.press('F3');
  await page.locator('[data-testid^="sale-row-"]').first().click();
  await expect(page.getByTestId('detail-hq-reason')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('detail-hq-reason')).toContainText(/[\u4e00-\u9fff]/);
  await screenshot(page, testInfo, 'sync-rejected-reason');
});
