/**
 * Which printer targets a terminal may be pointed at (issue 10, item 7). A device target is opened for
 * append and every receipt, test page and void reason is written to it, so only printer devices are
 * allowed, never an arbitrary file: on Linux/macOS `/dev/usb/lp<n>`, `/dev/lp<n>`, `/dev/ttyUSB<n>`,
 * `/dev/ttyS<n>`; on Windows `COM<n>`, `LPT<n>` (also as `\\.\COM<n>`) and a shared printer
 * `\\server\printer` (exactly two parts, no `$` admin shares). Plus `tcp://host[:port]` and `virtual`.
 * A NUL or any other control character is refused first, whatever the rest looks like.
 * Pure: start-up (config.ts), the printer settings service and the print connection all use it.
 */
export type PrinterPlatform = 'posix' | 'win32';

export type PrinterTargetCheck =
  | { ok: true; kind: 'virtual' }
  | { ok: true; kind: 'tcp'; host: string; port: number }
  | { ok: true; kind: 'device'; path: string }
  | { ok: false; reason: 'empty' | 'controlChar' | 'notAllowed' };

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const TCP = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?\/?$/;
const POSIX_DEVICES = [/^\/dev\/usb\/lp\d{1,3}$/, /^\/dev\/lp\d{1,3}$/, /^\/dev\/ttyUSB\d{1,3}$/, /^\/dev\/ttyS\d{1,3}$/];
const WIN32_DEVICES = [/^(?:\\\\\.\\)?COM\d{1,3}$/i, /^(?:\\\\\.\\)?LPT\d$/i, /^\\\\[A-Za-z0-9][A-Za-z0-9.-]*\\[\p{L}\p{N}_][\p{L}\p{N} _.-]*$/u];

/** The words shown when a target is refused (English, for the start-up message). */
export const ALLOWED_PRINTER_TARGETS =
  'tcp://host:port, virtual, or a printer device: /dev/usb/lp<n>, /dev/lp<n>, /dev/ttyUSB<n>, /dev/ttyS<n> (Linux); COM<n>, LPT<n> or \\\\server\\printer (Windows)';

export function checkPrinterTarget(input: string, platform: PrinterPlatform): PrinterTargetCheck {
  if (CONTROL.test(input)) return { ok: false, reason: 'controlChar' };
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (text.toLowerCase() === 'virtual') return { ok: true, kind: 'virtual' };
  const tcp = TCP.exec(text);
  if (tcp) {
    const host = tcp[1]!.replace(/^\[(.*)\]$/, '$1');
    const port = tcp[2] === undefined ? 9100 : Number(tcp[2]);
    if (port >= 1 && port <= 65535) return { ok: true, kind: 'tcp', host, port };
    return { ok: false, reason: 'notAllowed' };
  }
  const devices = platform === 'win32' ? WIN32_DEVICES : POSIX_DEVICES;
  if (devices.some((re) => re.test(text))) return { ok: true, kind: 'device', path: text };
  return { ok: false, reason: 'notAllowed' };
}

/** The running platform's family, for callers that have `process.platform` at hand. */
export function printerPlatformOf(platform: string): PrinterPlatform {
  return platform === 'win32' ? 'win32' : 'posix';
}
