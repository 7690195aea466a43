import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHq, type TestHq } from '../../test-support/hq';
import { createCounterApp, type CounterApp } from '../app';
import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../logger';
import { openTestTerminal } from '../../test-support/terminal-harness';

/**
 * Issue 10 item 11: every start-up problem names its cause and the next step (a translated key for the
 * screen, English in the log), never `errors:internal` or a stack trace.
 */
let hq: TestHq;
let seeded = '';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-startup-'));
beforeAll(async () => {
  hq = await startTestHq();
  // a real terminal database filled from HQ, copied for each damage below
  const t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
  await t.close();
  seeded = path.join(t.dir, 'counter.db');
}, 60_000);
afterAll(async () => {
  await hq.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function logLines(dir: string): { msg: string; err?: { message?: string } }[] {
  const file = path.join(dir, 'logs', 'counter.log');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string }) : [];
}

function startOn(dir: string, hqToken = hq.token): CounterApp {
  return createCounterApp({
    dataDir: dir,
    dbFile: path.join(dir, 'counter.db'),
    hq: { url: hq.url, token: hqToken },
    local: { printerTarget: 'tcp://127.0.0.1:1', printerType: 'epson', paperWidth: 80, receiptLanguage: 'zh-CN' },
    logger: createLogger({ dir: path.join(dir, 'logs'), name: 'counter', level: 'info', stdout: false }),
    pullIntervalMs: 3_600_000,
    backupsToKeep: 1,
  });
}

function copyOf(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(seeded, path.join(dir, 'counter.db'));
  return dir;
}

describe('a damaged counter.db names what is wrong', () => {
  it('a damaged header (first 100 bytes overwritten): DB_CORRUPT errors:dbHeaderDamaged, not errors:internal', async () => {
    const dir = copyOf('header');
    const fd = fs.openSync(path.join(dir, 'counter.db'), 'r+');
    fs.writeSync(fd, Buffer.alloc(100, 0x5a), 0, 100, 0);
    fs.closeSync(fd);
    const app = startOn(dir);
    expect(app.fatal).toMatchObject({ code: 'DB_CORRUPT', messageKey: 'errors:dbHeaderDamaged', params: { file: path.join(dir, 'counter.db') } });
    expect(logLines(dir).some((l) => /header.*damaged.*restore/i.test(JSON.stringify(l)))).toBe(true);
    await app.close();
  });

  it('a truncated file (cut to a third, not on a page boundary): DB_CORRUPT errors:dbTruncated with the sizes', async () => {
    const dir = copyOf('truncated');
    const file = path.join(dir, 'counter.db');
    const size = fs.statSync(file).size;
    fs.truncateSync(file, Math.floor(size / 3) + 123);
    const app = startOn(dir);
    expect(app.fatal).toMatchObject({ code: 'DB_CORRUPT', messageKey: 'errors:dbTruncated', params: { expectedBytes: size } });
    expect(logLines(dir).some((l) => /truncated.*restore/i.test(JSON.stringify(l)))).toBe(true);
    await app.close();
  });
});

describe('a data folder that will not take writes at start-up', () => {
  const mnt = path.join(tmp, 'mnt');
  fs.mkdirSync(mnt, { recursive: true });
  let whyNot: string | null = process.platform === 'linux' ? null : 'tmpfs needs Linux';
  if (!whyNot) {
    try {
      // can we mount at all? (each test mounts its own, so a filtered run never leaves a mount behind)
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mnt], { stdio: 'pipe' });
      execFileSync('umount', [mnt]);
    } catch (err) {
      whyNot = `cannot mount a tmpfs here (${((err as { stderr?: Buffer }).stderr?.toString() || (err as Error).message).trim()})`;
    }
  }
  if (whyNot) console.log(`SKIPPED tmpfs start-up tests: ${whyNot}`);

  it.skipIf(whyNot !== null)('a read-only data folder (tmpfs remounted read-only, EROFS): the fatal screen says DISK_FULL, no crash', async () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mnt]);
    const dir = path.join(mnt, 'ro');
    fs.mkdirSync(dir);
    fs.copyFileSync(seeded, path.join(dir, 'counter.db'));
    execFileSync('mount', ['-o', 'remount,ro', mnt]);
    try {
      const app = startOn(dir);
      expect(app.fatal).toMatchObject({ code: 'DISK_FULL', messageKey: 'errors:diskFull', params: { dir, reason: expect.stringContaining('EROFS') } });
      await app.close();
    } finally {
      execFileSync('umount', [mnt]);
    }
  });

  it.skipIf(whyNot !== null)('a full data folder (tmpfs filled to the last block, ENOSPC) on a first start: DISK_FULL, no crash', async () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mnt]);
    const dir = path.join(mnt, 'full');
    fs.mkdirSync(dir);
    const filler = path.join(mnt, 'filler');
    const fd = fs.openSync(filler, 'w');
    try {
      for (const size of [1 << 20, 4096, 512]) {
        try {
          for (;;) fs.writeSync(fd, Buffer.alloc(size, 1));
        } catch {
          /* next smaller size */
        }
      }
    } finally {
      fs.closeSync(fd);
    }
    try {
      const app = startOn(dir);
      expect(app.fatal).toMatchObject({ code: 'DISK_FULL', messageKey: 'errors:diskFull', params: { dir, reason: expect.stringMatching(/ENOSPC|SQLITE_FULL|SQLITE_IOERR/) } });
      await app.close();
    } finally {
      execFileSync('umount', [mnt]);
    }
  });
});

describe('settings and HQ token', () => {
  it('COUNTER_LOG_LEVEL=bogus stops the start with a ConfigError naming the setting and the levels', () => {
    const run = () => loadConfig({ COUNTER_DATA_DIR: path.join(tmp, 'cfg'), COUNTER_LOG_LEVEL: 'bogus' });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/COUNTER_LOG_LEVEL.*bogus.*(fatal.*error.*warn.*info.*debug.*trace.*silent)/);
  });

  it('a wrong HQ token (HQ answers 401): system.status carries the HQ_TOKEN_REFUSED fault and the log says so in English', async () => {
    const dir = path.join(tmp, 'token');
    const app = startOn(dir, 'this-is-not-the-terminal-token');
    try {
      await expect(app.ctx!.puller.pullNow()).rejects.toThrow();
      const env = await app.dispatch('system.status', {}, { transport: 'test' });
      expect(env.ok && env.result).toMatchObject({ faults: expect.arrayContaining([{ code: 'HQ_TOKEN_REFUSED', messageKey: 'errors:hqTokenRefused' }]) });
      expect(logLines(dir).some((l) => /HQ refused this terminal's token/.test(l.msg))).toBe(true);
    } finally {
      await app.close();
    }
  });
});
