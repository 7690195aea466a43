import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpretStatusBytes, parsePrinterTarget, queryPrinterStatus, sendToPrinter } from './printer-connection';
import { readVirtualPrinterSettings } from '../../tools/virtual-printer/settings';

describe('parsePrinterTarget', () => {
  it('reads tcp, device and virtual targets', () => {
    expect(parsePrinterTarget('tcp://192.0.2.10:9100')).toEqual({ kind: 'tcp', host: '192.0.2.10', port: 9100 });
    expect(parsePrinterTarget('tcp://printer.local')).toEqual({ kind: 'tcp', host: 'printer.local', port: 9100 });
    expect(parsePrinterTarget('tcp://[::1]:9101')).toEqual({ kind: 'tcp', host: '::1', port: 9101 });
    expect(parsePrinterTarget('/dev/usb/lp0')).toEqual({ kind: 'device', path: '/dev/usb/lp0' });
    expect(parsePrinterTarget(' virtual ')).toEqual({ kind: 'virtual' });
  });
  it('rejects anything else with PRINTER_TARGET_INVALID', () => {
    for (const bad of ['', 'lp0', 'tcp://', 'tcp://host:0', 'tcp://host:70000', 'http://host:9100', 'tcp://a b:1', '/home/clerk/.bashrc', '/dev/usb/lp0\u0000']) {
      expect(() => parsePrinterTarget(bad)).toThrowError(expect.objectContaining({ code: 'PRINTER_TARGET_INVALID', messageKey: 'receipt:printer.targetInvalid' }));
    }
  });
});

describe('device targets', () => {
  it('writes the bytes to the device file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lp-'));
    try {
      // a temp file stands in for /dev/usb/lp0: passed as an already-parsed target (a string must pass the allow-list)
      const device = { kind: 'device' as const, path: path.join(dir, 'lp0') };
      await sendToPrinter(device, Buffer.from([0x1b, 0x40, 0x41, 0x0a]), { timeoutMs: 2000 });
      expect([...readFileSync(device.path)]).toEqual([0x1b, 0x40, 0x41, 0x0a]);
      expect((await queryPrinterStatus(device, { timeoutMs: 500 })).state).toBe('unknown');
      expect((await queryPrinterStatus({ kind: 'device', path: path.join(dir, 'missing') }, { timeoutMs: 500 })).state).toBe('offline');
      await expect(sendToPrinter({ kind: 'device', path: path.join(dir, 'no', 'such', 'dir') }, Buffer.from('x'), { timeoutMs: 2000 })).rejects.toMatchObject({ code: 'PRINTER_IO' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('refuses a target string that is a plain file, not a printer device (nothing is written)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lp-'));
    try {
      const file = path.join(dir, 'bashrc');
      await expect(sendToPrinter(file, Buffer.from('void reason'), { timeoutMs: 2000 })).rejects.toMatchObject({ code: 'PRINTER_TARGET_INVALID' });
      expect(existsSync(file)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('refuses to send to "virtual" (the caller handles it)', async () => {
    await expect(sendToPrinter('virtual', Buffer.from('x'), { timeoutMs: 100 })).rejects.toMatchObject({ code: 'PRINTER_TARGET_INVALID' });
  });
});

describe('interpretStatusBytes', () => {
  it('maps DLE EOT 1/2/4 answers to a state', () => {
    expect(interpretStatusBytes(Uint8Array.from([0x12, 0x12, 0x12]))).toEqual({ state: 'ready' });
    expect(interpretStatusBytes(Uint8Array.from([0x1a, 0x72, 0x7e])).state).toBe('paperOut');
    expect(interpretStatusBytes(Uint8Array.from([0x1a, 0x56, 0x12])).state).toBe('coverOpen');
    expect(interpretStatusBytes(Uint8Array.from([0x1a, 0x12, 0x12])).state).toBe('offline');
    expect(interpretStatusBytes(Uint8Array.from([0x12, 0x12, 0x1e]))).toEqual({ state: 'ready', detail: 'paperNearEnd' });
    expect(interpretStatusBytes(Uint8Array.from([0x41, 0x42, 0x43])).state).toBe('unknown'); // not status bytes
    expect(interpretStatusBytes(Uint8Array.from([0x12])).state).toBe('unknown');
  });
});

describe('virtual printer settings', () => {
  it('uses defaults and names the bad setting', () => {
    expect(readVirtualPrinterSettings({})).toMatchObject({ port: 9100, columns: 48, dialect: 'epson', mode: 'normal' });
    expect(readVirtualPrinterSettings({}).outDir).toBe(path.resolve('.printer-out'));
    expect(() => readVirtualPrinterSettings({ PRINTER_PORT: 'abc' })).toThrow(/PRINTER_PORT/);
    expect(() => readVirtualPrinterSettings({ PRINTER_PORT: '99999' })).toThrow(/PRINTER_PORT/);
    expect(() => readVirtualPrinterSettings({ PRINTER_COLUMNS: '40' })).toThrow(/PRINTER_COLUMNS/);
    expect(() => readVirtualPrinterSettings({ PRINTER_MODE: 'jam' })).toThrow(/PRINTER_MODE/);
    expect(readVirtualPrinterSettings({ PRINTER_PORT: '0', PRINTER_OUT_DIR: '/tmp/x', PRINTER_COLUMNS: '32' })).toMatchObject({ port: 0, outDir: '/tmp/x', columns: 32 });
  });
});
