import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue 10 item 4: the logger never takes the process down. A child process logs to a file that cannot be
 * written (a symlink to /dev/full gives the kernel's real ENOSPC; a read-only tmpfs gives EROFS), then says
 * whether it is alive and what the logger reports.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const CHILD = path.join(ROOT, 'node_modules', '.cache', 'counter-tests', 'logger-child.cjs');

const CHILD_SOURCE = `
import fs from 'node:fs';
import path from 'node:path';
import { createLogger, logFaults } from './src-main/logger';
const dir = process.env.LOG_DIR;
const logger = createLogger({ dir, name: 'counter', level: 'info', stdout: false, retryMs: 50 });
for (let i = 0; i < 2000; i++) logger.info({ i, pad: 'x'.repeat(200) }, 'a line');
const whileFailing = logFaults();
const swap = process.env.SWAP_TO;
if (swap) {
  // "space returns": the log path now leads to a writable file
  fs.rmSync(path.join(dir, 'counter.log'));
  fs.symlinkSync(swap, path.join(dir, 'counter.log'));
}
setTimeout(() => {
  logger.info('after recovery');
  process.stdout.write(JSON.stringify({ alive: true, whileFailing, after: logFaults() }) + '\\n');
}, 120);
`;

beforeAll(async () => {
  await build({
    stdin: { contents: CHILD_SOURCE, resolveDir: ROOT, loader: 'ts', sourcefile: 'logger-child.ts' },
    outfile: CHILD,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    logLevel: 'error',
  });
});

type Fault = { code: string; messageKey: string; params?: Record<string, string | number> };
function runChild(env: Record<string, string>): { status: number | null; report: { alive: boolean; whileFailing: Fault[]; after: Fault[] } | null; stderr: string } {
  const r = spawnSync(process.execPath, [CHILD], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 20_000 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  let report = null;
  try {
    report = JSON.parse(line) as { alive: boolean; whileFailing: Fault[]; after: Fault[] };
  } catch {
    /* the child died before reporting */
  }
  return { status: r.status, report, stderr: r.stderr };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-logger-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('a log file that cannot be written', () => {
  it('a log file on a full disk (/dev/full, real ENOSPC): 2000 lines dropped, the process lives, the fault is reported, logging resumes when space returns', () => {
    const dir = path.join(tmp, 'full');
    fs.mkdirSync(dir);
    fs.symlinkSync('/dev/full', path.join(dir, 'counter.log'));
    const good = path.join(tmp, 'full-recovered.log');
    fs.writeFileSync(good, '');
    const r = runChild({ LOG_DIR: dir, SWAP_TO: good });
    expect(r.status, `child died: ${r.stderr.slice(0, 2000)}`).toBe(0);
    expect(r.report?.alive).toBe(true);
    expect(r.report?.whileFailing).toEqual([
      expect.objectContaining({ code: 'LOG_WRITE_FAILED', messageKey: 'errors:logWriteFailed', params: expect.objectContaining({ reason: expect.stringContaining('ENOSPC') }) }),
    ]);
    expect(r.stderr).toMatch(/cannot write the log file .*ENOSPC.*dropped/i);
    expect(r.report?.after).toEqual([]);
    const written = fs.readFileSync(good, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { msg: string; dropped?: number });
    expect(written[0]).toMatchObject({ dropped: 2000 });
    expect(written.at(-1)?.msg).toBe('after recovery');
    console.log(`/dev/full: 2000 log lines dropped (ENOSPC), process alive, status fault LOG_WRITE_FAILED; after the path became writable: "${written[0]!.msg}" and logging resumed`);
  });

  it('a logs folder on a read-only tmpfs (EROFS) does not stop the start', (ctx) => {
    const mnt = path.join(tmp, 'ro');
    fs.mkdirSync(mnt);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,ro', 'tmpfs', mnt], { stdio: 'pipe' });
    } catch (err) {
      const why = ((err as { stderr?: Buffer }).stderr?.toString() || (err as Error).message).trim();
      console.log(`SKIPPED read-only tmpfs logger test: cannot mount a tmpfs here (${why})`);
      ctx.skip();
      return;
    }
    try {
      const r = runChild({ LOG_DIR: path.join(mnt, 'logs') });
      expect(r.status, `child died: ${r.stderr.slice(0, 2000)}`).toBe(0);
      expect(r.report?.whileFailing[0]).toMatchObject({ code: 'LOG_WRITE_FAILED', params: { reason: expect.stringContaining('EROFS') } });
      expect(r.stderr).not.toMatch(/\n\s+at /); // a named condition, not a stack trace
    } finally {
      execFileSync('umount', ['-l', mnt]);
    }
  });
});
