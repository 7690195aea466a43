import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';

const ROOT = path.resolve(import.meta.dirname, '..');

test('npm start on embedded defaults: web mode with a reason, sign-in at the printed URL, Ctrl-C stops everything', async ({ page }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-start-'));
  // no HQ, no printer, no payment gateway configured: the embedded HQ, virtual printer and simulated gateway start too
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/main/start.cjs')], {
    env: { ...process.env, COUNTER_DATA_DIR: dataDir, COUNTER_PORT: '0', COUNTER_MODE: '', COUNTER_PAYMENT_GATEWAY_URL: '', DISPLAY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  try {
    await expect.poll(() => /Open:\s+(http:\S+)/.exec(out)?.[1], { timeout: 60_000 }).toBeTruthy();
    expect(out).toContain('Why web mode:');
    expect(out).toContain(`Terminal data:  ${dataDir}`);
    expect(out).toMatch(/Embedded HQ:\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toMatch(/Virtual printer: tcp:\/\/127\.0\.0\.1:\d+/);
    expect(out).toMatch(/Payment gateway: http:\/\/127\.0\.0\.1:\d+ {2}\(simulated/);
    const gatewayUrl = /Payment gateway: (http:\S+)/.exec(out)![1]!;
    expect((await fetch(`${gatewayUrl}/admin/orders`)).status).toBe(200);
    const url = /Open:\s+(http:\S+)/.exec(out)![1]!;
    const hqUrl = /Embedded HQ:\s+(http:\S+)/.exec(out)![1]!;
    await page.goto(url);
    await expect(page.getByTestId('signin-screen')).toBeVisible();
    await expect(page.getByTestId('clerk-1001')).toBeVisible({ timeout: 30_000 });

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    // everything it started is gone: the web server and the embedded HQ refuse connections
    await expect(fetch(url)).rejects.toThrow();
    await expect(fetch(`${hqUrl}/v1/health`)).rejects.toThrow();
    await expect(fetch(`${gatewayUrl}/admin/orders`)).rejects.toThrow();
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
