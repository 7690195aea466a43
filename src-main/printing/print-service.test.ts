/**
 * The print service's use cases against real SQLite and the virtual printer over real TCP:
 * reprint, retry / cancel rules with their audit entries, preview, test print, and the supervisor-only
 * printer settings (settings.json kept, applied live).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleSaleReceiptData } from '../../test-support/receipt-fixtures';
import type { LocalSettings } from '../app-context';
import { openTerminalDb } from '../db/terminal-db';
import { createAuditRepo } from '../db/repos/audit-repo';
import { createBusinessDayRepo } from '../db/repos/business-day-repo';
import { createClerkRepo } from '../db/repos/clerk-repo';
import { createPrintJobRepo } from '../db/repos/print-job-repo';
import { createSaleRepo } from '../db/repos/sale-repo';
import { createAuditLog } from '../services/audit';
import { createAuthService } from '../services/auth';
import { hashPin } from '../../src-node/crypto/pin-hash';
import type { PrintPayload } from './print-payload';
import { createPrintService } from './print-service';
import { startVirtualPrinter } from '../../tools/virtual-printer/server';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const FAST = { pollMs: 50, statusPollMs: 200, statusTimeoutMs: 300, sendTimeoutMs: 2000, backoff: { baseMs: 50, capMs: 200 } };

async function setup(opts: { startPrinterSetting?: string; env?: NodeJS.ProcessEnv; settingsJson?: object } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'print-service-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  if (opts.settingsJson) writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(opts.settingsJson));
  const db = openTerminalDb(path.join(dir, 'counter.db'));
  cleanups.push(() => void db.close());
  const printer = await startVirtualPrinter({ port: 0, outDir: path.join(dir, 'printer'), png: false });
  cleanups.push(() => printer.close());
  const clerks = createClerkRepo(db);
  clerks.upsertClerk({ clerkId: 'c1', code: '1001', name: '王小明', role: 'clerk', pinHash: await hashPin('1234'), active: true });
  clerks.upsertClerk({ clerkId: 's1', code: '9001', name: '李主管', role: 'supervisor', pinHash: await hashPin('8888'), active: true });
  const auditRepo = createAuditRepo(db);
  const audit = createAuditLog(auditRepo);
  const auth = createAuthService({ db, clerks, audit });
  const printJobs = createPrintJobRepo(db);
  const local: LocalSettings = { printerTarget: printer.url, printerType: 'epson', paperWidth: 80, receiptLanguage: 'zh-CN' };
  const service = createPrintService({
    db,
    printJobs,
    local,
    audit,
    auth,
    dataDir: dir,
    now: () => new Date(),
    startPrinterSetting: opts.startPrinterSetting ?? 'virtual',
    env: opts.env ?? {},
    worker: FAST,
  });
  cleanups.push(() => service.stop());
  const auditActions = () => [...auditRepo.iterateAuditLog()].map((r) => ({ action: r.action, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  return { dir, db, printer, printJobs, local, service, auditActions, sales: createSaleRepo(db) };
}

/** A committed cash sale with its original print job, as the renewal service writes it. */
function commitSale(s: Awaited<ReturnType<typeof setup>>) {
  const data = sampleSaleReceiptData();
  const at = new Date().toISOString();
  s.db.transaction(() => {
    createBusinessDayRepo(s.db).ensureBusinessDay('2024-03-15', at);
    s.sales.insertSale(
      {
        sale_id: data.saleId,
        receipt_seq: 7,
        receipt_no: data.receiptNo,
        business_date: '2024-03-15',
        shift_id: null,
        clerk_id: 'c1',
        account_id: 'a1',
        device_id: 'd1',
        device_number: '490154203237518',
        holder_name: data.customer.holderName,
        id_masked: data.customer.idMasked,
        plan_code: data.plan.code,
        plan_name_zh: data.plan.nameZh,
        plan_name_en: data.plan.nameEn,
        term_months: data.termMonths,
        price_fen: data.priceFen,
        previous_plan_code: data.plan.code,
        previous_status: 'active',
        previous_expiry: '2024-03-31',
        new_expiry: data.newExpiry,
        cash_tendered_fen: 20000,
        change_fen: 0,
        override_by: null,
        created_at: at,
      },
      [
        { line_no: 1, method: 'cash', amount_fen: 20000, tendered_fen: 20000, change_fen: 0, reference: null },
        { line_no: 2, method: 'alipay', amount_fen: 3850, tendered_fen: 3850, change_fen: 0, reference: '2024031522001400551234567890' },
      ],
    );
    s.printJobs.enqueuePrintJob({ kind: 'sale', refId: data.saleId, payload: { type: 'sale', data, reprintCount: 0 } satisfies PrintPayload, openDrawer: true, createdAt: at });
  })();
  return data;
}

