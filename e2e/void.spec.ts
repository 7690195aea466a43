import path from 'node:path';
import { startHq } from '../src-hq/server';
import { DEMO, expect, signIn, test } from './fixtures';
import { pay, quoteRenewal } from './flows';

test('void reason survives the sale turning confirmed while the dialog is open', async ({ page, counter }) => {
  await signIn(page, counter.app.launchUrl, 'zh-CN');
  await quoteRenewal(page, 1);
  const port = counter.hq.port;
  await counter.hq.close();
  const receiptNo = await pay(page, [{ method: 'cash', yuan: '29' }]);
  await page.keyboard.press('Enter');
  await page.keyboard.press('F3');
  await page.getByTestId(`sale-row-${receiptNo}`).click();
  await page.getByTestId('void-sale').click();
  await page.getByTestId('void-reason').fill('客户改用其他套餐');
  const hq = await startHq({ port, host: '127.0.0.1', dataDir: path.join(counter.dir, 'hq'), adminToken: 'e2e-admin-token-0123456789', seed: 'demo' });
  try {
    await expect(page.getByTestId('detail-status')).toHaveText('总部已确认', { timeout: 60_000 });
    await page.waitForTimeout(3500);
    await expect(page.getByTestId('void-reason')).toHaveValue('客户改用其他套餐');
    await page.getByTestId('supervisor-pin').fill(DEMO.supervisor.pin);
    await page.getByTestId('supervisor-confirm').click();
    await expect(page.getByTestId('detail-status')).toHaveText('已作废');
  } finally {
    await hq.close();
  }
});
