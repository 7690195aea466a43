import fs from 'node:fs';
import path from 'node:path';
import { DEMO, expect, screenshot, signIn, test } from './fixtures';
import { ensureShiftOpen, renewCash } from './flows';

/**
 * Issue 17 item 6 in the browser: the terminal's daily backup goes to HQ (sealed), the PC dies, and a
 * replacement PC with an empty data folder restores it from HQ with the keyboard alone. Its next receipt
 * number continues the old one, and HQ's sale count shows nothing was synced twice: the sale that was
 * still pending in the backup (HQ got it from the old PC later) is answered as a duplicate.
 */
const ADMIN = 'e2e-admin-token-0123456789';

test('backup to HQ, restore on a fresh data folder: the next receipt number continues, nothing synced twice', async ({ page, counter }, testInfo) => {
  test.setTimeout(120_000);
  const admin = async (method: string, p: string, body?: unknown) => {
    const r = await fetch(counter.hq.url + p, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await r.json()) as Record<string, unknown>;
  };
  const hqSales = async () => ((await admin('GET', '/admin/sales')).sales as { receiptNo: string }[]);
  const terminalId = ((await admin('GET', '/admin/terminals')).terminals as { terminalId: string; code: string }[])[0]!.terminalId;

  await signIn(page, counter.app.launchUrl, 'zh-CN');
  await ensureShiftOpen(page);
  expect(await renewCash(page, 1)).toMatch(/-000001$/);
  await expect.poll(async () => (await hqSales()).length, { timeout: 20_000 }).toBe(1);
  // HQ stops taking events: the second sale waits in the outbox
  await admin('POST', '/admin/faults', { kind: 'unavailable', count: 100_000, pathPrefix: '/v1/events' });
  const second = await renewCash(page, 1);
  expect(second).toMatch(/-000002$/);
  await counter.app.stop();

  // The next day's start: yesterday's copy is a day old, so the terminal takes today's backup and uploads it.
  const backups = path.join(counter.dataDir, 'backups');
  const yesterday = new Date(Date.now() - 25 * 3_600_000);
  for (const f of fs.readdirSync(backups)) fs.utimesSync(path.join(backups, f), yesterday, yesterday);
  const oldPc = await counter.startApp();
  await expect
    .poll(async () => ((await admin('GET', `/admin/terminals/${terminalId}/backups`)).backups as unknown[]).length, { timeout: 30_000 })
    .toBe(1);
  const [atHq] = (await admin('GET', `/admin/terminals/${terminalId}/backups`)).backups as { sales: number; lastReceiptNo: string }[];
  expect(atHq).toMatchObject({ sales: 2, lastReceiptNo: second });
  expect(fs.readdirSync(backups).some((f) => f.endsWith('.db.uploaded'))).toBe(true);
  // HQ answers again: the old PC gets the pending sale through, then its disk dies.
  await admin('DELETE', '/admin/faults');
  await expect.poll(async () => (await hqSales()).length, { timeout: 30_000 }).toBe(2);
  await oldPc.stop();

  // The replacement PC: an empty data folder, the same HQ.
  const newPc = await counter.startApp({ COUNTER_DATA_DIR: path.join(counter.dir, 'new-pc') });
  await page.goto(newPc.launchUrl);
  const screen = page.getByTestId('restore-screen');
  await expect(screen).toBeVisible({ timeout: 15_000 });
  await expect(screen).toHaveAttribute('data-reason', 'hqAhead');
  await expect(page.getByTestId('restore-hq-select')).toContainText(second);
  await expect(page.getByTestId('restore-no-local')).toBeVisible(); // a new PC has no local backup
  await expect(page.getByTestId('restore-backup-button')).toHaveCount(0);
  for (const [w, h] of [[1024, 768], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await screenshot(page, testInfo, `restore-hq-zh-CN-${w}x${h}`);
  }
  await page.getByTestId('lang-en').first().click();
  await expect(screen).toContainText('Restore a backup from HQ');
  for (const [w, h] of [[1024, 768], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await screenshot(page, testInfo, `restore-hq-en-${w}x${h}`);
  }

  // keyboard only: code, Tab, PIN, Enter restores the chosen (newest) HQ backup; a wrong PIN changes nothing
  await page.getByTestId('restore-code').focus();
  await page.keyboard.type(DEMO.supervisor.code);
  await page.keyboard.press('Tab');
  await page.keyboard.type('0000');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('restore-error')).toContainText('Wrong supervisor code or PIN');
  await page.getByTestId('restore-pin').focus();
  await page.keyboard.type(DEMO.supervisor.pin);
  await page.keyboard.press('Enter');
  await expect(screen).toBeHidden({ timeout: 20_000 });

  await signIn(page, newPc.launchUrl, 'zh-CN');
  await ensureShiftOpen(page);
  const next = await renewCash(page, 1);
  expect(next).toMatch(/-000003$/);
  await expect.poll(async () => (await hqSales()).length, { timeout: 30_000 }).toBe(3);
  const receipts = (await hqSales()).map((s) => s.receiptNo).sort();
  expect(receipts.map((r) => r.slice(-6))).toEqual(['000001', '000002', '000003']);
  // the restored outbox sent the second sale again; HQ answered it as a duplicate, not a new sale
  const events = (await admin('GET', `/admin/events?terminalId=${terminalId}&type=sale.renewal`)).events as unknown[];
  expect(events).toHaveLength(3);
});
