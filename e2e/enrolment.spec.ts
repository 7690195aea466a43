import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { startHq } from '../src-hq/server';
import { startVirtualPrinter } from '../tools/virtual-printer/server';
import { DEMO, expect, screenshot, signIn, startAppProcess, test, type AppProcess } from './fixtures';
import { ensureShiftOpen, renewCash } from './flows';

/**
 * Issue 17 items 1 and 2 in the browser: the store mode (`npm start -- --store`: dist/main/start.cjs --store)
 * starts no embedded HQ and shows the enrolment screen; IT enrols it by keyboard with a code HQ's admin API
 * issued; used and expired codes are refused in words and change nothing; a restart keeps the enrolment; and a
 * replaced PC enrolled for the same terminal number continues its receipt numbers.
 */
const ADMIN = 'e2e-admin-token-0123456789';

interface Env {
  dir: string;
  hq: Awaited<ReturnType<typeof startHq>>;
  clock: { now: Date };
  printer: Awaited<ReturnType<typeof startVirtualPrinter>>;
  apps: AppProcess[];
}

async function setUp(): Promise<Env> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-enrol-'));
  const clock = { now: new Date() };
  const hq = await startHq({ host: '127.0.0.1', port: 0, dataDir: path.join(dir, 'hq'), adminToken: ADMIN, seed: 'demo', now: () => clock.now });
  const printer = await startVirtualPrinter({ host: '127.0.0.1', port: 0, outDir: path.join(dir, 'printer') });
  return { dir, hq, clock, printer, apps: [] };
}

async function tearDown(env: Env): Promise<void> {
  for (const a of env.apps) await a.stop();
  await env.printer.close();
  await env.hq.close();
  fs.rmSync(env.dir, { recursive: true, force: true });
}

/** The store mode on its own data folder: only the printer is configured, no HQ URL, no token. */
async function startStore(env: Env, dataDir: string): Promise<AppProcess> {
  const app = await startAppProcess({ COUNTER_DATA_DIR: dataDir, COUNTER_PRINTER: env.printer.url, COUNTER_HQ_URL: '', COUNTER_HQ_TOKEN: '' }, env.dir, ['dist/main/start.cjs', '--store']);
  env.apps.push(app);
  return app;
}

async function issueCode(env: Env, terminalCode: string, ttlMinutes?: number): Promise<string> {
  const r = await fetch(`${env.hq.url}/admin/enrolment-codes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ storeCode: 'S001', terminalCode, ...(ttlMinutes ? { ttlMinutes } : {}) }),
  });
  expect(r.status).toBe(201);
  return ((await r.json()) as { enrolment: { code: string } }).enrolment.code;
}

async function status(app: AppProcess): Promise<{ enrolled: boolean; enrolment: { via: string; terminalCode: string | null } | null }> {
  const token = /#token=([^&]+)/.exec(app.launchUrl)![1]!;
  const r = await fetch(new URL('/api/system.status', app.url), { method: 'POST', headers: { 'x-counter-token': token, 'content-type': 'application/json' }, body: '{}' });
  return ((await r.json()) as { result: { enrolled: boolean; enrolment: { via: string; terminalCode: string | null } | null } }).result;
}

/** Keyboard only: the address field has focus; type it, Tab, the code, Enter. */
async function enrolByKeyboard(page: Page, hqUrl: string, code: string): Promise<void> {
  await expect(page.getByTestId('enrol-hq-url')).toBeFocused();
  await page.getByTestId('enrol-hq-url').fill('');
  await page.keyboard.type(hqUrl);
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('enrol-code')).toBeFocused();
  await page.getByTestId('enrol-code').fill('');
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

test('store mode: enrol with a code by keyboard; used and expired codes refused; a restart keeps the enrolment', async ({ page }, testInfo) => {
  const env = await setUp();
  try {
    const dataDir = path.join(env.dir, 'terminal');
    const app = await startStore(env, dataDir);
    expect(app.output()).toContain('not enrolled yet');
    expect(app.output()).not.toMatch(/Embedded HQ|Virtual printer/);
    expect(await status(app)).toMatchObject({ enrolled: false, enrolment: null });

    await page.goto(app.launchUrl);
    const screen = page.getByTestId('enrol-screen');
    await expect(screen).toBeVisible();
    await page.getByTestId('lang-zh-CN').first().click();
    await page.getByTestId('enrol-hq-url').focus();
    for (const [w, h] of [[1024, 768], [1920, 1080]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await screenshot(page, testInfo, `enrol-screen-zh-CN-${w}x${h}`);
    }

    // a used code: another PC took it first
    const used = await issueCode(env, 'T02');
    expect((await fetch(`${env.hq.url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: used }) })).status).toBe(200);
    await enrolByKeyboard(page, env.hq.url, used);
    await expect(page.getByTestId('enrol-error')).toContainText('这个登记码已经用过了');
    await expect(page.getByTestId('enrol-error')).toHaveAttribute('data-code', 'ENROL_CODE_USED');

    // an expired code (HQ's clock moves past its 5 minutes), in English
    await page.getByTestId('lang-en').first().click();
    const expired = await issueCode(env, 'T03', 5);
    env.clock.now = new Date(env.clock.now.getTime() + 6 * 60_000);
    await page.getByTestId('enrol-hq-url').focus();
    await enrolByKeyboard(page, env.hq.url, expired);
    await expect(page.getByTestId('enrol-error')).toContainText('This enrolment code has expired');
    await expect(page.getByTestId('enrol-code')).toBeFocused();
    for (const [w, h] of [[1024, 768], [1920, 1080]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await screenshot(page, testInfo, `enrol-screen-en-error-${w}x${h}`);
    }
    // the screen with its error is accessible (axe, as e2e/a11y.spec.ts checks the other screens)
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    // refusals changed nothing
    expect(fs.existsSync(path.join(dataDir, 'enrolment.json'))).toBe(false);
    expect(await status(app)).toMatchObject({ enrolled: false });

    // a good code for terminal T04
    const good = await issueCode(env, 'T04');
    await page.getByTestId('enrol-hq-url').focus();
    await enrolByKeyboard(page, env.hq.url, good.toLowerCase());
    await expect(page.getByTestId('enrol-done')).toContainText('Enrolled: S001');
    await expect(page.getByTestId('enrol-done')).toContainText('terminal T04');
    await expect(page.getByTestId(`clerk-${DEMO.clerk.code}`)).toBeVisible({ timeout: 30_000 });
    for (const [w, h] of [[1024, 768], [1920, 1080]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await screenshot(page, testInfo, `enrol-done-en-${w}x${h}`);
    }
    expect(fs.statSync(path.join(dataDir, 'enrolment.json')).mode & 0o777).toBe(0o600);
    expect(await status(app)).toMatchObject({ enrolled: true, enrolment: { via: 'code', terminalCode: 'T04' } });

    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, app.launchUrl, 'en');
    await ensureShiftOpen(page);
    expect(await renewCash(page, 1)).toMatch(/^S001-T04-\d{8}-000001$/);

    // restart: the enrolment is kept, no enrolment screen
    await app.stop();
    const again = await startStore(env, dataDir);
    expect(await status(again)).toMatchObject({ enrolled: true, enrolment: { via: 'code', terminalCode: 'T04' } });
    await signIn(page, again.launchUrl, 'en');
    await expect(page.getByTestId('enrol-screen')).toHaveCount(0);
    expect(await renewCash(page, 1)).toMatch(/^S001-T04-\d{8}-000002$/);
  } finally {
    await tearDown(env);
  }
});

