import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { startHq } from '../src-hq/server';
import { startVirtualPrinter } from '../tools/virtual-printer/server';
import { startPaymentGatewaySimulator, type GatewaySimulator } from '../tools/payment-gateway/server';

export { expect };

const ROOT = path.resolve(import.meta.dirname, '..');
export const ARTIFACTS = path.join(ROOT, 'e2e-artifacts');

type Hq = Awaited<ReturnType<typeof startHq>>;
type Printer = Awaited<ReturnType<typeof startVirtualPrinter>>;

export interface AppProcess {
  launchUrl: string;
  url: string;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface CounterEnv {
  dir: string;
  dataDir: string;
  hq: Hq;
  printer: Printer;
  /** The simulated payment gateway the terminal charges payment codes at (tools/payment-gateway). */
  gateway: GatewaySimulator;
  app: AppProcess;
  /** Start (another) app process on the same data folder. */
  startApp(extraEnv?: Record<string, string>): Promise<AppProcess>;
}

/**
 * The real terminal in web mode (the built `dist/main/web.cjs`; `args` picks another entry, e.g. the store
 * mode `['dist/main/start.cjs', '--store']`), on a free loopback port.
 */
export async function startAppProcess(env: Record<string, string>, dir: string, args: readonly string[] = ['dist/main/web.cjs']): Promise<AppProcess> {
  const readyFile = path.join(dir, `ready-${Date.now()}.json`);
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, args[0]!), ...args.slice(1)], {
    // COUNTER_CHECK_OUTPUTS: every answer is parsed against the contract's output schema (src-main/transport/dispatch.ts)
    env: { ...process.env, COUNTER_PORT: '0', COUNTER_READY_FILE: readyFile, COUNTER_CHECK_OUTPUTS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!fs.existsSync(readyFile)) {
    if (child.exitCode !== null) throw new Error(`app exited (${child.exitCode}):\n${out}`);
    if (Date.now() > deadline) throw new Error(`app did not start in 30 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const ready = JSON.parse(fs.readFileSync(readyFile, 'utf8')) as { url: string; launchUrl: string };
  return {
    ...ready,
    output: () => out,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        await exited;
      }
    },
  };
}

export const test = base.extend<{ counter: CounterEnv }>({
  // eslint-disable-next-line no-empty-pattern
  counter: async ({}, use, testInfo) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-e2e-'));
    const quiet = { level: 'silent' } as const;
    void quiet;
    const hq = await startHq({ host: '127.0.0.1', port: 0, dataDir: path.join(dir, 'hq'), adminToken: 'e2e-admin-token-0123456789', seed: 'demo' });
    const printer = await startVirtualPrinter({ host: '127.0.0.1', port: 0, outDir: path.join(dir, 'printer') });
    const gateway = await startPaymentGatewaySimulator({ host: '127.0.0.1', port: 0 });
    const dataDir = path.join(dir, 'terminal');
    const apps: AppProcess[] = [];
    const startApp = async (extraEnv: Record<string, string> = {}) => {
      const app = await startAppProcess(
        {
          COUNTER_DATA_DIR: dataDir,
          COUNTER_HQ_URL: hq.url,
          COUNTER_HQ_TOKEN: hq.demoTerminalToken ?? '',
          COUNTER_PRINTER: printer.url,
          COUNTER_PAYMENT_GATEWAY_URL: gateway.url,
          // short waits so the gateway's faults resolve within a test (defaults: 10 s, 5 s, 45 s)
          COUNTER_GATEWAY_TIMEOUT_MS: '1500',
          COUNTER_GATEWAY_QUERY_MS: '400',
          COUNTER_GATEWAY_CONFIRM_MS: '8000',
          ...extraEnv,
        },
        dir,
      );
      apps.push(app);
      return app;
    };
    const app = await startApp();
    await use({ dir, dataDir, hq, printer, gateway, app, startApp });
    for (const a of apps) await a.stop();
    await gateway.close();
    await printer.close();
    await hq.close();
    if (testInfo.status === testInfo.expectedStatus) fs.rmSync(dir, { recursive: true, force: true });
    else console.log(`kept e2e data for the failed test in ${dir}`);
  },
});

/** Save a screenshot as a test artifact (e2e-artifacts/screenshots) and attach it to the report. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  const file = path.join(ARTIFACTS, 'screenshots', `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
  return file;
}

export const DEMO = {
  clerk: { code: '1001', pin: '1234' },
  clerk2: { code: '1002', pin: '2345' },
  supervisor: { code: '9001', pin: '8888' },
};

/** Open the app in the chosen language and sign a clerk in. */
export async function signIn(page: Page, launchUrl: string, lang: 'zh-CN' | 'en', who = DEMO.clerk): Promise<void> {
  await page.goto(launchUrl);
  await page.getByTestId(`lang-${lang}`).first().click();
  await page.getByTestId(`clerk-${who.code}`).click();
  await page.getByTestId('pin-input').fill(who.pin);
  await page.getByTestId('pin-input').press('Enter');
  await expect(page.getByTestId('lookup-screen')).toBeVisible();
}
