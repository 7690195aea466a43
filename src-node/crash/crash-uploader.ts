/**
 * Crash dumps to HQ (issue 17 item 6). Electron's crash reporter writes minidumps locally
 * (`crashReporter.start({ uploadToServer: false })`, src-main/entry/main.ts); this sends every `*.dmp`
 * in the crash folder (and Crashpad's `completed/` and `pending/` under it) to HQ's
 * `POST /v1/crash-reports?name=<file>`, and deletes each file once HQ answered 2xx. Offline, it retries
 * on the shared backoff; a dump HQ refuses (4xx) stays on disk and is logged.
 */
import fs from 'node:fs';
import path from 'node:path';
import { HQ_ROUTES } from '../../src-shared/hq-protocol/schemas';
import { HqError } from '../net/http-client';
import { createUploadLoop, postBytes, type HqEndpoint } from '../net/hq-upload';
import type { BackoffPolicy } from '../net/backoff';

export interface CrashUploaderLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface CrashUploaderOptions {
  dir: string;
  hq: HqEndpoint;
  logger: CrashUploaderLogger;
  /** How often to look for new dumps when nothing failed (default 10 minutes). */
  idleMs?: number;
  backoff?: BackoffPolicy;
}

/** The dump files waiting in the crash folder, oldest first. */
export function pendingDumps(dir: string): string[] {
  const found: { file: string; mtime: number }[] = [];
  for (const sub of ['', 'completed', 'pending', 'reports']) {
    const d = path.join(dir, sub);
    let names: string[];
    try {
      names = fs.readdirSync(d);
    } catch {
      continue;
    }
    for (const n of names) {
      if (!n.endsWith('.dmp')) continue;
      const file = path.join(d, n);
      const st = fs.statSync(file, { throwIfNoEntry: false });
      if (st?.isFile()) found.push({ file, mtime: st.mtimeMs });
    }
  }
  return found.sort((a, b) => a.mtime - b.mtime).map((f) => f.file);
}

export function createCrashUploader(opts: CrashUploaderOptions) {
  const refused = new Set<string>();

  /** Send every waiting dump; stops at the first failure HQ may recover from (retried on backoff). */
  async function uploadPending(): Promise<{ sent: string[]; refused: string[] }> {
    const sent: string[] = [];
    for (const file of pendingDumps(opts.dir)) {
      if (refused.has(file)) continue;
      const name = path.basename(file).replace(/[^A-Za-z0-9._-]/g, '_');
      let data: Buffer;
      try {
        data = fs.readFileSync(file);
      } catch {
        continue;
      }
      if (data.length === 0) continue;
      try {
        await postBytes(opts.hq, `${HQ_ROUTES.crashReports}?name=${encodeURIComponent(name)}`, data);
      } catch (err) {
        if (err instanceof HqError && !err.retryable) {
          refused.add(file);
          opts.logger.warn({ file, err: err.message }, 'crash report refused by HQ; kept on disk');
          continue;
        }
        throw err;
      }
      fs.rmSync(file, { force: true });
      sent.push(file);
      opts.logger.info({ file, bytes: data.length }, 'crash report sent to HQ');
    }
    return { sent, refused: [...refused] };
  }

  const loop = createUploadLoop({
    pass: async () => {
      await uploadPending();
    },
    idleMs: opts.idleMs ?? 10 * 60_000,
    ...(opts.backoff ? { backoff: opts.backoff } : {}),
    onError: (err, retryInMs) => opts.logger.warn({ err: (err as Error).message, retryInMs }, 'crash reports not sent; HQ not reachable'),
  });

  return { uploadPending, start: loop.start, kick: loop.kick, stop: loop.stop };
}
export type CrashUploader = ReturnType<typeof createCrashUploader>;
