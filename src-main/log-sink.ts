import fs from 'node:fs';
import path from 'node:path';
import type { AppErrorShape } from '../src-shared/contract/errors';
import { whyNotWritable } from '../src-node/db/storage-errors';

/**
 * A log file that can never take the process down. Each line is written synchronously (as before: a crash
 * loses no line that was logged); when the file cannot be opened or written (ENOSPC, EROFS, EIO, a removed
 * folder…) the line is dropped and counted, the condition is said once on stderr and reported as a status-bar
 * fault, and the file is reopened at most every `retryMs`. The first line written after recovery says how
 * many lines were dropped.
 */
export interface LogFileSink {
  write(line: string): void;
  fault(): AppErrorShape | null;
}

const failing = new Set<LogFileSink>();

/** Faults of every log file of this process (system.status shows them). */
export function logFaults(): AppErrorShape[] {
  return [...failing].map((s) => s.fault()).filter((f): f is AppErrorShape => f !== null);
}

function say(text: string): void {
  try {
    process.stderr.write(`${text}\n`);
  } catch {
    /* stderr gone as well: nothing more to do */
  }
}

/**
 * Rotation (issue 17 item 6): the live file `<name>.log` is renamed to `<name>.<YYYY-MM-DD>.<n>.log` when the
 * next line would take it past `maxBytes` or when the PC's local date changed since it was opened; rotated
 * files dated more than `maxDays` days ago are deleted, and at most `maxFiles` rotated files are kept (the
 * newest). A rename or delete that fails (read-only or full disk) is said once on stderr and the line goes
 * to the live file as before: rotation never drops a line and never throws.
 */
export interface LogRotation {
  maxBytes?: number;
  maxDays?: number;
  maxFiles?: number;
  /** The sink's clock (tests pass a controlled one). */
  now?: () => number;
}

export const DEFAULT_LOG_ROTATION = { maxBytes: 10 * 1024 * 1024, maxDays: 14, maxFiles: 30 };

