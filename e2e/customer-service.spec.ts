/**
 * Customer service at the counter (issue 15) in Chromium against the real reference HQ. One
 * `test.describe` per service; other services add their own blocks. The ID card reader blocks use the
 * simulated reader service (tools/id-reader) over loopback.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../src-hq/demo-data';
import { makeImei, makeNationalId } from '../src-shared/domain';
import { startIdReaderSimulator, type IdReaderSimulator, type SimCard } from '../tools/id-reader/server';
import { expect, screenshot, signIn, test, type CounterEnv } from './fixtures';
import { renewCash } from './flows';

const ACTIVE = DEMO_ACCOUNTS[0]!; // one device
const TWO = DEMO_ACCOUNTS.find((a) => a.devices.length === 2)!; // 周*婷: one active, one expired
const E2E_ADMIN = 'e2e-admin-token-0123456789';
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1920, height: 1080 },
] as const;

function masked(number: string): string {
  return `${'*'.repeat(number.length - 6)}${number.slice(-6)}`;
}

async function waitForCache(page: Page): Promise<void> {
  await expect(page.getByTestId('status-sync')).toHaveAttribute('data-online', 'true');
}

/** Type (or scan) the ID, Enter, then Enter on the empty device number: the ID alone. */
async function lookUpById(page: Page, nationalId: string): Promise<void> {
  await page.getByTestId('lookup-id').focus();
  await page.keyboard.type(nationalId, { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lookup-device')).toBeFocused();
  await page.keyboard.press('Enter');
}

/** Screenshots of the current screen at the two sizes (the window returns to the first size after). */
async function shots(page: Page, testInfo: Parameters<typeof screenshot>[1], name: string): Promise<void> {
  const before = page.viewportSize();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    // the app scrolls the panel in view as it opens, at the size of the moment: again at this size
    const panel = page.getByTestId('service-panel');
    if ((await panel.count()) > 0) await panel.evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await screenshot(page, testInfo, `${name}-${size.width}x${size.height}`);
  }
  if (before) await page.setViewportSize(before);
}

test.describe('ID-only lookup', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    test(`the ID alone lists the account's devices; the keyboard picks one (${lang})`, async ({ page, counter }, testInfo) => {
      const zh = lang === 'zh-CN';
      await signIn(page, counter.app.launchUrl, lang);
      await waitForCache(page);
      await lookUpById(page, TWO.nationalId);

      const list = page.getByTestId('device-list');
      await expect(list).toBeVisible();
      await expect(list).toBeFocused();
      await expect(page.getByRole('option')).toHaveCount(2);
      await expect(page.getByTestId('account-card')).toHaveCount(0); // two devices: the clerk picks
      const numbers = TWO.devices.map((d) => masked(d.number));
      for (const n of numbers) await expect(list).toContainText(n);
      await expect(list).toContainText(zh ? '已过期' : 'Expired');
      await expect(list).toContainText(zh ? '正常' : 'Active');
      await expect(list).toContainText(zh ? '月享30G' : 'Monthly 30 GB');
      await expect(list).not.toContainText(TWO.nationalId);
      for (const d of TWO.devices) await expect(page.locator('body')).not.toContainText(d.number);
      await shots(page, testInfo, `customer-service-device-list-${lang}`);

      // ↓ Enter opens the second device
      await page.keyboard.press('ArrowDown');
      await expect(page.getByTestId('device-option-2')).toHaveAttribute('aria-selected', 'true');
      await page.keyboard.press('Enter');
      const second = await page.getByTestId('device-option-2').getAttribute('data-device-id');
      await expect(page.getByTestId('account-card')).toBeVisible();
      await expect(page.getByTestId('device-option-2')).toHaveAttribute('data-open', 'true');
      const secondText = (await page.getByTestId('device-option-2').innerText()).split('\n');
      await expect(page.getByTestId('card-device')).toContainText(secondText.find((l) => l.includes('******'))!.replace(/^.*?(\*+\d{6}).*$/, '$1'));
      // the card no longer says "1 more device": the list is that
      await expect(page.getByTestId('card-device')).not.toContainText(zh ? '另有' : 'more device');
      await shots(page, testInfo, `customer-service-device-picked-${lang}`);

      // the number key 1, then Enter, switches to the first; the list keeps the focus
      await expect(list).toBeFocused();
      await page.keyboard.press('1');
      await expect(page.getByTestId('device-option-1')).toHaveAttribute('aria-selected', 'true');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('device-option-1')).toHaveAttribute('data-open', 'true');
      expect(await page.getByTestId('device-option-1').getAttribute('data-device-id')).not.toBe(second);

      // F2 renews the device picked
      const active = page.locator('[data-testid^="device-option-"][role="option"]', { hasText: zh ? '正常' : 'Active' });
      await active.click();
      await page.keyboard.press('F2');
      await expect(page.getByTestId('renew-screen')).toBeVisible();
      await page.keyboard.press('F1');
      // Esc clears the customer
      await page.getByTestId('lookup-id').focus();
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('device-list')).toHaveCount(0);
    });
  }

  test('one device: its card opens at once, listed as the only device', async ({ page, counter }) => {
    await signIn(page, counter.app.launchUrl, 'zh-CN');
    await waitForCache(page);
    await lookUpById(page, ACTIVE.nationalId);
    await expect(page.getByRole('option')).toHaveCount(1);
    await expect(page.getByTestId('account-card')).toBeVisible();
    await expect(page.getByTestId('card-device')).toContainText(masked(ACTIVE.devices[0]!.number));
  });

  test('ID + device number on an account with two devices: the card and the list of both', async ({ page, counter }, testInfo) => {
    await signIn(page, counter.app.launchUrl, 'en');
    await waitForCache(page);
    await page.getByTestId('lookup-id').fill(TWO.nationalId);
    await page.getByTestId('lookup-device').fill(TWO.devices[0]!.number);
    await page.getByTestId('lookup-device').press('Enter');
    await expect(page.getByTestId('account-card')).toBeVisible();
    await expect(page.getByRole('option')).toHaveCount(2);
    await expect(page.locator('[role="option"][data-open="true"]')).toContainText(masked(TWO.devices[0]!.number));
    await screenshot(page, testInfo, 'customer-service-pair-with-list-en');
  });

  test('an account not cached comes from HQ online; an unknown ID says so without more', async ({ page, counter }) => {
    const admin = async (method: string, p: string, body: unknown) => {
      const res = await fetch(`${counter.hq.url}${p}`, {
        method,
        headers: { authorization: `Bearer ${E2E_ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, `${method} ${p}`).toBeLessThan(300);
    };
    // an account homed at another store, outside this terminal's snapshot (scope "store"): only HQ has it
    const nationalId = makeNationalId('320102', '19880808', '031');
    await admin('PUT', '/admin/settings/snapshot-scope', { scope: 'store' });
    await admin('POST', '/admin/stores', { code: 'S002', name: '二店' });
    await admin('POST', '/admin/accounts', {
      holderName: '钱多多',
      nationalId,
      homeStoreCode: 'S002',
      devices: [
        { kind: 'imei', number: makeImei('86452905777777'), planCode: 'M30G', expiresAt: '2027-03-01T00:00:00Z' },
        { kind: 'imei', number: makeImei('86452905888888'), planCode: 'C100G', expiresAt: '2027-04-01T00:00:00Z' },
      ],
    });
    // the terminal's cache is rebuilt from HQ (deleted: it is only a cache), now under the store scope
    await counter.app.stop();
    for (const f of ['', '-wal', '-shm']) fs.rmSync(path.join(counter.dataDir, `counter.cache.db${f}`), { force: true });
    const app = await counter.startApp();
    await signIn(page, app.launchUrl, 'zh-CN');
    await waitForCache(page);
    await lookUpById(page, nationalId);
    await expect(page.getByRole('option')).toHaveCount(2);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('account-card')).toContainText('数据来自总部实时查询');

    await page.keyboard.press('Escape');
    await lookUpById(page, makeNationalId('110101', '19800101', '123'));
    await expect(page.getByTestId('lookup-error')).toHaveText('没有与该身份证号匹配的账户。请核对号码。');
    await expect(page.getByTestId('device-list')).toHaveCount(0);
  });

  test('ID-only misses count with the pair misses and lock lookup', async ({ page, counter }) => {
    await signIn(page, counter.app.launchUrl, 'en');
    await waitForCache(page);
    for (let i = 1; i <= 5; i++) {
      await page.getByTestId('lookup-id').fill(makeNationalId('110101', `1980010${i}`, '123'));
      await page.getByTestId('lookup-device').fill('');
      await page.getByTestId('lookup-by-id').click();
      await expect(page.getByTestId('lookup-error')).toBeVisible();
    }
    await expect(page.getByTestId('lookup-error')).toContainText('locked');
    await page.getByTestId('lookup-id').fill(TWO.nationalId);
    await page.getByTestId('lookup-by-id').click();
    await expect(page.getByTestId('lookup-error')).toContainText('locked');
    await expect(page.getByTestId('device-list')).toHaveCount(0);
  });
});

// ---- issue 15 items 2, 4–7 (cardinfo): ID card reader, plan advice, renewal history, receipt verify page, e-invoice

const CARD: SimCard = { name: ACTIVE.holderName, idNumber: ACTIVE.nationalId, address: '北京市海淀区中关村南大街5号', validFrom: '20160301', validUntil: '20360301' };

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
        for (const size of SIZES) {
          await page.setViewportSize(size);
          await screenshot(page, testInfo, `idcard-read-${size.width}x${size.height}-${lang}`);
        }
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
        for (const size of SIZES) {
          await page.setViewportSize(size);
          await screenshot(page, testInfo, `idcard-expired-${size.width}x${size.height}-${lang}`);
        }

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

test.describe('account service', () => {
  async function openService(page: Page, nationalId: string): Promise<void> {
    await lookUpById(page, nationalId);
    await expect(page.getByTestId('account-card')).toBeVisible();
    await page.keyboard.press('F8');
    await expect(page.getByTestId('service-menu')).toBeFocused();
  }

  for (const lang of ['zh-CN', 'en'] as const) {
    test(`挂失 and 解挂 with the keyboard, a refused unlock, the phone and the app reset (${lang})`, async ({ page, counter }, testInfo) => {
      const zh = lang === 'zh-CN';
      await signIn(page, counter.app.launchUrl, lang);
      await waitForCache(page);
      const before = counter.printer.jobs().length;

      // 1 挂失: no supervisor by default
      await openService(page, ACTIVE.nationalId);
      await shots(page, testInfo, `customer-service-menu-${lang}`);
      await page.keyboard.press('1');
      await expect(page.getByTestId('service-form-reportLost')).toBeFocused();
      await shots(page, testInfo, `customer-service-report-lost-${lang}`);
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('service-outcome')).toHaveAttribute('data-status', 'confirmed');
      await expect(page.getByTestId('card-status')).toContainText(zh ? '挂失' : 'lost');
      await shots(page, testInfo, `customer-service-report-lost-done-${lang}`);
      await counter.printer.waitForJobs(before + 1, 15_000);
      expect(counter.printer.jobs().at(-1)!.transcript).toContain('设备挂失'); // the receipt language (zh-CN), not the screen's

      // 2 解挂: a supervisor's PIN
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('service-menu')).toBeFocused();
      await page.keyboard.press('2');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('supervisor-dialog')).toBeVisible();
      await shots(page, testInfo, `customer-service-cancel-lost-supervisor-${lang}`);
      await page.getByTestId('supervisor-pin').fill('8888');
      await page.getByTestId('supervisor-pin').press('Enter');
      await expect(page.getByTestId('service-outcome')).toHaveAttribute('data-status', 'confirmed');
      await expect(page.getByTestId('card-status')).toHaveText(zh ? '正常' : 'Active');

      // 3 the phone: a wrong shape says so under the field, then a valid number
      await page.keyboard.press('Escape');
      await page.keyboard.press('3');
      await expect(page.getByTestId('service-phone')).toBeFocused();
      await page.keyboard.type('1381234');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('service-phone-error')).toContainText(zh ? '11 位' : '11 digits');
      await shots(page, testInfo, `customer-service-phone-error-${lang}`);
      await page.getByTestId('service-phone').fill('13812345678');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('service-outcome')).toContainText('138****5678');

      // 4 the app reset: the code is on the paper only
      await page.getByTestId('service-back').click();
      await page.getByTestId('service-menu').focus();
      await page.keyboard.press('4');
      await page.keyboard.press('Enter');
      await page.getByTestId('supervisor-pin').fill('8888');
      await page.getByTestId('supervisor-pin').press('Enter');
      await expect(page.getByTestId('service-outcome')).toHaveAttribute('data-status', 'confirmed');
      await shots(page, testInfo, `customer-service-reset-done-${lang}`);
      const slip = counter.printer.jobs().at(-1)!.transcript;
      const code = /(\d{4}) (\d{4})/.exec(slip.split('\n').find((l) => /^(重置码|Code) /.test(l))!)!;
      await expect(page.locator('body')).not.toContainText(`${code[1]} ${code[2]}`);
      await expect(page.locator('body')).not.toContainText(`${code[1]}${code[2]}`);
    });

    test(`a refused unlock shows HQ's reason and changes nothing (${lang})`, async ({ page, counter }, testInfo) => {
      await signIn(page, counter.app.launchUrl, lang);
      await waitForCache(page);
      const cancelled = DEMO_ACCOUNTS[3]!; // cancelled at the customer's request
      await openService(page, cancelled.nationalId);
      await page.keyboard.press('2');
      await page.keyboard.press('Enter');
      await page.getByTestId('supervisor-pin').fill('8888');
      await page.getByTestId('supervisor-pin').press('Enter');
      const outcome = page.getByTestId('service-outcome');
      await expect(outcome).toHaveAttribute('data-status', 'rejected');
      await expect(outcome).toContainText(lang === 'zh-CN' ? '应客户要求注销' : 'cancelled at the customer’s request');
      await expect(page.getByTestId('card-status')).toContainText(lang === 'zh-CN' ? '已注销' : 'Cancelled');
      await shots(page, testInfo, `customer-service-unlock-refused-${lang}`);
    });
  }

  test('HQ offline: the app reset says it needs HQ', async ({ page, counter }) => {
    await signIn(page, counter.app.launchUrl, 'zh-CN');
    await waitForCache(page);
    await counter.hq.close();
    await page.getByTestId('status-sync').click().catch(() => undefined);
    await expect(page.getByTestId('status-sync')).toHaveAttribute('data-online', 'false', { timeout: 60_000 });
    await page.keyboard.press('Escape');
    await openService(page, ACTIVE.nationalId);
    await page.keyboard.press('4');
    await page.keyboard.press('Enter');
    await page.getByTestId('supervisor-pin').fill('8888');
    await page.getByTestId('supervisor-pin').press('Enter');
    await expect(page.getByTestId('supervisor-error')).toContainText('总部离线');
  });
});
for (const lang of ['zh-CN', 'en'] as const) {
  test.describe(`Plan advice and renewal history (${lang})`, () => {
    test('the card shows 3 months of usage, price per GB, the current plan tagged, the recommendation with its reason, and the history with a sale made here', async ({ page, counter }, testInfo) => {
      const zh = lang === 'zh-CN';
      await signIn(page, counter.app.launchUrl, lang);
      await waitForCache(page);
      await page.getByTestId('lookup-id').fill(ACTIVE.nationalId);
      await page.getByTestId('lookup-device').fill(ACTIVE.devices[0]!.number);
      await page.getByTestId('lookup-device').press('Enter');
      await expect(page.getByTestId('advice')).toBeVisible();
      await expect(page.getByTestId('advice-usage').locator('li')).toHaveCount(3);
      await expect(page.getByTestId('advice-usage')).toContainText('33.0 GB');
      await expect(page.getByTestId('advice-plan-M30G')).toContainText(zh ? '当前套餐' : 'Current plan');
      await expect(page.getByTestId('advice-term-M30G-1')).toContainText('¥0.97/GB');
      await expect(page.getByTestId('advice-recommendation')).toHaveAttribute('data-plan', 'C100G');
      await expect(page.getByTestId('advice-recommendation')).toHaveAttribute('data-months', '12');
      await expect(page.getByTestId('advice-reason')).toContainText('33.0 GB');
      await expect(page.getByTestId('advice-expires-soon')).toHaveCount(0);
      await expect(page.getByTestId('history-empty')).toBeVisible();
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await screenshot(page, testInfo, `account-card-advice-${size.width}x${size.height}-${lang}`);
      }
      await page.setViewportSize({ width: 1280, height: 800 });
      // a renewal here shows in the history (pending until HQ confirms, then confirmed)
      await page.keyboard.press('F1');
      const receiptNo = await renewCash(page, 1);
      await page.keyboard.press('F1');
      await page.getByTestId('lookup-id').fill(ACTIVE.nationalId);
      await page.getByTestId('lookup-device').fill(ACTIVE.devices[0]!.number);
      await page.getByTestId('lookup-device').press('Enter');
      await expect(page.getByTestId(`history-${receiptNo}`)).toBeVisible();
      await expect(page.getByTestId(`history-${receiptNo}`)).toContainText('¥29.00');
      await expect(page.getByTestId(`history-${receiptNo}`)).toContainText('星联随身WiFi 中关村店');
    });

    test('"expires in N days" on a plan with 5 days left; an expired plan shows no data left', async ({ page, counter }, testInfo) => {
      const zh = lang === 'zh-CN';
      const sim = DEMO_ACCOUNTS[4]!; // data SIM, 5 days left
      const expired = DEMO_ACCOUNTS[1]!; // expired 15 days ago
      await signIn(page, counter.app.launchUrl, lang);
      await waitForCache(page);
      await page.getByTestId('lookup-id').fill(sim.nationalId);
      await page.getByTestId('lookup-device').fill(sim.devices[0]!.number);
      await page.getByTestId('lookup-device').press('Enter');
      await expect(page.getByTestId('advice-expires-soon')).toContainText(zh ? '5 天后到期' : 'expires in 5 days');
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await screenshot(page, testInfo, `account-card-expires-soon-${size.width}x${size.height}-${lang}`);
      }
      await page.getByTestId('lookup-id').focus();
      await page.keyboard.press('Escape');
      await page.getByTestId('lookup-id').fill(expired.nationalId);
      await page.getByTestId('lookup-device').fill(expired.devices[0]!.number);
      await page.getByTestId('lookup-device').press('Enter');
      await expect(page.getByTestId('card-data')).toHaveText(zh ? '套餐已过期：无剩余流量。' : 'The plan has expired: no data left.');
      await expect(page.getByTestId('account-card').getByRole('meter')).toHaveCount(0);
    });
  });
}

