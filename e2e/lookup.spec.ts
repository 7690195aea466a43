import type { Page } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../src-hq/demo-data';
import { makeImei, makeNationalId } from '../src-shared/domain';
import { expect, screenshot, signIn, test } from './fixtures';
import { scan } from './flows';

const ACTIVE = DEMO_ACCOUNTS[0]!; // public example 11010519491231002X + 490154203237518
const SUSPENDED = DEMO_ACCOUNTS[2]!;
const OTHER = DEMO_ACCOUNTS[1]!;


async function waitForCache(page: Page): Promise<void> {
  // the account snapshot is imported in the background after the first pull
  await expect(page.getByTestId('status-sync')).toHaveAttribute('data-online', 'true');
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`scanner lookup shows the account card (${lang})`, async ({ page, counter }, testInfo) => {
    await signIn(page, counter.app.launchUrl, lang);
    await waitForCache(page);
    await scan(page, ACTIVE.nationalId, ACTIVE.devices[0]!.number);
    const card = page.getByTestId('account-card');
    await expect(card).toBeVisible();
    await expect(page.getByTestId('card-id')).toHaveText('110***********002X');
    await expect(page.getByTestId('card-device')).toContainText('*********237518');
    await expect(page.getByTestId('card-plan')).toHaveText(lang === 'zh-CN' ? '月享30G' : 'Monthly 30 GB');
    await expect(page.getByTestId('card-status')).toHaveText(lang === 'zh-CN' ? '正常' : 'Active');
    await expect(page.getByTestId('card-expiry')).toContainText(lang === 'zh-CN' ? '还剩' : 'days left');
    await expect(card).not.toContainText(ACTIVE.nationalId);
    await screenshot(page, testInfo, `lookup-card-${lang}`);

    await page.getByTestId('lookup-device').focus();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('lookup-id')).toHaveValue('');
    await expect(page.getByTestId('account-card')).toHaveCount(0);
    await expect(page.getByTestId('lookup-id')).toBeFocused();
  });

  test(`each bad input says what is wrong (${lang})`, async ({ page, counter }, testInfo) => {
    await signIn(page, counter.app.launchUrl, lang);
    const zh = lang === 'zh-CN';
    // bad check character
    await page.getByTestId('lookup-id').fill('110105194912310021');
    await expect(page.getByTestId('lookup-id-error')).toContainText(zh ? '校验' : 'check');
    // impossible birth date (Feb 30) with a correct check character
    await page.getByTestId('lookup-id').fill(makeNationalId('110105', '19490230', '002'));
    await expect(page.getByTestId('lookup-id-error')).toContainText(zh ? '出生日期' : 'birth date');
    // bad Luhn on the IMEI
    await page.getByTestId('lookup-id').fill(ACTIVE.nationalId);
    await page.getByTestId('lookup-device').fill('490154203237517');
    await expect(page.getByTestId('lookup-device-error')).toBeVisible();
    await screenshot(page, testInfo, `lookup-bad-input-${lang}`);
    // mismatch: a real ID with another customer's device
    await page.getByTestId('lookup-device').fill(OTHER.devices[0]!.number);
    await page.getByTestId('lookup-device').press('Enter');
    await expect(page.getByTestId('lookup-error')).toHaveText(
      zh ? '没有与该身份证号和设备号同时匹配的账户。请核对两个号码。' : 'No account matches this ID number and device number. Check both numbers.',
    );
  });
}

test('suspended account shows why renewal is unavailable', async ({ page, counter }, testInfo) => {
  await signIn(page, counter.app.launchUrl, 'zh-CN');
  await waitForCache(page);
  await scan(page, SUSPENDED.nationalId, SUSPENDED.devices[0]!.number);
  await expect(page.getByTestId('card-status')).toContainText('挂失');
  await expect(page.getByTestId('renew-blocked')).toContainText('不能续费');
  await screenshot(page, testInfo, 'lookup-suspended-zh-CN');
});

test('HQ offline and not cached says so', async ({ page, counter }) => {
  await signIn(page, counter.app.launchUrl, 'en');
  await waitForCache(page);
  await counter.hq.close();
  await scan(page, makeNationalId('110101', '19800101', '123'), makeImei('35123456789012'));
  await expect(page.getByTestId('lookup-error')).toContainText('not in the local cache and HQ is offline');
});

test('five failed lookups lock lookup until a supervisor unlocks it', async ({ page, counter }, testInfo) => {
  await signIn(page, counter.app.launchUrl, 'zh-CN');
  await waitForCache(page);
  for (let i = 0; i < 5; i++) {
    await page.getByTestId('lookup-id').fill(ACTIVE.nationalId);
    await page.getByTestId('lookup-device').fill(OTHER.devices[0]!.number);
    await page.getByTestId('lookup-submit').click();
    await expect(page.getByTestId('lookup-error')).toBeVisible();
  }
  await expect(page.getByTestId('lookup-error')).toContainText('已锁定');
  // even a correct pair is refused now
  await page.getByTestId('lookup-device').fill(ACTIVE.devices[0]!.number);
  await page.getByTestId('lookup-submit').click();
  await expect(page.getByTestId('lookup-error')).toContainText('已锁定');
  await page.getByTestId('lookup-unlock').click();
  await page.getByTestId('supervisor-pin').fill('0000');
  await page.getByTestId('supervisor-pin').press('Enter');
  await expect(page.getByTestId('supervisor-error')).toBeVisible();
  await screenshot(page, testInfo, 'lookup-locked-zh-CN');
  await page.getByTestId('supervisor-pin').fill('8888');
  await page.getByTestId('supervisor-pin').press('Enter');
  await expect(page.getByTestId('supervisor-dialog')).toHaveCount(0);
  await page.getByTestId('lookup-submit').click();
  await expect(page.getByTestId('account-card')).toBeVisible();
});
