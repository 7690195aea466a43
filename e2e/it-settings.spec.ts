/**
 * Issue 17 item 7: the IT settings screen (F9), supervisor only, keyboard first; changes validated (the field
 * named, in the clerk's language) and written to settings.json; the HQ connectivity test against the test HQ
 * and a closed port. Screenshots at 1024x768 and 1920x1080 in zh and en.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { DEMO, expect, screenshot, signIn, test } from './fixtures';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const settingsJson = (dataDir: string): Record<string, unknown> => {
  const file = path.join(dataDir, 'settings.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
};

test('a clerk is refused the IT settings screen', async ({ page, counter }) => {
  await signIn(page, counter.app.launchUrl, 'en');
  await page.keyboard.press('F9');
  await expect(page.getByTestId('it-settings-refused')).toHaveAttribute('data-code', 'FORBIDDEN');
  await expect(page.getByTestId('it-settings-refused')).toContainText('Only a supervisor');
  await expect(page.getByTestId('it-settings-form')).toHaveCount(0);
  // and the method itself refuses a clerk's session, whatever the screen shows
  const r = await page.evaluate(async () => {
    const token = sessionStorage.getItem('counter-token') ?? '';
    const res = await fetch('/api/settings.update', { method: 'POST', headers: { 'content-type': 'application/json', 'x-counter-token': token }, body: JSON.stringify({ paperWidth: 58 }) });
    return { status: res.status, body: (await res.json()) as { ok: boolean; error?: { code: string } } };
  });
  expect(r.body.ok).toBe(false);
  expect(r.body.error?.code).toBe('FORBIDDEN');
  expect(settingsJson(counter.dataDir).paperWidth).toBeUndefined();
});

test('a supervisor changes the paper width with the keyboard and it is applied', async ({ page, counter }) => {
  await signIn(page, counter.app.launchUrl, 'zh-CN', DEMO.supervisor);
  await page.keyboard.press('F9');
  await expect(page.getByTestId('it-hq-url')).toBeFocused();
  await expect(page.getByTestId('it-hq-url')).toHaveValue(counter.hq.url);
  await expect(page.getByTestId('it-data-dir')).toHaveText(counter.dataDir);
  await expect(page.getByTestId('it-time-zone')).toHaveText('Asia/Shanghai');
  await expect(page.getByTestId('it-app-version')).toHaveText(/^\d+\.\d+\.\d+/);
  await expect(page.getByTestId('it-update-state')).toContainText('网页/自助机模式不自动更新');
  // Tab to the paper width (HQ address, test button, printer, printer type, paper)
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('it-paper')).toBeFocused();
  await page.getByTestId('it-paper').selectOption('58');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('it-settings-notice')).toHaveText('已保存并生效。');
  expect(settingsJson(counter.dataDir)).toMatchObject({ paperWidth: 58 });
  // applied at once: the printer screen and the receipt layout use 58 mm (32 columns)
  await page.keyboard.press('F6');
  await expect(page.getByTestId('settings-paper')).toHaveValue('58');
  const preview = await page.evaluate(async () => {
    const token = sessionStorage.getItem('counter-token') ?? '';
    const res = await fetch('/api/printer.settings', { method: 'POST', headers: { 'content-type': 'application/json', 'x-counter-token': token }, body: '{}' });
    return ((await res.json()) as { result: { settings: { paperWidth: number } } }).result.settings.paperWidth;
  });
  expect(preview).toBe(58);
  // the log level and update channel too
  await page.keyboard.press('F9');
  await page.getByTestId('it-log-level').selectOption('debug');
  await page.getByTestId('it-update-channel').fill('pilot');
  await page.getByTestId('it-update-channel').press('Enter');
  await expect(page.getByTestId('it-settings-notice')).toBeVisible();
  expect(settingsJson(counter.dataDir)).toMatchObject({ paperWidth: 58, logLevel: 'debug', updateChannel: 'pilot' });
  await expect(page.getByTestId('it-update-state')).toBeVisible();
  // Esc discards an unsaved change
  await page.getByTestId('it-update-channel').fill('other');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('it-update-channel')).toHaveValue('pilot');
});

for (const lang of ['zh-CN', 'en'] as const) {
  test(`a bad HQ address is refused with the field named, nothing saved (${lang})`, async ({ page, counter }) => {
    await signIn(page, counter.app.launchUrl, lang, DEMO.supervisor);
    await page.keyboard.press('F9');
    await page.getByTestId('it-hq-url').fill('ftp://hq.example.cn');
    await page.keyboard.press('Enter');
    const err = page.getByTestId('it-settings-error');
    await expect(err).toContainText(lang === 'en' ? 'HQ address:' : '总部地址：');
    await expect(err).toContainText('http://');
    await expect(page.getByTestId('it-hq-url')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('it-hq-url')).toBeFocused();
    expect(settingsJson(counter.dataDir).hqUrl).toBeUndefined();
    // a good one is saved for the next start, said so on screen
    await page.getByTestId('it-hq-url').fill('https://hq.example.cn');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('it-settings-notice')).toHaveText(lang === 'en' ? 'Saved. The HQ address takes effect at the next start.' : '已保存。总部地址将在下次启动时生效。');
    expect(settingsJson(counter.dataDir).hqUrl).toBe('https://hq.example.cn');
  });
}

test('the connectivity test says OK for the test HQ and fails for a closed port', async ({ page, counter }) => {
  await signIn(page, counter.app.launchUrl, 'en', DEMO.supervisor);
  await page.keyboard.press('F9');
  await expect(page.getByTestId('it-hq-url')).toBeFocused();
  await page.keyboard.press('Alt+t');
  await expect(page.getByTestId('it-hq-test')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('it-hq-test')).toContainText('Connection OK');
  const port = await closedPort();
  await page.getByTestId('it-hq-url').fill(`http://127.0.0.1:${port}`);
  await page.keyboard.press('Alt+t');
  await expect(page.getByTestId('it-hq-test')).toHaveAttribute('data-ok', 'false');
  await expect(page.getByTestId('it-hq-test')).toHaveAttribute('data-problem', 'unreachable');
  await expect(page.getByTestId('it-hq-test')).toContainText(`cannot reach http://127.0.0.1:${port}`);
  // testing saves nothing
  expect(settingsJson(counter.dataDir).hqUrl).toBeUndefined();
});

for (const lang of ['zh-CN', 'en'] as const) {
  for (const [w, h] of [
    [1024, 768],
    [1920, 1080],
  ] as const) {
    test(`screenshot: IT settings ${lang} ${w}x${h}`, async ({ page, counter }, testInfo) => {
      await page.setViewportSize({ width: w, height: h });
      await signIn(page, counter.app.launchUrl, lang, DEMO.supervisor);
      await page.keyboard.press('F9');
      await expect(page.getByTestId('it-hq-url')).toBeFocused();
      await page.keyboard.press('Alt+t');
      await expect(page.getByTestId('it-hq-test')).toHaveAttribute('data-ok', 'true');
      await screenshot(page, testInfo, `it-settings-${lang}-${w}x${h}`);
    });
  }
}
