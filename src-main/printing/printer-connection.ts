/**
 * Talking to a receipt printer: parse a printer target, send a job's bytes, ask for its status.
 *
 * Targets: "tcp://host:port" (raw TCP, usually port 9100), a printer device from the allow-list in
 * src-shared/domain/printer-target.ts such as "/dev/usb/lp0" or "COM3" (the bytes are written to it;
 * never an arbitrary file), or "virtual" (the in-app virtual printer; the caller handles it, this
 * module refuses to send to it).
 */
import { open, stat } from 'node:fs/promises';
import net from 'node:net';
import { AppError } from '../../src-shared/contract/errors';
import { checkPrinterTarget, printerPlatformOf, type PrinterPlatform } from '../../src-shared/domain/printer-target';

export type PrinterTarget =
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'device'; path: string }
  | { kind: 'virtual' };

export type PrinterState = 'ready' | 'paperOut' | 'coverOpen' | 'offline' | 'unknown';

export interface PrinterStatusReport {
  state: PrinterState;
  /** Why, in a few words (not for display): 'paperNearEnd', 'noAnswer', 'ECONNREFUSED', ... */
  detail?: string;
}

function printerError(code: string, key: string, target: string, detail?: string): AppError {
  const params: Record<string, string> = { target };
  if (detail) params.detail = detail;
  return new AppError({ code, messageKey: `receipt:printer.${key}`, params });
}

/** Parse a printer target string. Throws AppError PRINTER_TARGET_INVALID when it is none of the forms. */
export function parsePrinterTarget(target: string, platform: PrinterPlatform = printerPlatformOf(process.platform)): PrinterTarget {
  // the shared allow-list (src-shared/domain/printer-target.ts): a device is a printer device, never any file
  const r = checkPrinterTarget(target, platform);
  if (r.ok) return r.kind === 'virtual' ? { kind: 'virtual' } : r.kind === 'tcp' ? { kind: 'tcp', host: r.host, port: r.port } : { kind: 'device', path: r.path };
  throw printerError('PRINTER_TARGET_INVALID', 'targetInvalid', target);
}

function asTarget(target: string | PrinterTarget): { parsed: PrinterTarget; label: string } {
  if (typeof target === 'string') return { parsed: parsePrinterTarget(target), label: target };
  const label = target.kind === 'tcp' ? `tcp://${target.host}:${target.port}` : target.kind === 'device' ? target.path : 'virtual';
  return { parsed: target, label };
}

const REFUSED_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE']);

function sendTcp(host: string, port: number, bytes: Uint8Array, timeoutMs: number, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const socket = net.connect({ host, port });
    const finish = (error?: AppError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => finish(printerError('PRINTER_TIMEOUT', 'timeout', label, `${timeoutMs}ms`)), timeoutMs);
    socket.on('connect', () => {
      socket.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });
    socket.on('data', () => undefined); // a printer may send status (ASB); read and ignore it
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'EIO';
      finish(
        REFUSED_CODES.has(code)
          ? printerError('PRINTER_REFUSED', 'refused', label, code)
          : printerError('PRINTER_IO', 'io', label, code),
      );
    });
    socket.on('close', (hadError) => {
      if (!hadError) finish();
    });
  });
}