test('a replaced PC enrolled for the same terminal continues its receipt numbers; the old token stops working', async ({ page }) => {
  const env = await setUp();
  try {
    // the old PC: terminal T01 joined by hand with its token, two sales reach HQ
    const oldPc = await startAppProcess(
      { COUNTER_DATA_DIR: path.join(env.dir, 'old-pc'), COUNTER_HQ_URL: env.hq.url, COUNTER_HQ_TOKEN: env.hq.demoTerminalToken ?? '', COUNTER_PRINTER: env.printer.url },
      env.dir,
    );
    env.apps.push(oldPc);
    expect(await status(oldPc)).toMatchObject({ enrolled: true, enrolment: { via: 'settings' } });
    await signIn(page, oldPc.launchUrl, 'zh-CN');
    await ensureShiftOpen(page);
    await renewCash(page, 1);
    expect(await renewCash(page, 1)).toMatch(/-000002$/);
    await expect(page.getByTestId('status-sync')).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
    await expect.poll(async () => ((await (await fetch(`${env.hq.url}/admin/sales?terminalId=S001-T01`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { sales: unknown[] }).sales.length, { timeout: 30_000 }).toBe(2);
    await oldPc.stop();

    // the PC is replaced: a fresh data folder in store mode, a code for the same terminal number
    const newPc = await startStore(env, path.join(env.dir, 'new-pc'));
    await page.goto(newPc.launchUrl);
    await page.getByTestId('lang-zh-CN').first().click();
    await page.getByTestId('enrol-hq-url').focus();
    await enrolByKeyboard(page, env.hq.url, await issueCode(env, 'T01'));
    await expect(page.getByTestId('enrol-done')).toContainText('小票号从第 3 号继续');
    const old = await fetch(`${env.hq.url}/v1/health`, { headers: { authorization: `Bearer ${env.hq.demoTerminalToken}` } });
    expect(old.status).toBe(401);

    await signIn(page, newPc.launchUrl, 'zh-CN');
    await ensureShiftOpen(page);
    expect(await renewCash(page, 1)).toMatch(/^S001-T01-\d{8}-000003$/);
    await expect.poll(async () => ((await (await fetch(`${env.hq.url}/admin/sales?terminalId=S001-T01`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { sales: { status: string }[] }).sales.filter((s) => s.status === 'confirmed').length, { timeout: 30_000 }).toBe(3);
  } finally {
    await tearDown(env);
  }
});
