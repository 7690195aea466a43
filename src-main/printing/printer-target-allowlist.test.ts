/**
 * Issue 10, item 7: a supervisor could point the printer at any file (opened for append). Through the
 * real dispatch and a real SQLite terminal: a target outside the printer allow-list is refused with the
 * named setting error, settings.json and the live target stay as they were, nothing is written to the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLERKS, startTestHq, type TestHq } from '../../test-support/hq';
import { resources } from '../../src-shared/i18n/resources';
import { openTestTerminal, type TestTerminal } from '../../test-support/terminal-harness';

let hq: TestHq;
let t: TestTerminal;
let supervisorId: string;
const supervisor = DEMO_CLERKS[2];

beforeAll(async () => {
  hq = await startTestHq();
  t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
  const clerks = t.ctx.auth.listClerks();
  await t.call('auth.signIn', { clerkId: clerks.find((c) => c.code === DEMO_CLERKS[0].code)!.clerkId, pin: DEMO_CLERKS[0].pin });
  supervisorId = clerks.find((c) => c.code === supervisor.code)!.clerkId;
});
afterAll(async () => {
  await t.close();
  await hq.stop();
});

function update(printerTarget: string) {
  return t.app.dispatch('printer.updateSettings', { supervisorId, pin: supervisor.pin, printerTarget, printerType: 'epson', paperWidth: 80, receiptLanguage: 'zh-CN' }, { transport: 'test' });
}

describe('printer.updateSettings: only printer devices, tcp or virtual', () => {
  it('refuses a plain file (a shell rc stand-in), a traversal and a NUL, and changes nothing', async () => {
    const rc = path.join(t.dir, 'bashrc');
    fs.writeFileSync(rc, '# rc\n');
    const settingsFile = path.join(t.dir, 'settings.json');
    const settingsBefore = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : null;
    const liveBefore = t.ctx.local.printerTarget;
    const cases: Array<[string, string]> = [
      [rc, 'receipt:printer.targetNotAllowed'],
      [`/dev/usb/lp0/../../..${rc}`, 'receipt:printer.targetNotAllowed'],
      ['/dev/null', 'receipt:printer.targetNotAllowed'],
      [`/dev/usb/lp0\u0000${rc}`, 'receipt:printer.targetControlChar'],
      ['tcp://127.0.0.1:9100\u0000', 'receipt:printer.targetControlChar'],
    ];
    for (const [target, messageKey] of cases) {
      const env = await update(target);
      expect(env, JSON.stringify(target)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'printerTarget', messageKey } });
    }
    expect(t.ctx.local.printerTarget).toBe(liveBefore);
    expect(fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : null).toBe(settingsBefore);
    expect(fs.readFileSync(rc, 'utf8')).toBe('# rc\n');
    const audited = t.ctx.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'printer.updateSettings'").get() as { n: number };
    expect(audited.n).toBe(0);
  });

  it('still accepts a printer device and tcp', async () => {
    expect(await update('/dev/usb/lp0')).toMatchObject({ ok: true, result: { settings: { printerTarget: '/dev/usb/lp0' } } });
    expect(await update('tcp://192.0.2.10:9100')).toMatchObject({ ok: true, result: { settings: { printerTarget: 'tcp://192.0.2.10:9100' } } });
  });

  it('both messages exist in both locales', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const printer = (resources[lang].receipt as { printer: Record<string, string> }).printer;
      expect(printer.targetNotAllowed).toMatch(/\/dev\/usb\/lp/);
      expect(printer.targetControlChar?.length).toBeGreaterThan(5);
    }
  });
});