async function writeDevice(devicePath: string, bytes: Uint8Array, timeoutMs: number, label: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(printerError('PRINTER_TIMEOUT', 'timeout', label, `${timeoutMs}ms`)), timeoutMs);
  });
  const write = (async () => {
    const handle = await open(devicePath, 'a');
    try {
      await handle.write(bytes);
    } finally {
      await handle.close();
    }
  })().catch((error: NodeJS.ErrnoException) => {
    throw printerError('PRINTER_IO', 'io', label, error.code ?? 'EIO');
  });
  try {
    await Promise.race([write, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Send a job's bytes to the printer. TCP: connect, write, end, resolve when the printer closes the
 * connection. Rejects with AppError PRINTER_REFUSED (connection refused / unreachable),
 * PRINTER_TIMEOUT (no completion within timeoutMs: a stalled printer), PRINTER_IO, or
 * PRINTER_TARGET_INVALID (including 'virtual', which the caller must handle itself).
 */
export async function sendToPrinter(target: string | PrinterTarget, bytes: Uint8Array, opts: { timeoutMs: number }): Promise<void> {
  const { parsed, label } = asTarget(target);
  if (parsed.kind === 'virtual') throw printerError('PRINTER_TARGET_INVALID', 'virtualTarget', label);
  if (parsed.kind === 'tcp') return sendTcp(parsed.host, parsed.port, bytes, opts.timeoutMs, label);
  return writeDevice(parsed.path, bytes, opts.timeoutMs, label);
}

/** DLE EOT 1 (printer), DLE EOT 2 (offline cause), DLE EOT 4 (paper roll sensor). */
export const STATUS_QUERY = Buffer.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04]);

/** A real-time status byte always has bit 1 and bit 4 set, bit 0 and bit 7 clear. */
function isStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

/** Interpret the three answers to STATUS_QUERY. */
export function interpretStatusBytes(answer: Uint8Array): PrinterStatusReport {
  const [printer, offline, paper] = [answer[0], answer[1], answer[2]];
  if (printer === undefined || offline === undefined || paper === undefined) return { state: 'unknown', detail: 'shortAnswer' };
  if (![printer, offline, paper].every(isStatusByte)) return { state: 'unknown', detail: 'badAnswer' };
  if ((paper & 0x60) !== 0 || (offline & 0x20) !== 0) return { state: 'paperOut' };
  if ((offline & 0x04) !== 0) return { state: 'coverOpen' };
  if ((printer & 0x08) !== 0) return { state: 'offline', detail: (offline & 0x40) !== 0 ? 'error' : 'offline' };
  return (paper & 0x0c) !== 0 ? { state: 'ready', detail: 'paperNearEnd' } : { state: 'ready' };
}

function queryTcp(host: string, port: number, timeoutMs: number): Promise<PrinterStatusReport> {
  return new Promise((resolve) => {
    let settled = false;
    let connected = false;
    const received: number[] = [];
    const socket = net.connect({ host, port });
    const finish = (report: PrinterStatusReport) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(report);
    };
    const timer = setTimeout(
      () => finish(connected ? { state: 'unknown', detail: 'noAnswer' } : { state: 'offline', detail: 'connectTimeout' }),
      timeoutMs,
    );
    socket.on('connect', () => {
      connected = true;
      socket.write(STATUS_QUERY);
    });
    socket.on('data', (chunk: Buffer) => {
      received.push(...chunk);
      if (received.length >= 3) finish(interpretStatusBytes(Uint8Array.from(received.slice(0, 3))));
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish(connected ? { state: 'unknown', detail: error.code ?? 'error' } : { state: 'offline', detail: error.code ?? 'error' }),
    );
    socket.on('close', () => finish(connected ? { state: 'unknown', detail: 'closedWithoutAnswer' } : { state: 'offline', detail: 'closed' }));
  });
}

/**
 * Ask the printer how it is. TCP: DLE EOT real-time status; a printer that connects but does not
 * answer is 'unknown', never 'ready'; one that cannot be reached is 'offline'. Device path: 'offline'
 * when the device does not exist, otherwise 'unknown' (a plain device file cannot answer).
 * Never throws for an unreachable printer.
 */
export async function queryPrinterStatus(target: string | PrinterTarget, opts: { timeoutMs: number }): Promise<PrinterStatusReport> {
  const { parsed } = asTarget(target);
  if (parsed.kind === 'virtual') return { state: 'unknown', detail: 'virtual' };
  if (parsed.kind === 'tcp') return queryTcp(parsed.host, parsed.port, opts.timeoutMs);
  try {
    await stat(parsed.path);
    return { state: 'unknown', detail: 'deviceNoStatus' };
  } catch (error) {
    return { state: 'offline', detail: (error as NodeJS.ErrnoException).code ?? 'ENOENT' };
  }
}
