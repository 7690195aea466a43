import fs from 'node:fs';
import path from 'node:path';
import { DEMO, expect, screenshot, signIn, test } from './fixtures';
import { ensureShiftOpen, renewCash } from './flows';

/**
 * Issue 10 item 5 in the browser: after sales, counter.db is deleted (an empty one replaces it). The
 * terminal refuses to sell and shows the restore screen; a supervisor restores the newest backup with
 * the keyboard alone, and the terminal carries on with the next receipt number.
 */
test('an emptied ledger shows the restore screen; the supervisor restores the newest backup by keyboard', async ({ page, counter }, testInfo) => {
  await signIn(page, counter.app.launchUrl, 'zh-CN');
  await ensureShiftOpen(page);
  const first = await renewCash(page, 1);
  expect(first).toMatch(/-000001$/);
  await counter.app.stop();
  // The daily backup, as the terminal's own rotation names it, then the database is lost.
  const backups = path.join(counter.dataDir, 'backups');
  fs.mkdirSync(backups, { recursive: true });
  fs.copyFileSync(path.join(counter.dataDir, 'counter.db'), path.join(backups, 'counter-29991231-000000.db'));
  for (const f of ['counter.db', 'counter.db-wal', 'counter.db-shm']) fs.rmSync(path.join(counter.dataDir, f), { force: true });

  const app = await counter.startApp();
  await page.goto(app.launchUrl);
  const screen = page.getByTestId('restore-screen');
  await expect(screen).toBeVisible();
  await expect(screen).toHaveAttribute('data-reason', 'ledgerMissing');
  await expect(page.getByTestId('restore-backup')).toContainText('S001-T01-');
  await expect(page.getByTestId('restore-code')).toBeFocused(); // the screen opens ready to type
  await screenshot(page, testInfo, 'restore-screen-zh-CN');
  await page.getByTestId('lang-en').first().click();
  await expect(screen).toContainText('Restore the newest backup');
  await screenshot(page, testInfo, 'restore-screen-en');

  // keyboard only: code, Tab, PIN, Enter; a wrong PIN is refused in words and changes nothing
  await page.getByTestId('restore-code').focus();
  await page.keyboard.type(DEMO.supervisor.code);
  await page.keyboard.press('Tab');
  await page.keyboard.type('0000');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('restore-error')).toContainText('Wrong supervisor code or PIN');
  await page.getByTestId('restore-pin').focus();
  await page.keyboard.type(DEMO.supervisor.pin);
  await page.keyboard.press('Enter');
  await expect(screen).toBeHidden({ timeout: 15_000 });

  await signIn(page, app.launchUrl, 'zh-CN');
  await ensureShiftOpen(page);
  const next = await renewCash(page, 1);
  expect(next).toMatch(/-000002$/);
});
