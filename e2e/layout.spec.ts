import type { Page } from '@playwright/test';
import { expect, screenshot, signIn, test } from './fixtures';
import { quoteRenewal } from './flows';

async function noHorizontalScroll(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll, 'page wider than the screen').toBeLessThanOrEqual(width);
}

/** The status bar is always on screen, whatever the content's length. */
async function statusBarVisible(page: Page): Promise<void> {
  const box = await page.getByTestId('status-bar').boundingBox();
  const height = page.viewportSize()!.height;
  expect(box, 'status bar').not.toBeNull();
  expect(box!.y + box!.height, 'status bar bottom inside the window').toBeLessThanOrEqual(height + 0.5);
  expect(box!.y, 'status bar top inside the window').toBeGreaterThanOrEqual(0);
}

/** Touch targets: every visible button at least 44 px tall and wide. */
async function touchTargets(page: Page): Promise<void> {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('button')]
      .filter((b) => b.offsetParent !== null)
      .map((b) => ({ text: b.textContent?.trim() ?? '', ...b.getBoundingClientRect().toJSON() }))
      .filter((r) => r.height < 44 || r.width < 44),
  );
  expect(small, 'buttons smaller than 44 px').toEqual([]);
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`the smallest supported screen, 1024×768 (${lang})`, async ({ page, counter }, testInfo) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await signIn(page, counter.app.launchUrl, lang);
    await noHorizontalScroll(page);
    await touchTargets(page);
    await statusBarVisible(page);
    await quoteRenewal(page, 3);
    await noHorizontalScroll(page);
    await statusBarVisible(page);
    await touchTargets(page);
    await screenshot(page, testInfo, `renew-1024-${lang}`);
    await page.keyboard.press('F3');
    await expect(page.getByTestId('sales-screen')).toBeVisible();
    await noHorizontalScroll(page);
    await screenshot(page, testInfo, `sales-1024-${lang}`);
  });
}
