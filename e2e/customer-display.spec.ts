import { maskHolderName } from '../src-shared/hq-protocol/holder-name';
import { expect, screenshot, signIn, test } from './fixtures';
import { ACTIVE_ACCOUNT, quoteRenewal, WECHAT_REF } from './flows';

for (const lang of ['zh-CN', 'en'] as const) {
  test(`the customer display mirrors the sale: plan, new expiry, due, paid, change, then thank-you (${lang})`, async ({ page, context, counter }, testInfo) => {
    // the second screen: the same terminal's page at /?display, no token, in the same browser
    const display = await context.newPage();
    await display.setViewportSize({ width: 1280, height: 800 });
    await display.goto(new URL('/?display', counter.app.url).toString());
    await expect(display.getByTestId('display-idle')).toBeVisible();

    await signIn(page, counter.app.launchUrl, lang);
    await quoteRenewal(page, 3);
    const zh = lang === 'zh-CN';
    await expect(display.getByTestId('display-sale')).toBeVisible();
    await expect(display.getByTestId('display-customer')).toHaveText(maskHolderName(ACTIVE_ACCOUNT.holderName));
    await expect(display.getByTestId('display-plan')).toHaveText(zh ? '月享30G × 3个月' : 'Monthly 30 GB × 3 months');
    await expect(display.getByTestId('display-expiry')).toHaveText((await page.getByTestId('quote-new-expiry').textContent()) ?? 'x');
    await expect(display.getByTestId('display-due')).toHaveText('¥84.00');
    await expect(display.getByTestId('display-paid')).toHaveText('¥84.00');

    // the customer hands over 100: the display follows what the clerk types
    await page.getByTestId('pay-amount-0').fill('100');
    await expect(display.getByTestId('display-paid')).toHaveText('¥100.00');
    await expect(display.getByTestId('display-change')).toHaveText('¥16.00');
    await screenshot(display, testInfo, `customer-display-sale-${lang}`);

    await page.getByTestId('confirm-sale').click();
    await expect(display.getByTestId('display-thanks')).toBeVisible();
    await expect(display.getByTestId('display-change')).toHaveText('¥16.00');
    await expect(display.getByTestId('display-due')).toHaveText('¥84.00');
    await screenshot(display, testInfo, `customer-display-thanks-${lang}`);
    // never the ID number (nor its masked form), never the full name
    const text = (await display.locator('body').textContent()) ?? '';
    expect(text).not.toContain(ACTIVE_ACCOUNT.nationalId);
    expect(text).not.toContain(ACTIVE_ACCOUNT.nationalId.slice(-4));
    expect(text).not.toContain(ACTIVE_ACCOUNT.holderName);

    // next customer: the display goes back to its welcome
    await page.keyboard.press('Enter');
    await expect(display.getByTestId('display-idle')).toBeVisible();
  });
}

test('a display opened (or reloaded) in the middle of a sale shows it at once; split payments add up', async ({ page, context, counter }) => {
  await signIn(page, counter.app.launchUrl, 'zh-CN');
  await quoteRenewal(page, 3);
  await page.getByTestId('pay-amount-0').fill('50');
  await page.getByTestId('add-wechat').click();
  await page.getByTestId('pay-ref-1').fill(WECHAT_REF);
  const display = await context.newPage();
  await display.goto(new URL('/?display', counter.app.url).toString());
  await expect(display.getByTestId('display-sale')).toBeVisible();
  await expect(display.getByTestId('display-paid')).toHaveText('¥84.00');
  await expect(display.getByTestId('display-change')).toHaveText('¥0.00');
});
