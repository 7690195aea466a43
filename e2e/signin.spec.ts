import { DEMO, expect, screenshot, signIn, test } from './fixtures';

for (const lang of ['zh-CN', 'en'] as const) {
  test.describe(`sign-in (${lang})`, () => {
    test('a good PIN lands on the lookup screen', async ({ page, counter }, testInfo) => {
      await page.goto(counter.app.launchUrl);
      await page.getByTestId(`lang-${lang}`).first().click();
      await expect(page.getByTestId(`clerk-${DEMO.clerk.code}`)).toBeVisible();
      await expect(page.getByTestId('status-sync')).toHaveAttribute('data-online', 'true');
      await screenshot(page, testInfo, `signin-${lang}`);
      await signIn(page, counter.app.launchUrl, lang);
      await expect(page.getByTestId('status-clerk')).toContainText(lang === 'zh-CN' ? '王芳' : '1001');
      await expect(page.getByTestId('lookup-id')).toBeFocused();
      await screenshot(page, testInfo, `lookup-empty-${lang}`);
    });

    test('a wrong PIN says so and stays signed out', async ({ page, counter }, testInfo) => {
      await page.goto(counter.app.launchUrl);
      await page.getByTestId(`lang-${lang}`).first().click();
      await page.getByTestId(`clerk-${DEMO.clerk.code}`).click();
      await page.getByTestId('pin-input').fill('0000');
      await page.getByTestId('pin-input').press('Enter');
      const error = page.getByTestId('signin-error');
      await expect(error).toBeVisible();
      await expect(error).toHaveText(lang === 'zh-CN' ? 'PIN 不正确，还可尝试 4 次。' : 'Wrong PIN. 4 tries left.');
      await expect(page.getByTestId('lookup-screen')).toHaveCount(0);
      await screenshot(page, testInfo, `signin-wrong-pin-${lang}`);
    });
  });
}

test('sign-out (F12) returns to the sign-in screen', async ({ page, counter }) => {
  await signIn(page, counter.app.launchUrl, 'zh-CN');
  await page.keyboard.press('F12');
  await expect(page.getByTestId('signin-screen')).toBeVisible();
});

test('a page opened without the launch token cannot call the terminal', async ({ page, counter }) => {
  await page.goto(counter.app.url);
  await expect(page.getByTestId('no-token')).toBeVisible();
  const res = await page.request.post(`${counter.app.url}api/system.ping`, { data: {} });
  expect(res.status()).toBe(401);
});
