import path from 'node:path';
import { startHq } from '../src-hq/server';
import { expect, screenshot, signIn, test } from './fixtures';
import { ensureShiftOpen, pay, quoteRenewal } from './flows';

const ADMIN = 'e2e-admin-token-0123456789';

test('the sale result turns from Pending HQ to confirmed on screen when HQ confirms, and says calmly when it takes effect', async ({ page, counter }, testInfo) => {
  await signIn(page, counter.app.launchUrl, 'en');
  await quoteRenewal(page, 1);
  const port = counter.hq.port;
  await counter.hq.close();
  await pay(page, [{ method: 'cash', yuan: '29' }]);
  await expect(page.getByTestId('sale-status')).toHaveAttribute('data-status', 'pending');
  await expect(page.getByTestId('sale-status')).toHaveText('Pending HQ');
  await expect(page.getByTestId('sale-effect')).toHaveText('Renewal accepted. It takes effect within minutes of HQ confirming it.');
  // the receipt (the store prints in Chinese) carries the same calm line, not a "待总部确认" banner
  await expect(page.getByTestId('sale-receipt-preview')).toContainText('总部确认后几分钟内生效');
  await expect(page.getByTestId('sale-receipt-preview')).not.toContainText('待总部确认');
  await screenshot(page, testInfo, 'status-sale-pending-en');

  const hq = await startHq({ port, host: '127.0.0.1', dataDir: path.join(counter.dir, 'hq'), adminToken: ADMIN, seed: 'demo' });
  try {
    // no click, no screen change: the same result screen turns confirmed
    await expect(page.getByTestId('sale-status')).toHaveAttribute('data-status', 'confirmed', { timeout: 60_000 });
    await expect(page.getByTestId('sale-status')).toHaveText('Confirmed by HQ');
    await expect(page.getByTestId('status-sync')).toHaveAttribute('data-pending', '0');
    await expect(page.getByTestId('sale-effect')).toHaveText('Confirmed by HQ: the renewal is in effect.');
    await screenshot(page, testInfo, 'status-sale-confirmed-en');
  } finally {
    await hq.close();
  }
});

test('a receipt that did not print is flagged on the sale screen with Retry and Reprint', async ({ page, counter }, testInfo) => {
  await signIn(page, counter.app.launchUrl, 'zh-CN');
  await quoteRenewal(page, 1);
  await counter.printer.setMode('refuse');
  await pay(page, [{ method: 'cash', yuan: '29' }]);
  const state = page.getByTestId('receipt-print-state');
  await expect(state).toHaveAttribute('data-state', 'notPrinted', { timeout: 30_000 });
  await expect(state).toContainText('收据未打印');
  await expect(page.getByTestId('receipt-retry')).toBeVisible();
  await expect(page.getByTestId('receipt-reprint')).toBeVisible();
  await screenshot(page, testInfo, 'status-receipt-not-printed-zh-CN');
  expect(counter.printer.jobs()).toHaveLength(0);

  await counter.printer.setMode('normal');
  // From here the receipt may print two ways: the clerk's Retry, or the print worker's own next try (its
  // backoff ran out, or it saw the printer come back) — under load that can come first and the button goes.
  // Either way exactly one receipt comes out; a click that fails while the receipt is still not printed fails.
  await page
    .getByTestId('receipt-retry')
    .click({ timeout: 15_000 })
    .catch(async (err: unknown) => {
      if ((await state.getAttribute('data-state')) !== 'printed') throw err;
    });
  await expect(state).toHaveAttribute('data-state', 'printed', { timeout: 30_000 });
  await expect(state).toContainText('收据已打印');
  const jobs = await counter.printer.waitForJobs(1, 20_000);
  expect(jobs).toHaveLength(1);
});

test('the status bar shows the shift and business date, and stays on the lock screen', async ({ page, counter }, testInfo) => {
  await page.clock.install();
  await signIn(page, counter.app.launchUrl, 'zh-CN');
  await ensureShiftOpen(page);
  const shift = page.getByTestId('status-shift');
  await expect(shift).toHaveAttribute('data-open', 'true');
  const date = (await shift.getAttribute('data-date')) ?? '';
  expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  await expect(shift).toHaveText(`已开班 · ${date}`);
  await page.clock.fastForward('05:30'); // demo store: idle lock after 5 minutes
  await expect(page.getByTestId('idle-lock')).toBeVisible();
  await expect(page.getByTestId('status-bar')).toBeVisible();
  await expect(page.getByTestId('status-shift')).toHaveText(`已开班 · ${date}`);
  await expect(page.getByTestId('status-printer')).toBeVisible();
  await screenshot(page, testInfo, 'status-lock-screen-zh-CN');
  // a reload lands straight on the lock screen (nobody signed in on this page): the bar still knows the shift
  await page.reload();
  await expect(page.getByTestId('idle-lock')).toBeVisible();
  await expect(page.getByTestId('status-shift')).toHaveText(`已开班 · ${date}`);
  await expect(page.getByTestId('status-shift')).toHaveAttribute('data-open', 'true');
});
