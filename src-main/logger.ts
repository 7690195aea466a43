import path from 'node:path';
import pino, { type Logger } from 'pino';
import { createLogFileSink, limitRepeats, safeStdout, type LogRotation, type RepeatLimit } from './log-sink';

export type { Logger };
export { logFaults } from './log-sink';

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

/**
 * JSON lines to `<dir>/<name>.log` and to stdout (quiet in tests unless asked). A log file that cannot be
 * written (full or read-only disk) drops lines and reports it (`logFaults`); it never throws. Identical
 * lines repeated in a burst are folded into a "repeated k more times" summary (`limitRepeats`). The file
 * rotates by size and by day and old rotated files are deleted (`LogRotation`, defaults 10 MiB, 14 days, 30 files).
 */
export function createLogger(opts: {
  dir?: string | undefined;
  name: string;
  level?: string;
  stdout?: boolean;
  retryMs?: number;
  repeat?: RepeatLimit;
  rotation?: LogRotation;
}): Logger {
  const streams: pino.StreamEntry[] = [];
  if (opts.dir) streams.push({ stream: limitRepeats(createLogFileSink(path.join(opts.dir, `${opts.name}.log`), opts.retryMs, opts.rotation), opts.repeat) });
  if (opts.stdout !== false) streams.push({ stream: limitRepeats(safeStdout(), opts.repeat) });
  return pino(
    {
      name: opts.name,
      level: opts.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    pino.multistream(streams),
  );
}
