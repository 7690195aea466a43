import fs from 'node:fs';
import path from 'node:path';
import { expect, signIn, test } from './fixtures';
import { ACTIVE_ACCOUNT, renewCash, scan } from './flows';
import { DEMO_ACCOUNTS } from '../src-hq/demo-data';

/** Every file under `dir` whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const bytes = Buffer.from(needle, 'utf8');
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (fs.readFileSync(p).includes(bytes)) hits.push(p);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return hits;
}

test('the raw national ID never reaches the terminal database, logs, backups or printer output', async ({ page, counter }) => {
  await signIn(page, counter.app.launchUrl, 'zh-CN');
  // a successful lookup and a cash sale with a printed receipt
  await renewCash(page, 1);
  await page.keyboard.press('Enter');
  // a mismatch, a typo'd ID and a live lookup that goes to HQ
  const other = DEMO_ACCOUNTS[1]!;
  await page.keyboard.press('F1');
  await scan(page, ACTIVE_ACCOUNT.nationalId, other.devices[0]!.number);
  await expect(page.getByTestId('lookup-error')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByTestId('lookup-id').fill(ACTIVE_ACCOUNT.nationalId.slice(0, 17) + '1');
  await expect(page.getByTestId('lookup-id-error')).toBeVisible();
  await counter.printer.waitForJobs(1, 30_000);
  await counter.app.stop();

  const rawIds = DEMO_ACCOUNTS.map((a) => a.nationalId);
  const scanned = [counter.dataDir, path.join(counter.dir, 'printer')];
  for (const id of rawIds) {
    for (const dir of scanned) expect(filesContaining(dir, id), `${id} in ${dir}`).toEqual([]);
  }
  // the scan itself works: HQ (which holds raw IDs by design) is where it finds them
  expect(filesContaining(path.join(counter.dir, 'hq'), ACTIVE_ACCOUNT.nationalId).length).toBeGreaterThan(0);
  // and the terminal did write what we scanned
  expect(fs.readdirSync(path.join(counter.dataDir, 'logs')).length).toBeGreaterThan(0);
  expect(fs.readdirSync(path.join(counter.dir, 'printer')).some((f) => f.endsWith('.bin'))).toBe(true);
});
