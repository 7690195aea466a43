import fs from 'node:fs';
import { expect, signIn, test, type CounterEnv } from './fixtures';
import { openShift, renewCash } from './flows';

/** Issue 14 item 4 (part): the X report (a reading, no close), the no-sale drawer open, Z over/short and sign-off lines. */

function lastJobText(counter: CounterEnv): string {
  const job = counter.printer.jobs().at(-1);
  return job ? fs.readFileSync(job.files.txt, 'utf8') : '';
}

test('no-sale needs a reason and prints a slip; the X report prints any time without closing; the Z report states over/short with sign-off lines', async ({ page, counter }) => {
  await signIn(page, counter.app.launchUrl, 'zh-CN');
  await openShift(page);
  await renewCash(page, 1);
  await page.keyboard.press('Enter');

  await page.keyboard.press('F4');
  await page.getByTestId('no-sale-reason').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('no-sale-error')).toContainText('原因');
  const jobsBefore = counter.printer.jobs().length;
  await page.getByTestId('no-sale-reason').fill('顾客换零钱');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('no-sale-done')).toBeVisible();
  await expect.poll(() => counter.printer.jobs().length).toBe(jobsBefore + 1);
  expect(lastJobText(counter)).toContain('无销售开钱箱');
  expect(lastJobText(counter)).toContain('顾客换零钱');
  expect(counter.printer.jobs().at(-1)!.decoded.items.filter((i) => i.kind === 'drawer')).toHaveLength(1); // the drawer opened

  await page.keyboard.press('F5');
  await page.getByTestId('print-x').click();
  await expect(page.getByTestId('x-printed')).toBeVisible();
  await expect.poll(() => lastJobText(counter)).toContain('读数报表 X');
  expect(lastJobText(counter)).toContain('未日结');
  expect(lastJobText(counter)).toContain('主管签字');
  // nothing closed: the day is still open and a second X report prints again
  await expect(page.getByTestId('day-screen')).toHaveAttribute('data-open', 'true');
  const afterX = counter.printer.jobs().length;
  await page.getByTestId('print-x').click();
  await expect.poll(() => counter.printer.jobs().length).toBe(afterX + 1);

  // count 1 yuan short of the expected cash, close the day: the Z report says short, with signatures
  const expected = (await page.getByTestId('count-expected').textContent())!.replace(/[¥,]/g, '');
  const yuan = Math.round(Number(expected)) - 1;
  await page.getByTestId('count-100').fill(String(yuan));
  await page.getByTestId('count-reason').fill('点错');
  await page.getByTestId('count-save').click();
  await page.getByTestId('day-close-submit').click();
  // asks first; Esc goes back without closing, Enter confirms
  await expect(page.getByTestId('day-close-confirm-yes')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('day-close-confirm')).toHaveCount(0);
  await expect(page.getByTestId('day-screen')).toHaveAttribute('data-open', 'true');
  await page.getByTestId('day-close-submit').click();
  await expect(page.getByTestId('day-close-confirm-yes')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('day-closed')).toBeVisible();
  await expect.poll(() => lastJobText(counter)).toContain('日结报表 Z');
  const z = lastJobText(counter);
  expect(z).toContain('长短款');
  expect(z).toContain('短款');
  expect(z).toContain('收银员签字');
  expect(z).toContain('主管签字');
});
