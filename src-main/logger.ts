import fs from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths that must never reach a log line, whatever a caller passes. */
export const REDACT_PATHS = [
  'pin',
  '*.pin',
  'token',
  '*.token',
  'hqToken',
  '*.hqToken',
  'nationalId',
  '*.nationalId',
  'idNumber',
  '*.idNumber',
  'headers.authorization',
  'headers["x-counter-token"]',
];

/** JSON lines to `<dir>/<name>.log` and to stdout (quiet in tests unless asked). */
export function createLogger(opts: { dir?: string; name: string; level?: string; stdout?: boolean }): Logger {
  const streams: pino.StreamEntry[] = [];
  if (opts.dir) {
    fs.mkdirSync(opts.dir, { recursive: true });
    streams.push({ stream: pino.destination({ dest: path.join(opts.dir, `${opts.name}.log`), sync: true, mkdir: true }) });
  }
  if (opts.stdout !== false) streams.push({ stream: process.stdout });
  return pino(
    {
      name: opts.name,
      level: opts.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    pino.multistream(streams),
  );
}
