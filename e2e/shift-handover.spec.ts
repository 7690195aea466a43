import fs from 'node:fs';
import type { Page, TestInfo } from '@playwright/test';
import { DEMO, expect, screenshot, signIn, test, type CounterEnv } from './fixtures';
import { openShift, renewCash } from './flows';

/**
 * Issue 14 item 4: shift handover. Clerk A sells cash and closes blind with a count; the shift report
 * reaches the virtual TCP printer; clerk B opens on the counted float (pre-filled), sells and closes;
 * the day close is refused while a shift is open, then the Z report's over/short is right across both.
 */

const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/** The same screen at 1024x768 and 1920x1080, in zh-CN and en (the language switch is clicked directly, even behind a dialog). */
async function shootAll(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  for (const lang of ['zh-CN', 'en'] as const) {
    await page.getByTestId(`lang-${lang}`).first().dispatchEvent('click');
    for (const v of VIEWPORTS) {
      await page.setViewportSize(v);
      await screenshot(page, testInfo, `handover-${name}-${lang}-${v.width}x${v.height}`);
    }
  }
  await page.getByTestId('lang-zh-CN').first().dispatchEvent('click');
  await page.setViewportSize(VIEWPORTS[0]);
}

async function blindStore(counter: CounterEnv): Promise<void> {
  const r = await fetch(`${counter.hq.url}/admin/stores/S001`, {
    method: 'PATCH',
    headers: { authorization: 'Bearer e2e-admin-token-0123456789', 'content-type': 'application/json' },
    body: JSON.stringify({ settings: { blindShiftCount: true } }),
  });
  expect(r.status).toBe(200);
}

