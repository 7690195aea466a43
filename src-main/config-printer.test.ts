/** Issue 10, items 7 and 11: a printer setting outside the allow-list, or with a NUL, stops the start naming the setting. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const dirs: string[] = [];
function dataDir(settings?: object): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-config-'));
  dirs.push(dir);
  if (settings) fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings));
  return dir;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('loadConfig accepted it');
}

describe('printer setting at start-up', () => {
  it('COUNTER_PRINTER pointing at a file, or holding a NUL, is a ConfigError naming COUNTER_PRINTER', () => {
    const dir = dataDir();
    for (const printer of [path.join(os.homedir(), '.bashrc'), '/tmp/receipts.txt', '/dev/usb/lp0/../../../etc/profile', '/dev/usb/lp0\u0000.txt']) {
      const err = configError(() => loadConfig({ COUNTER_DATA_DIR: dir, COUNTER_PRINTER: printer }));
      expect(err.setting).toBe('COUNTER_PRINTER');
      expect(err.message).toMatch(printer.includes('\u0000') ? /control character/ : /\/dev\/usb\/lp<n>/);
    }
  });

  it('settings.json "printer" outside the allow-list names the file and key', () => {
    const dir = dataDir({ printer: '/home/clerk/.profile' });
    const err = configError(() => loadConfig({ COUNTER_DATA_DIR: dir }));
    expect(err.setting).toBe(`${path.join(dir, 'settings.json')} → printer`);
    const nul = dataDir({ printer: '/dev/lp0\u0000' });
    expect(configError(() => loadConfig({ COUNTER_DATA_DIR: nul })).message).toMatch(/control character/);
  });

  it('printer devices, tcp and virtual still start', () => {
    const dir = dataDir();
    for (const printer of ['/dev/usb/lp0', '/dev/ttyUSB1', 'tcp://192.0.2.1:9100', 'virtual']) {
      expect(loadConfig({ COUNTER_DATA_DIR: dir, COUNTER_PRINTER: printer }).printer).toBe(printer);
    }
    expect(loadConfig({ COUNTER_DATA_DIR: dataDir({ printer: '/dev/lp1' }) }).printer).toBe('/dev/lp1');
  });
});
