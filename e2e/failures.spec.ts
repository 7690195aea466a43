import fs from 'node:fs';
import path from 'node:path';
import { expect, screenshot, startAppProcess, test } from './fixtures';

test('a damaged database shows the error screen instead of selling', async ({ page, counter }, testInfo) => {
  await counter.app.stop();
  const dbFile = path.join(counter.dataDir, 'counter.db');
  // Fault injected on purpose: overwrite the middle of the database file with garbage.
  const fd = fs.openSync(dbFile, 'r+');
  const size = fs.fstatSync(fd).size;
  fs.writeSync(fd, Buffer.alloc(Math.min(8192, size - 4096), 0xa5), 0, undefined, 4096);
  fs.closeSync(fd);
  for (const f of ['counter.db-wal', 'counter.db-shm']) fs.rmSync(path.join(counter.dataDir, f), { force: true });
  const app = await counter.startApp();
  await page.goto(app.launchUrl);
  await expect(page.getByTestId('fatal-screen')).toBeVisible();
  await expect(page.getByTestId('fatal-screen')).toHaveAttribute('data-code', /DB_CORRUPT|DB_OPEN_FAILED/);
  await screenshot(page, testInfo, 'fatal-db-corrupt-zh-CN');
});

test('a corrupt settings file stops the start with a message naming it', async ({ counter }) => {
  await counter.app.stop();
  fs.writeFileSync(path.join(counter.dataDir, 'settings.json'), '{ "printer": ');
  await expect(startAppProcess({ COUNTER_DATA_DIR: counter.dataDir }, counter.dir)).rejects.toThrow(/settings\.json.*not valid JSON/s);
});

test('a bad setting in the environment names the setting', async ({ counter }) => {
  await expect(
    startAppProcess({ COUNTER_DATA_DIR: path.join(counter.dir, 'other'), COUNTER_PRINTER: 'lpt1' }, counter.dir),
  ).rejects.toThrow(/COUNTER_PRINTER/);
});