test('handover: A closes blind with a count (shift report printed), B opens on that float, the day closes only after B, Z over/short across both', async ({ page, counter }, testInfo) => {
  test.setTimeout(240_000);
  await page.setViewportSize(VIEWPORTS[0]);
  // the store counts blind: set at HQ, the terminal pulls it at start
  await blindStore(counter);
  await counter.app.stop();
  const app = await counter.startApp();

  // Clerk A (王芳): float ¥262.00, one cash sale of ¥29.00 paid with ¥50.00
  await signIn(page, app.launchUrl, 'zh-CN');
  await openShift(page);
  await renewCash(page, 1, '50');
  await page.keyboard.press('Enter');

  // A closes the shift: blind, the expected cash is not shown before the count
  await page.keyboard.press('F4');
  await page.getByTestId('shift-close-start').click();
  await expect(page.getByTestId('shift-close-blind')).toBeVisible();
  await expect(page.getByTestId('close-expected')).toHaveText('清点后显示');
  await expect(page.getByTestId('close-10000')).toBeFocused();
  await page.keyboard.type('2');
  await page.getByTestId('close-1000').fill('9'); // ¥290.00: ¥1.00 short of 262 + 29
  await expect(page.getByTestId('close-counted')).toHaveText('¥290.00');
  await expect(page.getByTestId('close-variance')).toHaveText('—');
  await shootAll(page, testInfo, 'shift-close');
  const jobsBefore = counter.printer.jobs().length;
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('shift-report')).toBeVisible();
  await expect(page.getByTestId('shift-report-expected')).toHaveText('¥291.00');
  await expect(page.getByTestId('shift-report-counted')).toHaveText('¥290.00');
  await expect(page.getByTestId('shift-report-variance')).toHaveText('-¥1.00 (短款)');
  await expect(page.getByTestId('shift-screen')).toHaveAttribute('data-open', 'false');
  await shootAll(page, testInfo, 'shift-report');

  // the shift report's bytes at the virtual TCP printer
  await expect.poll(() => counter.printer.jobs().length, { timeout: 30_000 }).toBeGreaterThan(jobsBefore);
  const shiftJob = counter.printer.jobs().find((j) => j.transcript.includes('交班报表'))!;
  expect(shiftJob, 'a shift report job').toBeDefined();
  expect(shiftJob.byteCount).toBeGreaterThan(100);
  expect(fs.statSync(shiftJob.files.bin).size).toBe(shiftJob.byteCount);
  for (const text of ['王芳', '¥262.00', '¥29.00', '¥291.00', '¥290.00', '-¥1.00 短款', '交班人签字', '接班人签字']) expect(shiftJob.transcript).toContain(text);

  // Clerk B (赵磊) signs in: the float is pre-filled with A's count
  await page.keyboard.press('F12');
  await signIn(page, app.launchUrl, 'zh-CN', DEMO.clerk2);
  await page.keyboard.press('F4');
  await expect(page.getByTestId('handover-from')).toContainText('王芳');
  await expect(page.getByTestId('float-10000')).toHaveValue('2');
  await expect(page.getByTestId('float-1000')).toHaveValue('9');
  await expect(page.getByTestId('float-total')).toHaveText('¥290.00');
  // another float needs a reason
  await page.getByTestId('float-100').fill('5');
  await expect(page.getByTestId('float-differs')).toBeVisible();
  await shootAll(page, testInfo, 'shift-open-handover');
  await page.getByTestId('shift-open-submit').click();
  await expect(page.getByTestId('shift-error')).toContainText('原因');
  await page.getByTestId('float-100').fill('');
  await expect(page.getByTestId('float-differs')).toHaveCount(0);
  await page.getByTestId('shift-open-submit').click();
  await expect(page.getByTestId('shift-float')).toHaveText('¥290.00');
  await page.keyboard.press('F1');

  // B sells ¥29.00 cash
  await renewCash(page, 1);
  await page.keyboard.press('Enter');

  // the day close is refused while B's shift is open, naming it
  await page.keyboard.press('F5');
  await expect(page.getByTestId('day-open-shift-note')).toContainText('赵磊');
  await page.getByTestId('day-close-submit').click();
  await page.getByTestId('day-close-confirm-yes').click();
  await expect(page.getByTestId('day-error')).toContainText('赵磊 的班次');
  await shootAll(page, testInfo, 'day-close-refused');

  // B closes with the exact count: 290 + 29 = ¥319.00
  await page.keyboard.press('F4');
  await page.getByTestId('shift-close-start').click();
  await page.getByTestId('close-10000').fill('3');
  await page.getByTestId('close-1000').fill('1');
  await page.getByTestId('close-100').fill('9');
  await page.getByTestId('shift-close-submit').click();
  await expect(page.getByTestId('shift-report-variance')).toHaveText('平');

  // everything reached HQ, then the day closes: Z over/short across both shifts
  await expect(page.getByTestId('status-sync')).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
  await page.keyboard.press('F5');
  await expect(page.getByTestId('day-all-shifts-closed')).toBeVisible();
  await expect(page.getByTestId('z-expected')).toHaveText('¥320.00'); // 262 + 29 + 29: the handed-over float counted once
  await expect(page.getByTestId('z-counted')).toHaveText('¥319.00');
  await expect(page.getByTestId('z-variance')).toHaveText('-¥1.00');
  await expect(page.getByTestId('z-shifts').locator('tbody tr')).toHaveCount(2);
  await page.getByTestId('day-close-submit').click();
  await expect(page.getByTestId('day-close-confirm-yes')).toBeFocused();
  await shootAll(page, testInfo, 'day-close-confirm');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('day-closed')).toBeVisible();
  await expect.poll(() => counter.printer.jobs().some((j) => j.transcript.includes('日结报表 Z')), { timeout: 30_000 }).toBe(true);
  const z = counter.printer.jobs().find((j) => j.transcript.includes('日结报表 Z'))!.transcript;
  for (const text of ['¥320.00', '¥319.00', '-¥1.00 短款', '王芳', '赵磊', '班次']) expect(z).toContain(text);
  await shootAll(page, testInfo, 'day-closed');
});
