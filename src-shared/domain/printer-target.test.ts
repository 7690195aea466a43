import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPrinterTarget } from './printer-target';

describe('printer target allow-list', () => {
  it('accepts printer devices, tcp and virtual', () => {
    for (const dev of ['/dev/usb/lp0', '/dev/usb/lp12', '/dev/lp0', '/dev/ttyUSB0', '/dev/ttyS3']) {
      expect(checkPrinterTarget(dev, 'posix')).toEqual({ ok: true, kind: 'device', path: dev });
    }
    for (const dev of ['COM1', 'com12', 'LPT1', '\\\\.\\COM10', '\\\\shop-pc\\Receipt', '\\\\10.0.0.5\\EPSON TM-T82', '\\\\pc1\\收银打印机']) {
      expect(checkPrinterTarget(dev, 'win32')).toEqual({ ok: true, kind: 'device', path: dev });
    }
    expect(checkPrinterTarget('tcp://192.0.2.10:9100', 'posix')).toEqual({ ok: true, kind: 'tcp', host: '192.0.2.10', port: 9100 });
    expect(checkPrinterTarget('tcp://printer.local', 'win32')).toEqual({ ok: true, kind: 'tcp', host: 'printer.local', port: 9100 });
    expect(checkPrinterTarget('tcp://[::1]:9101', 'posix')).toEqual({ ok: true, kind: 'tcp', host: '::1', port: 9101 });
    expect(checkPrinterTarget(' Virtual ', 'posix')).toEqual({ ok: true, kind: 'virtual' });
  });

  it('refuses any other file, traversal, admin shares and the other platform’s names', () => {
    const posix = ['/home/clerk/.bashrc', '/tmp/x', '/etc/passwd', '/dev/usb/lp0/../../../home/a/.profile', '/dev/usb/lp', '/dev/sda', '/dev/null', '/dev/lp0x', 'lp0', 'LPT1', 'COM1', './dev/lp0', 'tcp://host:0', 'tcp://host:70000', 'http://host:9100', 'file:///dev/lp0'];
    for (const t of posix) expect(checkPrinterTarget(t, 'posix'), t).toEqual({ ok: false, reason: 'notAllowed' });
    const win = ['C:\\Users\\clerk\\AppData\\Roaming\\x.txt', '\\\\server\\c$', '\\\\server\\share\\file.txt', '\\\\server\\..', 'COM1.txt', 'LPT10', '/dev/usb/lp0', 'C:/x'];
    for (const t of win) expect(checkPrinterTarget(t, 'win32'), t).toEqual({ ok: false, reason: 'notAllowed' });
    expect(checkPrinterTarget('   ', 'posix')).toEqual({ ok: false, reason: 'empty' });
  });

  it('refuses a NUL or any control character wherever it is', () => {
    for (const t of ['/dev/usb/lp0\u0000', '/dev/usb/lp0\u0000/../../home/a/.bashrc', 'tcp://a:9100\n', 'virtual\r', 'COM1\u001b', '\u0085/dev/lp0']) {
      expect(checkPrinterTarget(t, 'posix'), JSON.stringify(t)).toEqual({ ok: false, reason: 'controlChar' });
      expect(checkPrinterTarget(t, 'win32'), JSON.stringify(t)).toEqual({ ok: false, reason: 'controlChar' });
    }
  });

  it('property: whatever string is accepted as a device is one of the allowed device names', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.constantFrom('posix' as const, 'win32' as const), (s, platform) => {
        const r = checkPrinterTarget(s, platform);
        if (r.ok && r.kind === 'device') {
          expect(r.path).not.toMatch(/\.\.|\/.*\/.*\/.*\/|\$/);
          expect(r.path).toMatch(platform === 'posix' ? /^\/dev\/(usb\/lp|lp|ttyUSB|ttyS)\d+$/ : /^(\\\\\.\\)?(COM|LPT)\d+$|^\\\\[^\\]+\\[^\\]+$/i);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
