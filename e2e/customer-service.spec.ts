/**
 * Customer service at the counter (issue 15), in Chromium against the real terminal in web mode, the real
 * reference HQ and the simulated ID card reader (tools/id-reader) over loopback.
 * This file is shared: the `account` helper adds ID-only lookup and account services here.
 */
import type { Page } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../src-hq/demo-data';
import { startIdReaderSimulator, type IdReaderSimulator, type SimCard } from '../tools/id-reader/server';
import { expect, screenshot, signIn, test, type CounterEnv } from './fixtures';

const ACTIVE = DEMO_ACCOUNTS[0]!; // 张秀英, 11010519491231002X + 490154203237518
const CARD: SimCard = { name: ACTIVE.holderName, idNumber: ACTIVE.nationalId, address: '北京市海淀区中关村南大街5号', validFrom: '20160301', validUntil: '20360301' };

async function waitForCache(page: Page): Promise<void> {
  await expect(page.getByTestId('status-sync')).toHaveAttribute('data-online', 'true');
}

/** The terminal restarted with the simulated reader service configured. */
async function withReader(counter: CounterEnv, transport: 'http' | 'ws' = 'http'): Promise<{ reader: IdReaderSimulator; launchUrl: string }> {
  const reader = await startIdReaderSimulator({ host: '127.0.0.1', port: 0 });
  await counter.app.stop();
  const app = await counter.startApp({ COUNTER_ID_READER_URL: transport === 'http' ? reader.url : reader.wsUrl });
  return { reader, launchUrl: app.launchUrl };
}

for (const lang of ['zh-CN', 'en'] as const) {
  test.describe(`ID card reader (${lang})`, () => {
    test('a read fills the ID and shows the name on the card next to the account’s masked name; photo and address only for the moment', async ({ page, counter }, testInfo) => {
      const { reader, launchUrl } = await withReader(counter, lang === 'en' ? 'ws' : 'http');
      try {
        await signIn(page, launchUrl, lang);
        await waitForCache(page);
        reader.queue(CARD);
        await page.keyboard.press('F7');
        await expect(page.getByTestId('lookup-id')).toHaveValue(ACTIVE.nationalId);
        await expect(page.getByTestId('lookup-device')).toBeFocused();
        await expect(page.getByTestId('idcard-name')).toHaveText('张秀英');
        await expect(page.getByTestId('idcard-valid-until')).toHaveText('2036-03-01');
        await expect(page.getByTestId('idcard-photo')).toBeVisible();
        await expect(page.getByTestId('idcard-address')).toHaveText(CARD.address);
        await page.getByTestId('lookup-device').fill(ACTIVE.devices[0]!.number);
        await page.getByTestId('lookup-device').press('Enter');
        await expect(page.getByTestId('account-card')).toBeVisible();
        await expect(page.getByTestId('idcard-account-name')).toHaveText('张*英');
        await screenshot(page, testInfo, `idcard-read-${lang}`);
        // the photo and address go with "hide" (and after 30 s), the name on the card stays
        await page.getByTestId('idcard-hide').click();
        await expect(page.getByTestId('idcard-photo')).toHaveCount(0);
        await expect(page.getByTestId('idcard-address')).toHaveCount(0);
        await expect(page.getByTestId('idcard-name')).toBeVisible();
        // Esc: the next customer — nothing of this card is left on screen
        await page.getByTestId('lookup-id').focus();
        await page.keyboard.press('Escape');
        await expect(page.getByTestId('idcard-panel')).toHaveCount(0);
      } finally {
        await reader.close();
      }
    });

    test('an expired ID card, no card, an unplugged reader and a reader that does not answer are refused, translated', async ({ page, counter }, testInfo) => {
      const { reader, launchUrl } = await withReader(counter);
      const zh = lang === 'zh-CN';
      try {
        await signIn(page, launchUrl, lang);
        reader.queue(CARD);
        reader.setFaults({ mode: 'expired', times: 1 });
        await page.getByTestId('idcard-read').click();
        await expect(page.getByTestId('lookup-id-error')).toContainText(zh ? '这张身份证已过有效期' : 'This ID card has expired');
        await expect(page.getByTestId('lookup-id')).toHaveValue('');
        await expect(page.getByTestId('idcard-panel')).toHaveCount(0);
        await screenshot(page, testInfo, `idcard-expired-${lang}`);

        reader.setFaults({ mode: 'noCard', times: 1 });
        await page.keyboard.press('F7');
        await expect(page.getByTestId('lookup-error')).toContainText(zh ? '读卡器上没有身份证' : 'no ID card on the reader');
        reader.setFaults({ mode: 'unplugged', times: 1 });
        await page.keyboard.press('F7');
        await expect(page.getByTestId('lookup-error')).toContainText(zh ? '读卡器未连接' : 'reader reports an error');
        reader.setFaults({ mode: 'timeout', times: 1 });
        await page.keyboard.press('F7');
        await expect(page.getByTestId('lookup-error')).toContainText(zh ? '读卡器没有应答' : 'did not answer', { timeout: 15_000 });
        // the reader back to normal: the next card reads
        reader.queue(CARD);
        await page.keyboard.press('F7');
        await expect(page.getByTestId('lookup-id')).toHaveValue(ACTIVE.nationalId);
      } finally {
        await reader.close();
      }
    });
  });
}