test.describe('invoice request', () => {
  const GOOD = '91350100M000100Y43';
  const BAD = '91350100M000100Y44';
  for (const lang of ['zh-CN', 'en'] as const) {
    test(`F3 sale detail: a bad tax number is refused naming the field; a good request reaches HQ and stays shown (${lang})`, async ({ page, counter }, testInfo) => {
      const zh = lang === 'zh-CN';
      await signIn(page, counter.app.launchUrl, lang);
      await waitForCache(page);
      await lookUpById(page, ACTIVE.nationalId);
      const receiptNo = await renewCash(page, 1);
      await page.keyboard.press('Enter');
      await page.keyboard.press('F3');
      await page.getByTestId(`sale-row-${receiptNo}`).click();
      await page.getByTestId('open-invoice').focus();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('invoice-buyer-type')).toBeFocused();
      await page.keyboard.press('Tab');
      await page.keyboard.type('某某科技有限公司');
      await page.keyboard.press('Tab');
      await page.keyboard.type(BAD);
      await page.keyboard.press('Tab');
      await page.keyboard.type('fapiao@example.com');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('invoice-error')).toHaveAttribute('data-code', 'CREDIT_CODE_CHECK_CHAR');
      await expect(page.getByTestId('invoice-error')).toContainText(zh ? '统一社会信用代码' : 'unified social credit code');
      await expect(page.getByTestId('invoice-tax-number')).toBeFocused();
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await screenshot(page, testInfo, `invoice-form-refused-${size.width}x${size.height}-${lang}`);
      }
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.getByTestId('invoice-tax-number').fill(GOOD.toLowerCase());
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('invoice-requested')).toContainText('fapiao@example.com');
      await expect(page.getByTestId('invoice-dialog')).toHaveCount(0);
      // HQ holds it once the outbox sent it
      await expect
        .poll(
          async () => {
            const res = await fetch(`${counter.hq.url}/admin/invoice-requests`, { headers: { authorization: `Bearer ${E2E_ADMIN}` } });
            return ((await res.json()) as { invoiceRequests: { taxNumber: string; email: string }[] }).invoiceRequests;
          },
          { timeout: 30_000 },
        )
        .toEqual([expect.objectContaining({ taxNumber: GOOD, email: 'fapiao@example.com', title: '某某科技有限公司' })]);
    });
  }
});
