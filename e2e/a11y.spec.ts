import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { walkScreens } from './screens';

for (const lang of ['zh-CN', 'en'] as const) {
  test(`every screen has no serious or critical accessibility violation (axe, ${lang})`, async ({ page, counter }) => {
    test.setTimeout(180_000);
    const found: string[] = [];
    await walkScreens(page, counter, lang, async (s) => {
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      for (const v of result.violations) {
        if (v.impact !== 'serious' && v.impact !== 'critical') continue;
        found.push(`${s.name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(' | ')}`);
      }
      // every input, select and textarea that is shown has an accessible name
      const unlabelled = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('input, select, textarea')]
          .filter((e) => e.offsetParent !== null)
          .filter((e) => {
            const el = e as HTMLInputElement;
            return !(el.labels && el.labels.length > 0) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby');
          })
          .map((e) => e.dataset.testid ?? e.outerHTML.slice(0, 60)),
      );
      for (const u of unlabelled) found.push(`${s.name}: unlabelled field ${u}`);
    });
    expect(found).toEqual([]);
  });
}

test('status changes are announced to screen readers (aria-live)', async ({ page, counter }) => {
  await walkScreens(page, counter, 'en', async (s) => {
    if (s.name === 'lookup') {
      // the status bar is a live region: HQ / printer / shift changes are read out
      await expect(page.getByTestId('status-bar')).toHaveAttribute('aria-live', 'polite');
    }
    if (s.name === 'renew-payment-error') await expect(page.getByTestId('pay-error')).toHaveAttribute('role', 'alert');
    if (s.name === 'sale-done') {
      await expect(page.getByTestId('sale-status')).toHaveAttribute('aria-live', 'polite');
      await expect(page.getByTestId('receipt-print-state')).toHaveAttribute('role', /status|alert/);
    }
  });
});