function localDay(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Rotated files of `file` (`counter.log` → `counter.2026-12-02.1.log`), oldest first. */
export function rotatedLogFiles(file: string): { name: string; day: string; n: number }[] {
  const base = path.basename(file, '.log');
  const re = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d{4}-\\d{2}-\\d{2})\\.(\\d+)\\.log$`);
  let names: string[];
  try {
    names = fs.readdirSync(path.dirname(file));
  } catch {
    return [];
  }
  return names
    .map((name) => {
      const m = re.exec(name);
      return m ? { name, day: m[1]!, n: Number(m[2]) } : null;
    })
    .filter((x): x is { name: string; day: string; n: number } => x !== null)
    .sort((a, b) => (a.day === b.day ? a.n - b.n : a.day < b.day ? -1 : 1));
}

export function createLogFileSink(file: string, retryMs = 5000, rotation: LogRotation = {}): LogFileSink {
  const maxBytes = rotation.maxBytes ?? DEFAULT_LOG_ROTATION.maxBytes;
  const maxDays = rotation.maxDays ?? DEFAULT_LOG_ROTATION.maxDays;
  const maxFiles = rotation.maxFiles ?? DEFAULT_LOG_ROTATION.maxFiles;
  const now = rotation.now ?? Date.now;
  let fd: number | null = null;
  let problem: { reason: string; since: string } | null = null;
  let dropped = 0;
  let nextOpenAt = 0;
  /** Bytes in the live file, and the local day it belongs to; null = not a regular file (never rotated). */
  let size: number | null = null;
  let day = localDay(now());
  let rotateProblemSaid = false;
  let nextRotateAt = 0;

  function rotateProblem(err: unknown): void {
    nextRotateAt = now() + retryMs;
    if (rotateProblemSaid) return;
    rotateProblemSaid = true;
    const e = err as NodeJS.ErrnoException;
    say(`Counter Terminal: cannot rotate the log file ${file} (${e.code ?? String(err)}); lines keep going to ${path.basename(file)}.`);
  }

  function prune(today: string): void {
    const cutoff = localDay(new Date(`${today}T12:00:00`).getTime() - maxDays * 86_400_000);
    const files = rotatedLogFiles(file);
    const excess = files.length - maxFiles;
    files.forEach((f, i) => {
      if (f.day >= cutoff && i >= excess) return;
      try {
        fs.rmSync(path.join(path.dirname(file), f.name), { force: true });
      } catch (err) {
        rotateProblem(err);
      }
    });
  }

  /** Rename the live file aside (its day in the name) and start a new one; false = keep writing where we are. */
  function rotate(t: number): boolean {
    if (t < nextRotateAt) return false;
    const existing = rotatedLogFiles(file).filter((f) => f.day === day);
    const target = path.join(path.dirname(file), `${path.basename(file, '.log')}.${day}.${(existing.at(-1)?.n ?? 0) + 1}.log`);
    try {
      fs.renameSync(file, target);
    } catch (err) {
      rotateProblem(err);
      return false;
    }
    try {
      fs.closeSync(fd!);
    } catch {
      /* already unusable */
    }
    fd = null;
    size = null;
    day = localDay(t);
    rotateProblemSaid = false;
    prune(day);
    return true;
  }

  function needsRotation(bytes: number, t: number): boolean {
    if (size === null) return false;
    return (size > 0 && size + bytes > maxBytes) || (size > 0 && localDay(t) !== day);
  }

  const sink: LogFileSink = {
    write(line: string): void {
      if (fd !== null) {
        const t = now();
        if (needsRotation(Buffer.byteLength(line), t)) rotate(t);
      }
      if (fd === null && !open()) {
        dropped++;
        return;
      }
      try {
        if (problem) {
          // first line after recovery: a fresh line (the failed write may have left half of one)
          writeAll(`\n${JSON.stringify({ level: 40, time: Date.now(), msg: 'log lines dropped while the log file could not be written', dropped, reason: problem.reason, since: problem.since })}\n`);
          say(`Counter Terminal: the log file ${file} can be written again (${dropped} lines were dropped).`);
          problem = null;
          dropped = 0;
          failing.delete(sink);
        }
        writeAll(line);
      } catch (err) {
        dropped++;
        fail(err);
        try {
          fs.closeSync(fd!);
        } catch {
          /* already unusable */
        }
        fd = null;
      }
    },
    fault(): AppErrorShape | null {
      return problem ? { code: 'LOG_WRITE_FAILED', messageKey: 'errors:logWriteFailed', params: { file, reason: problem.reason, dropped } } : null;
    },
  };

  function writeAll(text: string): void {
    const buf = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < buf.length) {
      const n = fs.writeSync(fd!, buf, off, buf.length - off);
      off += n;
      if (size !== null) size += n;
    }
  }

  function open(): boolean {
    if (Date.now() < nextOpenAt) return false;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fd = fs.openSync(file, 'a');
      try {
        const st = fs.fstatSync(fd);
        // a device or pipe (e.g. /dev/null) is never rotated; a file left from an earlier day is rotated first
        size = st.isFile() ? st.size : null;
        day = size !== null && size > 0 ? localDay(st.mtimeMs) : localDay(now());
      } catch {
        size = null;
      }
      return true;
    } catch (err) {
      // mkdir -p on a read-only disk says ENOENT: name the real cause
      fail((err as NodeJS.ErrnoException).code === 'ENOENT' ? (whyNotWritable(path.dirname(file)) ?? err) : err);
      return false;
    }
  }

  function fail(err: unknown): void {
    nextOpenAt = Date.now() + retryMs;
    const e = err as NodeJS.ErrnoException;
    const reason = e.code ? `${e.code}: ${e.message.replace(/^[A-Z]+: /, '')}` : String(err);
    if (problem) return;
    problem = { reason, since: new Date().toISOString() };
    failing.add(sink);
    say(
      `Counter Terminal: cannot write the log file ${file} (${reason}). Log lines are dropped until it can be written ` +
        'again; the terminal keeps working. Free disk space or make the data folder writable, or call IT.',
    );
  }

  if (open()) prune(localDay(now()));
  return sink;
}

/** stdout as a log stream that never throws (a closed pipe must not end the terminal). */
export function safeStdout(): { write(line: string): void } {
  process.stdout.on('error', () => undefined);
  return {
    write(line: string): void {
      try {
        process.stdout.write(line);
      } catch {
        /* dropped */
      }
    },
  };
}

/**
 * Identical lines in a row of an outage (issue 10 item 6: 94,367 "push failed" lines, 26 MB, in 3 minutes)
 * are folded: per distinct line (ignoring its `time`) the first `burst` of each `windowMs` are written, the
 * rest counted; when the window is over, one summary line (the same line with `repeated: k` and
 * "(repeated k more times)" on its message) says how many were held back. Checked on every line and by
 * an unref'd timer, so a summary is written even when the repeats simply stop.
 */
export interface RepeatLimit {
  burst?: number;
  windowMs?: number;
  /** The limiter's clock (tests pass a controlled one). */
  now?: () => number;
  /** Distinct lines tracked at once (the oldest window is closed early past it). */
  maxKeys?: number;
}

export const DEFAULT_REPEAT_LIMIT = { burst: 3, windowMs: 60_000, maxKeys: 1000 };

interface Seen {
  windowEnd: number;
  count: number;
  suppressed: number;
  last: string;
}

export function limitRepeats(out: { write(line: string): void }, opts: RepeatLimit = {}): { write(line: string): void; flush(): void } {
  const burst = opts.burst ?? DEFAULT_REPEAT_LIMIT.burst;
  const windowMs = opts.windowMs ?? DEFAULT_REPEAT_LIMIT.windowMs;
  const maxKeys = opts.maxKeys ?? DEFAULT_REPEAT_LIMIT.maxKeys;
  const now = opts.now ?? Date.now;
  // insertion order = window start order (a key is re-inserted when its window starts again)
  const seen = new Map<string, Seen>();

  function summary(s: Seen, t: number): string {
    try {
      const o = JSON.parse(s.last) as Record<string, unknown>;
      o.time = t;
      o.msg = `${typeof o.msg === 'string' ? o.msg : ''} (repeated ${s.suppressed} more times in ${Math.round(windowMs / 1000)} s)`;
      o.repeated = s.suppressed;
      return `${JSON.stringify(o)}\n`;
    } catch {
      return `${JSON.stringify({ level: 40, time: t, msg: `the previous line repeated ${s.suppressed} more times`, repeated: s.suppressed })}\n`;
    }
  }

  function close(key: string, s: Seen, t: number): void {
    seen.delete(key);
    if (s.suppressed > 0) out.write(summary(s, t));
  }

  function flushExpired(t: number): void {
    for (const [key, s] of seen) {
      if (s.windowEnd > t) break;
      close(key, s, t);
    }
  }

  const timer = setInterval(() => flushExpired(now()), Math.max(1_000, windowMs));
  timer.unref();

  return {
    write(line: string): void {
      const t = now();
      flushExpired(t);
      const key = line.replace(/"time":\d+,?/, '');
      let s = seen.get(key);
      if (!s) {
        if (seen.size >= maxKeys) {
          const [k, oldest] = seen.entries().next().value as [string, Seen];
          close(k, oldest, t);
        }
        s = { windowEnd: t + windowMs, count: 0, suppressed: 0, last: line };
        seen.set(key, s);
      }
      s.count++;
      if (s.count <= burst) {
        out.write(line);
        return;
      }
      s.suppressed++;
      s.last = line;
    },
    flush(): void {
      const t = now();
      for (const [key, s] of seen) close(key, s, t);
    },
  };
}