async function until(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('print service', () => {
  it('a sale job prints after kick; reprint carries the mark and count, bumps reprints, is audited, no drawer', async () => {
    const s = await setup();
    const data = commitSale(s);
    s.service.start();
    s.service.kick();
    const [original] = await s.printer.waitForJobs(1, 5000);
    expect(original!.decoded.items.some((i) => i.kind === 'drawer')).toBe(true);

    const first = s.service.reprint(data.saleId, 'c1');
    expect(first.reprintCount).toBe(1);
    expect(first.job).toMatchObject({ kind: 'reprint', refId: data.saleId, receiptNo: data.receiptNo, reprintCount: 1, openDrawer: false });
    const second = s.service.reprint(data.saleId, 'c1');
    expect(second.reprintCount).toBe(2);
    expect(s.sales.findSaleById(data.saleId)!.reprints).toBe(2);

    const jobs = await s.printer.waitForJobs(3, 5000);
    expect(jobs[1]!.transcript).toContain('重印 #1');
    expect(jobs[2]!.transcript).toContain('重印 #2');
    for (const j of jobs.slice(1)) {
      expect(j.decoded.items.some((i) => i.kind === 'drawer')).toBe(false);
      expect(j.transcript).toContain('110***********002X');
      expect(j.transcript).toContain(`[QR CT1|${data.receiptNo}|${data.saleId}]`);
    }
    const reprints = s.auditActions().filter((a) => a.action === 'sale.reprint');
    expect(reprints.map((a) => a.detail.reprintCount)).toEqual([1, 2]);
  });

  it('reprint of an unknown or voided sale is refused', async () => {
    const s = await setup();
    expect(() => s.service.reprint('no-such-sale', 'c1')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    const data = commitSale(s);
    s.sales.markSaleVoided(data.saleId, new Date().toISOString(), 'wrong plan', 's1');
    expect(() => s.service.reprint(data.saleId, 'c1')).toThrow(expect.objectContaining({ code: 'CONFLICT', messageKey: 'printing:errors.reprintVoided' }));
    expect(s.sales.findSaleById(data.saleId)!.reprints).toBe(0);
  });

  it('preview gives the same lines the printer gets, at the configured width', async () => {
    const s = await setup();
    const data = commitSale(s);
    const wide = s.service.preview(data.saleId);
    expect(wide.columns).toBe(48);
    expect(wide.lines.some((l) => l.kind === 'qr' && l.payload === `CT1|${data.receiptNo}|${data.saleId}`)).toBe(true);
    s.local.paperWidth = 58;
    const narrow = s.service.preview(data.saleId);
    expect(narrow.columns).toBe(32);
    expect(narrow.lines.length).toBeGreaterThan(wide.lines.length);
  });

  it('cancel and retry: only waiting or failed jobs; each audited; a cancelled job never prints', async () => {
    const s = await setup();
    await s.printer.setMode('refuse');
    s.service.start();
    const test = s.service.testPrint('c1');
    await until(() => (s.printJobs.findPrintJob(test.jobId)?.attempts ?? 0) >= 1, 5000, 'an attempt');
    await until(() => s.printJobs.findPrintJob(test.jobId)?.state !== 'printing', 3000, 'not printing');

    const retried = s.service.retryJob(test.jobId, 'c1');
    expect(retried.state === 'queued' || retried.state === 'printing').toBe(true);
    await until(() => s.printJobs.findPrintJob(test.jobId)?.state === 'queued', 3000, 'queued');
    const cancelled = s.service.cancelJob(test.jobId, 'c1');
    expect(cancelled.state).toBe('cancelled');
    expect(() => s.service.cancelJob(test.jobId, 'c1')).toThrow(expect.objectContaining({ code: 'CONFLICT', messageKey: 'printing:errors.job_cancelled' }));
    expect(() => s.service.retryJob(test.jobId, 'c1')).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => s.service.retryJob(999, 'c1')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));

    await s.printer.setMode('normal');
    const second = s.service.testPrint('c1');
    await s.printer.waitForJobs(1, 5000);
    await until(() => s.printJobs.findPrintJob(second.jobId)?.state === 'done', 3000, 'done');
    expect(s.printer.jobs()).toHaveLength(1); // the cancelled one never printed
    expect(() => s.service.cancelJob(second.jobId, 'c1')).toThrow(expect.objectContaining({ messageKey: 'printing:errors.job_done' }));

    const actions = s.auditActions().map((a) => a.action);
    expect(actions.filter((a) => a === 'printer.retryJob')).toHaveLength(1);
    expect(actions.filter((a) => a === 'printer.cancelJob')).toHaveLength(1);
    expect(actions.filter((a) => a === 'printer.testPrint')).toHaveLength(2);
  });

  it('status counts waiting and failed jobs and reports an unreachable printer as offline', async () => {
    const s = await setup();
    await s.printer.setMode('refuse');
    s.service.start();
    s.service.testPrint('c1');
    await until(() => s.service.status().state === 'offline', 3000, 'offline');
    expect(s.service.status()).toMatchObject({ target: s.printer.url, waitingJobs: 1, failedJobs: 0 });
    expect(s.service.jobs().open[0]!.lastError?.messageKey).toBe('receipt:printer.refused');
  });

  it('settings: supervisor PIN required; saved to settings.json keeping other keys; applied to the next job', async () => {
    const s = await setup({ settingsJson: { hqUrl: 'http://127.0.0.1:9/', hqToken: 'terminal-token-123', printer: 'virtual' } });
    const base = { printerTarget: 'virtual', printerType: 'epson' as const, paperWidth: 58 as const, receiptLanguage: 'en' as const };
    await expect(s.service.updateSettings({ ...base, supervisorId: 's1', pin: '0000' }, 'c1')).rejects.toMatchObject({ messageKey: 'auth:wrongPin' });
    await expect(s.service.updateSettings({ ...base, supervisorId: 'c1', pin: '1234' }, 'c1')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(s.local.paperWidth).toBe(80);

    const view = await s.service.updateSettings({ ...base, supervisorId: 's1', pin: '8888' }, 'c1');
    expect(view).toMatchObject({ printerTarget: 'virtual', effectiveTarget: s.printer.url, paperWidth: 58, receiptLanguage: 'en', virtualAvailable: true });
    expect(s.local).toMatchObject({ printerTarget: s.printer.url, paperWidth: 58, receiptLanguage: 'en' });
    const file = JSON.parse(readFileSync(path.join(s.dir, 'settings.json'), 'utf8'));
    expect(file).toEqual({ hqUrl: 'http://127.0.0.1:9/', hqToken: 'terminal-token-123', printer: 'virtual', printerType: 'epson', paperWidth: 58, receiptLanguage: 'en' });
    const audited = s.auditActions().find((a) => a.action === 'printer.updateSettings');
    expect(audited?.detail).toMatchObject({ supervisorId: 's1', after: { paperWidth: 58, receiptLanguage: 'en' } });

    s.service.start();
    s.service.testPrint('c1');
    const [job] = await s.printer.waitForJobs(1, 5000);
    expect(job!.transcript).toContain('Printer test');
    expect(job!.transcript).toContain('58 mm / 32');
  });

  it('settings: a tcp target gets its port, a bad one is refused, virtual only when the terminal started with it', async () => {
    const s = await setup({ startPrinterSetting: 'tcp://127.0.0.1:9100', env: { COUNTER_PRINTER: 'tcp://127.0.0.1:9100' } });
    const base = { printerType: 'star' as const, paperWidth: 80 as const, receiptLanguage: 'bilingual' as const, supervisorId: 's1', pin: '8888' };
    expect(s.service.settings()).toMatchObject({ virtualAvailable: false, envOverrides: ['COUNTER_PRINTER'] });
    await expect(s.service.updateSettings({ ...base, printerTarget: 'virtual' }, 'c1')).rejects.toMatchObject({ messageKey: 'printing:errors.virtualNotAvailable' });
    await expect(s.service.updateSettings({ ...base, printerTarget: 'lpt1' }, 'c1')).rejects.toMatchObject({ messageKey: 'receipt:printer.targetNotAllowed', field: 'printerTarget' });
    const view = await s.service.updateSettings({ ...base, printerTarget: 'tcp://192.168.1.50' }, 'c1');
    expect(view.printerTarget).toBe('tcp://192.168.1.50:9100');
    expect(JSON.parse(readFileSync(path.join(s.dir, 'settings.json'), 'utf8')).printer).toBe('tcp://192.168.1.50:9100');
    const dev = await s.service.updateSettings({ ...base, printerTarget: '/dev/usb/lp0' }, 'c1');
    expect(dev).toMatchObject({ printerTarget: '/dev/usb/lp0', printerType: 'star', receiptLanguage: 'bilingual' });
  });

  it('settings: a settings.json that is not JSON is not overwritten', async () => {
    const s = await setup();
    writeFileSync(path.join(s.dir, 'settings.json'), '{ broken');
    await expect(
      s.service.updateSettings({ printerTarget: 'virtual', printerType: 'epson', paperWidth: 80, receiptLanguage: 'zh-CN', supervisorId: 's1', pin: '8888' }, 'c1'),
    ).rejects.toMatchObject({ messageKey: 'printing:errors.settingsUnreadable' });
    expect(readFileSync(path.join(s.dir, 'settings.json'), 'utf8')).toBe('{ broken');
  });
});
