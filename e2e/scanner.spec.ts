import type { Page } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../src-hq/demo-data';
import { maskHolderName } from '../src-shared/hq-protocol/holder-name';
import { expect, signIn, test } from './fixtures';
import { ACTIVE_ACCOUNT, ensureShiftOpen, WECHAT_REF } from './flows';

const BLOCKED = DEMO_ACCOUNTS[2]!; // suspended (挂失)
const EXPIRED = DEMO_ACCOUNTS[1]!;

/** What a scanner does: the whole number in one fast burst, then Enter, wherever focus is. */
async function burst(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

async function scanCustomer(page: Page, account: (typeof DEMO_ACCOUNTS)[number]): Promise<void> {
  await burst(page, account.nationalId);
  await expect(page.getByTestId('lookup-device')).toBeFocused();
  await burst(page, account.devices[0]!.number);
  await expect(page.getByTestId('card-holder')).toHaveText(maskHolderName(account.holderName));
}

test('a scan from any screen and any focus goes to the lookup, and the previous customer goes at once', async ({ page, counter }) => {
  await signIn(page, counter.app.launchUrl, 'en');
  await expect(page.getByTestId('lookup-id')).toBeFocused();
  await scanCustomer(page, ACTIVE_ACCOUNT);

  // F2: the renew screen names the customer; focus is on the plan.
  await page.keyboard.press('F2');
  await expect(page.getByTestId('renew-customer')).toContainText(maskHolderName(ACTIVE_ACCOUNT.holderName));
  await expect(page.getByTestId('plan-M30G')).toBeFocused();

  // A scan while a plan button has focus: back on the lookup with the new ID, the old card gone.
  await burst(page, BLOCKED.nationalId);
  await expect(page.getByTestId('lookup-screen')).toBeVisible();
  await expect(page.getByTestId('account-card')).toHaveCount(0);
  await expect(page.getByTestId('lookup-id')).toHaveValue(BLOCKED.nationalId);
  await expect(page.getByTestId('lookup-device')).toBeFocused();
  await burst(page, BLOCKED.devices[0]!.number);
  await expect(page.getByTestId('card-holder')).toHaveText(maskHolderName(BLOCKED.holderName));
  await expect(page.getByTestId('card-status')).toHaveAttribute('class', /badge-suspended/);

  // F2 on a blocked customer names them too; F1 gives focus back so Esc and the scanner work.
  await page.keyboard.press('F2');
  await expect(page.getByTestId('renew-customer')).toContainText(maskHolderName(BLOCKED.holderName));
  await page.keyboard.press('F1');
  await expect(page.getByTestId('lookup-id')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('account-card')).toHaveCount(0);
  await expect(page.getByTestId('lookup-id')).toHaveValue('');

  // From the sales list with focus in its search field: the search keeps nothing of the scan.
  await page.keyboard.press('F3');
  await expect(page.getByTestId('sales-search')).toBeFocused();
  await burst(page, EXPIRED.nationalId);
  await expect(page.getByTestId('lookup-id')).toHaveValue(EXPIRED.nationalId);
  await burst(page, EXPIRED.devices[0]!.number);
  await expect(page.getByTestId('card-holder')).toHaveText(maskHolderName(EXPIRED.holderName));
  await page.keyboard.press('F3');
  await expect(page.getByTestId('sales-search')).toHaveValue('');

  // A device number scanned alone (ID not yet there) lands in the device field and asks for the ID.
  await page.keyboard.press('F1');
  await page.keyboard.press('Escape');
  await page.getByTestId('nav-shift').focus();
  await burst(page, ACTIVE_ACCOUNT.devices[0]!.number);
  await expect(page.getByTestId('lookup-device')).toHaveValue(ACTIVE_ACCOUNT.devices[0]!.number);
  await expect(page.getByTestId('lookup-id-error')).toBeVisible();
  await expect(page.getByTestId('lookup-id')).toBeFocused();
});

test('a scan with focus in the cash field goes to the lookup; the next customer is the one the renew screen names; a WeChat code typed into its reference field stays there', async ({ page, counter }) => {
  await signIn(page, counter.app.launchUrl, 'zh-CN');
  await expect(page.getByTestId('status-sync')).toHaveAttribute('data-online', 'true');
  await ensureShiftOpen(page);
  await scanCustomer(page, ACTIVE_ACCOUNT);
  await page.keyboard.press('F2');
  await page.getByTestId('term-3').click();
  await expect(page.getByTestId('pay-amount-0')).toBeFocused();
  await page.keyboard.type('50');
  // the customer's WeChat payment: the transaction id is scanned into the reference field
  await page.keyboard.press('+');
  await expect(page.getByTestId('pay-method-1')).toBeFocused();
  await expect(page.getByTestId('pay-method-1')).toHaveValue('wechat');
  await expect(page.getByTestId('pay-amount-1')).toHaveValue('34.00');
  await page.getByTestId('pay-ref-1').focus();
  await page.keyboard.type(WECHAT_REF);
  await expect(page.getByTestId('pay-ref-1')).toHaveValue(WECHAT_REF);

  // Now the next customer's ID is scanned with focus in the cash field: the sale screen gives way.
  await page.getByTestId('pay-amount-0').focus();
  const before = await page.getByTestId('pay-amount-0').inputValue();
  expect(before).toBe('50');
  await burst(page, EXPIRED.nationalId);
  await expect(page.getByTestId('lookup-id')).toHaveValue(EXPIRED.nationalId);
  await expect(page.getByTestId('account-card')).toHaveCount(0);
  await burst(page, EXPIRED.devices[0]!.number);
  await expect(page.getByTestId('card-holder')).toHaveText(maskHolderName(EXPIRED.holderName));
  await page.keyboard.press('F2');
  await expect(page.getByTestId('renew-customer')).toContainText(maskHolderName(EXPIRED.holderName));
  await expect(page.getByTestId('renew-customer')).not.toContainText(maskHolderName(ACTIVE_ACCOUNT.holderName));
});
