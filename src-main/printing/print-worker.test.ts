/**
 * The print worker against real SQLite (temp dir) and the virtual printer over real TCP on loopback.
 * Backoff is shortened so retries happen within a test; the policy itself is tested as a function.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleSaleReceiptData } from '../../test-support/receipt-fixtures';
import type { Db } from '../../src-node/db/connection';
import { openTerminalDb } from '../db/terminal-db';
import { createPrintJobRepo, type PrintJobRepo } from '../db/repos/print-job-repo';
import type { LocalSettings } from '../app-context';
import type { PrintPayload } from './print-payload';
import { createPrintWorker, parseStoredPrintError, type PrintWorker, type PrintWorkerOptions } from './print-worker';
import { exponentialDelayMs } from '../../src-node/net/backoff';
import { startVirtualPrinter, type VirtualPrinter } from '../../tools/virtual-printer/server';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(opts: { columns?: 32 | 48; paperWidth?: 58 | 80; worker?: Partial<PrintWorkerOptions> } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'print-worker-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const db: Db = openTerminalDb(path.join(dir, 'counter.db'));
  cleanups.push(() => void db.close());
  const repo: PrintJobRepo = createPrintJobRepo(db);
  const printer: VirtualPrinter = await startVirtualPrinter({ port: 0, outDir: path.join(dir, 'printer'), columns: opts.columns ?? 48, png: false });
  cleanups.push(() => printer.close());
  const local: LocalSettings = { printerTarget: printer.url, printerType: 'epson', paperWidth: opts.paperWidth ?? 80, receiptLanguage: 'zh-CN' };
  const make = (extra: Partial<PrintWorkerOptions> = {}): PrintWorker => {
    const w = createPrintWorker({
      repo,
      settings: () => local,
      pollMs: 50,
      statusPollMs: 100,
      statusTimeoutMs: 300,
      sendTimeoutMs: 2000,
      backoff: { baseMs: 50, capMs: 200, maxAttempts: 8 },
      ...opts.worker,
      ...extra,
    });
    cleanups.push(() => w.stop());
    return w;
  };
  return { dir, db, repo, printer, local, make };
}

function enqueueSale(repo: PrintJobRepo, over: { reprintCount?: number; openDrawer?: boolean; createdAt?: string } = {}) {
  const data = sampleSaleReceiptData();
  const payload: PrintPayload = { type: 'sale', data, reprintCount: over.reprintCount ?? 0 };
  const jobId = repo.enqueuePrintJob({
    kind: over.reprintCount ? 'reprint' : 'sale',
    refId: data.saleId,
    payload,
    openDrawer: over.openDrawer ?? true,
    createdAt: over.createdAt ?? new Date().toISOString(),
  });
  return { jobId, data };
}

async function until(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('backoff policy', () => {
  it('doubles from the base and caps at the maximum', () => {
    const policy = { baseMs: 1000, capMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => exponentialDelayMs(n, policy))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
  });
  it('reads back a stored error as the error model, and plain text as an I/O error', () => {
    expect(parseStoredPrintError('{"code":"PRINTER_REFUSED","messageKey":"receipt:printer.refused"}')).toEqual({
      code: 'PRINTER_REFUSED',
      messageKey: 'receipt:printer.refused',
    });
    expect(parseStoredPrintError('boom')?.messageKey).toBe('receipt:printer.io');
    expect(parseStoredPrintError(null)).toBeNull();
  });
});

describe('print worker (real SQLite, real TCP to the virtual printer)', () => {
  it('prints a queued sale job once, marks it done, with the drawer kick', async () => {
    const { repo, printer, make } = await setup();
    const { jobId, data } = enqueueSale(repo);
    const worker = make();
    worker.start();
    const [job] = await printer.waitForJobs(1, 5000);
    await until(() => repo.findPrintJob(jobId)?.state === 'done', 3000, 'job done');
    const row = repo.findPrintJob(jobId)!;
    expect(row.attempts).toBe(1);
    expect(row.printed_at).not.toBeNull();
    expect(job!.transcript).toContain(data.store.name);
    expect(job!.transcript).toContain('110***********002X');
    expect(job!.transcript).toContain(`[QR CT1|${data.receiptNo}|${data.saleId}]`);
    expect(job!.decoded.items.filter((i) => i.kind === 'drawer')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(printer.jobs()).toHaveLength(1); // printed exactly once
  });

  it('wakes at once on kick instead of waiting for the poll', async () => {
    const { repo, printer, make } = await setup();
    const worker = make({ pollMs: 60_000 });
    worker.start();
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    enqueueSale(repo);
    worker.kick();
    await printer.waitForJobs(1, 3000);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('prints in the configured paper width and language', async () => {
    const { repo, printer, make, local } = await setup({ columns: 32, paperWidth: 58 });
    local.receiptLanguage = 'en';
    enqueueSale(repo);
    make().start();
    const [job] = await printer.waitForJobs(1, 5000);
    const lines = job!.transcript.split('\n').filter((l) => !l.startsWith('['));
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(32);
    expect(job!.transcript).toContain('Renewal Receipt');
  });

  it('printer refusing: the job waits with its error, is retried, and prints when the printer comes back', async () => {
    const { repo, printer, make } = await setup();
    await printer.setMode('refuse');
    const { jobId } = enqueueSale(repo);
    const worker = make();
    worker.start();
    await until(() => (repo.findPrintJob(jobId)?.attempts ?? 0) >= 2, 5000, 'two failed attempts');
    const waiting = repo.findPrintJob(jobId)!;
    expect(waiting.state === 'queued' || waiting.state === 'printing').toBe(true);
    expect(parseStoredPrintError(waiting.last_error)?.code).toBe('PRINTER_REFUSED');
    await until(() => worker.state() === 'offline', 3000, 'offline state');
    expect(printer.jobs()).toHaveLength(0);

    await printer.setMode('normal');
    await printer.waitForJobs(1, 5000);
    await until(() => repo.findPrintJob(jobId)?.state === 'done', 3000, 'job done');
    expect(repo.findPrintJob(jobId)!.last_error).toBeNull();
    await until(() => worker.state() === 'ready', 3000, 'ready state');
  });

  it('stalled printer: the send times out, the job is retried and prints once the printer recovers', async () => {
    const { repo, printer, make } = await setup();
    await printer.setMode('stall');
    const { jobId } = enqueueSale(repo);
    const worker = make({ sendTimeoutMs: 300 });
    worker.start();
    await until(() => (repo.findPrintJob(jobId)?.attempts ?? 0) >= 1, 5000, 'a timed-out attempt');
    expect(parseStoredPrintError(repo.findPrintJob(jobId)!.last_error)?.code).toBe('PRINTER_TIMEOUT');
    expect(printer.jobs()).toHaveLength(0);
    await printer.setMode('normal');
    await printer.waitForJobs(1, 5000);
    await until(() => repo.findPrintJob(jobId)?.state === 'done', 3000, 'job done');
    expect(repo.findPrintJob(jobId)!.attempts).toBeGreaterThanOrEqual(2);
  });

  it('after maxAttempts the job is failed and stays failed until the clerk retries it', async () => {
    const { repo, printer, make } = await setup();
    await printer.setMode('refuse');
    const { jobId } = enqueueSale(repo);
    make({ backoff: { baseMs: 20, capMs: 40, maxAttempts: 3 } }).start();
    await until(() => repo.findPrintJob(jobId)?.state === 'failed', 5000, 'failed state');
    expect(repo.findPrintJob(jobId)!.attempts).toBe(3);
    await printer.setMode('normal');
    await new Promise((r) => setTimeout(r, 300));
    expect(printer.jobs()).toHaveLength(0); // a failed job waits for the clerk
    expect(repo.retryPrintJob(jobId)).toBe(true);
    await printer.waitForJobs(1, 5000);
    await until(() => repo.findPrintJob(jobId)?.state === 'done', 3000, 'job done');
  });

  it('jobs print in order; a later job waits behind one that is backing off', async () => {
    const { repo, printer, make } = await setup();
    await printer.setMode('refuse');
    const first = enqueueSale(repo).jobId;
    const second = repo.enqueuePrintJob({ kind: 'test', refId: null, payload: { type: 'test' }, openDrawer: false, createdAt: new Date().toISOString() });
    make().start();
    await until(() => (repo.findPrintJob(first)?.attempts ?? 0) >= 2, 5000, 'retries of the first');
    expect(repo.findPrintJob(second)!.attempts).toBe(0);
    await printer.setMode('normal');
    const jobs = await printer.waitForJobs(2, 5000);
    expect(jobs[0]!.transcript).toContain('续费收据');
    expect(jobs[1]!.transcript).toContain('打印测试');
  });

  it('after a crash, a job left "printing" is queued again and printed', async () => {
    const { repo, printer, make } = await setup();
    const { jobId } = enqueueSale(repo);
    repo.markPrintJobPrinting(jobId); // the process died mid-send
    expect(repo.nextDuePrintJob(new Date().toISOString())).toBeUndefined();
    make().start();
    await printer.waitForJobs(1, 5000);
    await until(() => repo.findPrintJob(jobId)?.state === 'done', 3000, 'job done');
  });

  it('a reprint carries the mark and count and never kicks the drawer', async () => {
    const { repo, printer, make } = await setup();
    enqueueSale(repo, { reprintCount: 2, openDrawer: true });
    make().start();
    const [job] = await printer.waitForJobs(1, 5000);
    expect(job!.transcript).toContain('重印 #2');
    expect(job!.decoded.items.some((i) => i.kind === 'drawer')).toBe(false);
  });

  it('a cash sale printed long after it was made does not pop the drawer', async () => {
    const { repo, printer, make } = await setup();
    enqueueSale(repo, { createdAt: new Date(Date.now() - 10 * 60_000).toISOString() });
    make().start();
    const [job] = await printer.waitForJobs(1, 5000);
    expect(job!.transcript).toContain('续费收据');
    expect(job!.decoded.items.some((i) => i.kind === 'drawer')).toBe(false);
  });

  it('an unreadable payload fails at once with a reason instead of retrying', async () => {
    const { repo, make } = await setup();
    const jobId = repo.enqueuePrintJob({ kind: 'report', refId: null, payload: { type: 'nonsense' }, openDrawer: false, createdAt: new Date().toISOString() });
    make().start();
    await until(() => repo.findPrintJob(jobId)?.state === 'failed', 3000, 'failed state');
    expect(parseStoredPrintError(repo.findPrintJob(jobId)!.last_error)?.code).toBe('PRINT_PAYLOAD_INVALID');
  });

  it('reports paper out from the printer status', async () => {
    const { printer, make } = await setup();
    printer.setPaperState({ paperOut: true });
    const worker = make();
    worker.start();
    await until(() => worker.state() === 'paperOut', 3000, 'paperOut state');
    printer.setPaperState({ paperOut: false });
    await until(() => worker.state() === 'ready', 3000, 'ready state');
  });
});
