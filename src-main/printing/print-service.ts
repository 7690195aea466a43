/**
 * The print queue's use cases: printer status for the status bar, the job list, retry / cancel,
 * test print, receipt preview, reprint, and the printer settings (supervisor only). Owns the
 * background worker (print-worker.ts). Sales enqueue their own job in their transaction and call
 * `kick()` after commit.
 */
import path from 'node:path';
import { AppError } from '../../src-shared/contract/errors';
import { checkPrinterTarget, printerPlatformOf } from '../../src-shared/domain/printer-target';
import type { PrinterSettingsView, PrinterStatusView, PrintJobView } from '../../src-shared/contract/printing';
import type { ReceiptLine } from '../../src-shared/receipt/model';
import type { LocalSettings } from '../app-context';
import type { AuditLog } from '../services/audit';
import type { AuthService } from '../services/auth';
import { readSettingsJson, writeSettings } from '../config';
import type { Db } from '../../src-node/db/connection';
import type { PrintJobRepo, PrintJobRow } from '../db/repos/print-job-repo';
import { createSaleRepo } from '../db/repos/sale-repo';
import { createInvoiceRepo } from '../db/repos/invoice-repo';
import { columnsForPaper, linesForPayload } from './print-document';
import type { PrintPayload } from './print-payload';
import { parsePrinterTarget } from './printer-connection';
import { createPrintWorker, parseStoredPrintError, type PrintWorkerOptions, type WorkerLog } from './print-worker';

export interface PrintServiceDeps {
  db: Db;
  printJobs: PrintJobRepo;
  /** Live settings: updateSettings changes this object in place (ctx.local). */
  local: LocalSettings;
  audit: AuditLog;
  auth: Pick<AuthService, 'verifySupervisor'>;
  dataDir: string;
  now: () => Date;
  log?: WorkerLog;
  /** The store's time zone (test page). */
  timeZone?: () => string | undefined;
  /** The printer setting the terminal started with (env COUNTER_PRINTER, else settings.json, else "virtual"). */
  startPrinterSetting?: string;
  /** Environment at start (which variables override settings.json). Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Worker tuning (tests, bench). */
  worker?: Partial<Omit<PrintWorkerOptions, 'repo' | 'settings' | 'now' | 'log'>>;
}

function notFound(): AppError {
  return new AppError({ code: 'NOT_FOUND', messageKey: 'printing:errors.jobNotFound' });
}

/** The printer setting the terminal starts with, as src-main/config.ts resolves it. */
export function startPrinterSettingOf(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.COUNTER_PRINTER?.trim();
  if (fromEnv) return fromEnv;
  try {
    const file = readSettingsJson(path.join(dataDir, 'settings.json'));
    return typeof file.printer === 'string' ? file.printer : 'virtual';
  } catch {
    return 'virtual';
  }
}

/** A receipt number (or title) to show for a job, read from its payload. */
function describePayload(payloadText: string): { receiptNo: string | null; reprintCount: number | null } {
  try {
    const p = JSON.parse(payloadText) as PrintPayload;
    if (p.type === 'sale') return { receiptNo: p.data.receiptNo, reprintCount: p.reprintCount > 0 ? p.reprintCount : null };
    if (p.type === 'void') return { receiptNo: p.data.receiptNo || p.data.originalReceiptNo, reprintCount: null };
    if (p.type === 'report') return { receiptNo: p.title, reprintCount: null };
  } catch {
    // shown without a number
  }
  return { receiptNo: null, reprintCount: null };
}

export function printJobView(row: PrintJobRow): PrintJobView {
  return {
    jobId: row.job_id,
    kind: row.kind,
    refId: row.ref_id,
    ...describePayload(row.payload),
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: parseStoredPrintError(row.last_error),
    openDrawer: row.open_drawer === 1,
    createdAt: row.created_at,
    printedAt: row.printed_at,
  };
}

export function createPrintService(deps: PrintServiceDeps) {
  const { db, printJobs, local, audit, now } = deps;
  const sales = createSaleRepo(db);
  const invoices = createInvoiceRepo(db);
  const settingsFile = path.join(deps.dataDir, 'settings.json');
  const env = deps.env ?? process.env;
  const startSetting = deps.startPrinterSetting ?? startPrinterSettingOf(deps.dataDir, env);
  const startedVirtual = startSetting.trim().toLowerCase() === 'virtual';
  /** Where the bundled virtual printer listens (runtime.ts resolved "virtual" to it before we started). */
  const virtualUrl = startedVirtual ? local.printerTarget : null;

  const worker = createPrintWorker({
    ...deps.worker,
    repo: printJobs,
    settings: () => ({ ...local, timeZone: deps.timeZone?.() }),
    now,
    ...(deps.log ? { log: deps.log } : {}),
  });

  function requireJob(jobId: number): PrintJobRow {
    const row = printJobs.findPrintJob(jobId);
    if (!row) throw notFound();
    return row;
  }

  function stateError(row: PrintJobRow): AppError {
    return new AppError({ code: 'CONFLICT', messageKey: `printing:errors.job_${row.state}`, params: { jobId: row.job_id } });
  }

  /** The sale receipt data of a sale: from its original print job, with today's HQ status. */
  function invoiceEmail(saleId: string): { email: string } | null {
    const r = invoices.ofSale(saleId);
    return r ? { email: r.email } : null;
  }

  function saleReceiptPayload(saleId: string): Extract<PrintPayload, { type: 'sale' }> {
    const sale = sales.findSaleById(saleId);
    if (!sale) throw new AppError({ code: 'NOT_FOUND', messageKey: 'printing:errors.saleNotFound' });
    const original = printJobs.findPrintJobsFor(saleId).find((j) => j.kind === 'sale');
    if (!original) throw new AppError({ code: 'NOT_FOUND', messageKey: 'printing:errors.noReceipt' });
    const payload = JSON.parse(original.payload) as PrintPayload;
    if (payload.type !== 'sale') throw new AppError({ code: 'NOT_FOUND', messageKey: 'printing:errors.noReceipt' });
    return {
      type: 'sale',
      // the status now, and the e-invoice requested since the sale (issue 15 item 7)
      data: { ...payload.data, status: sale.hq_status === 'confirmed' ? 'confirmed' : 'pending', invoice: invoiceEmail(saleId) },
      reprintCount: 0,
    };
  }

  function settingsView(): PrinterSettingsView {
    return {
      printerTarget: virtualUrl !== null && local.printerTarget === virtualUrl ? 'virtual' : local.printerTarget,
      effectiveTarget: local.printerTarget,
      printerType: local.printerType,
      paperWidth: local.paperWidth,
      receiptLanguage: local.receiptLanguage,
      virtualAvailable: virtualUrl !== null,
      envOverrides: env.COUNTER_PRINTER?.trim() ? ['COUNTER_PRINTER'] : [],
      settingsFile,
    };
  }

  /** Validate a target the supervisor typed: what goes to settings.json, and where jobs go now. */
  function resolveTarget(input: string): { stored: string; live: string } {
    const text = input.trim();
    if (text.toLowerCase() === 'virtual') {
      if (virtualUrl === null) throw new AppError({ code: 'INVALID_INPUT', messageKey: 'printing:errors.virtualNotAvailable', field: 'printerTarget' });
      return { stored: 'virtual', live: virtualUrl };
    }
    // the shared allow-list first: never a plain file (it is opened for append), never a control character
    const allowed = checkPrinterTarget(input, printerPlatformOf(process.platform));
    if (!allowed.ok && allowed.reason !== 'empty') {
      const messageKey = allowed.reason === 'controlChar' ? 'receipt:printer.targetControlChar' : 'receipt:printer.targetNotAllowed';
      // eslint-disable-next-line no-control-regex
      throw new AppError({ code: 'INVALID_INPUT', messageKey, field: 'printerTarget', params: { target: text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd') } });
    }
    let parsed;
    try {
      parsed = parsePrinterTarget(text);
    } catch {
      throw new AppError({ code: 'INVALID_INPUT', messageKey: 'receipt:printer.targetInvalid', field: 'printerTarget', params: { target: text } });
    }
    if (parsed.kind === 'tcp') {
      if (parsed.host.includes(':')) throw new AppError({ code: 'INVALID_INPUT', messageKey: 'receipt:printer.targetInvalid', field: 'printerTarget', params: { target: text } });
      const url = `tcp://${parsed.host}:${parsed.port}`;
      return { stored: url, live: url };
    }
    if (parsed.kind === 'device') return { stored: parsed.path, live: parsed.path };
    throw new AppError({ code: 'INVALID_INPUT', messageKey: 'receipt:printer.targetInvalid', field: 'printerTarget', params: { target: text } });
  }

  type SettingsForm = Pick<PrinterSettingsView, 'printerTarget' | 'printerType' | 'paperWidth' | 'receiptLanguage'>;
  function applySettings(patch: Partial<SettingsForm>, clerkId: string, approval: Record<string, string>): PrinterSettingsView {
    const before = settingsView();
    const target = patch.printerTarget !== undefined ? resolveTarget(patch.printerTarget) : null;
    const next = {
      printerType: patch.printerType ?? local.printerType,
      paperWidth: patch.paperWidth ?? local.paperWidth,
      receiptLanguage: patch.receiptLanguage ?? local.receiptLanguage,
    };
    writeSettings(settingsFile, { ...(target ? { printer: target.stored } : {}), ...next });
    if (target) local.printerTarget = target.live;
    local.printerType = next.printerType;
    local.paperWidth = next.paperWidth;
    local.receiptLanguage = next.receiptLanguage;
    const after = settingsView();
    audit.record('printer.updateSettings', clerkId, {
      ...approval,
      before: { printerTarget: before.printerTarget, printerType: before.printerType, paperWidth: before.paperWidth, receiptLanguage: before.receiptLanguage },
      after: { printerTarget: after.printerTarget, printerType: after.printerType, paperWidth: after.paperWidth, receiptLanguage: after.receiptLanguage },
    });
    void worker.refreshStatus();
    worker.kick();
    return after;
  }

  return {
    start: (): void => worker.start(),
    stop: (): Promise<void> => worker.stop(),
    /** Call after committing a transaction that enqueued a print job. */
    kick: (): void => worker.kick(),
    worker,

    status(): PrinterStatusView {
      const counts = printJobs.printJobCounts();
      return {
        target: local.printerTarget,
        state: worker.state(),
        waitingJobs: counts.queued + counts.printing,
        failedJobs: counts.failed,
      };
    },

    jobs(): { open: PrintJobView[]; recent: PrintJobView[] } {
      return {
        open: printJobs.listOpenPrintJobs().map(printJobView),
        recent: printJobs.listRecentPrintJobs(10).map(printJobView),
      };
    },

    /** A failed (or backing-off) job is tried again now. */
    retryJob(jobId: number, clerkId: string): PrintJobView {
      const row = requireJob(jobId);
      const ok = db.transaction(() => {
        if (!printJobs.retryPrintJob(jobId)) return false;
        audit.record('printer.retryJob', clerkId, { jobId, kind: row.kind, refId: row.ref_id, attempts: row.attempts });
        return true;
      })();
      if (!ok) throw stateError(row);
      worker.kick();
      return printJobView(requireJob(jobId));
    },

    /** A waiting or failed job is dropped (never a job being printed or already printed). */
    cancelJob(jobId: number, clerkId: string): PrintJobView {
      const row = requireJob(jobId);
      const ok = db.transaction(() => {
        if (!printJobs.cancelPrintJob(jobId)) return false;
        audit.record('printer.cancelJob', clerkId, { jobId, kind: row.kind, refId: row.ref_id, attempts: row.attempts, state: row.state });
        return true;
      })();
      if (!ok) throw stateError(row);
      return printJobView(requireJob(jobId));
    },

    testPrint(clerkId: string): PrintJobView {
      const jobId = db.transaction(() => {
        const id = printJobs.enqueuePrintJob({ kind: 'test', refId: null, payload: { type: 'test' } satisfies PrintPayload, openDrawer: false, createdAt: now().toISOString() });
        audit.record('printer.testPrint', clerkId, { jobId: id, target: local.printerTarget });
        return id;
      })();
      worker.kick();
      return printJobView(requireJob(jobId));
    },

    /** The sale's receipt laid out exactly as the printer gets it (current paper width and language). */
    preview(saleId: string): { columns: 32 | 48; language: LocalSettings['receiptLanguage']; lines: ReceiptLine[] } {
      const payload = saleReceiptPayload(saleId);
      const { columns, lines } = linesForPayload(payload, local, now());
      return { columns, language: local.receiptLanguage, lines };
    },

    /** Print the sale's receipt again, marked "重印 / REPRINT #n"; never opens the drawer. */
    reprint(saleId: string, clerkId: string): { job: PrintJobView; reprintCount: number } {
      const base = saleReceiptPayload(saleId);
      const sale = sales.findSaleById(saleId)!;
      if (sale.voided_at) throw new AppError({ code: 'CONFLICT', messageKey: 'printing:errors.reprintVoided', params: { receiptNo: sale.receipt_no } });
      const { jobId, count } = db.transaction(() => {
        const n = sales.incrementReprints(saleId);
        const id = printJobs.enqueuePrintJob({
          kind: 'reprint',
          refId: saleId,
          payload: { ...base, reprintCount: n } satisfies PrintPayload,
          openDrawer: false,
          createdAt: now().toISOString(),
        });
        audit.record('sale.reprint', clerkId, { saleId, receiptNo: sale.receipt_no, reprintCount: n, jobId: id });
        return { jobId: id, count: n };
      })();
      worker.kick();
      return { job: printJobView(requireJob(jobId)), reprintCount: count };
    },

    settings: settingsView,

    /** Supervisor only: change the printer, paper and receipt language now and in settings.json. */
    async updateSettings(
      input: { supervisorId: string; pin: string; printerTarget: string; printerType: LocalSettings['printerType']; paperWidth: 58 | 80; receiptLanguage: LocalSettings['receiptLanguage'] },
      clerkId: string,
    ): Promise<PrinterSettingsView> {
      resolveTarget(input.printerTarget);
      const supervisor = await deps.auth.verifySupervisor(input.supervisorId, input.pin, 'printer.updateSettings');
      return applySettings(input, clerkId, { supervisorId: supervisor.clerkId });
    },

    /**
     * Apply a printer change a signed-in supervisor made (the IT settings screen: dispatch checked the role):
     * validated, written to settings.json, live at once, audited.
     */
    applySettings: (patch: Partial<SettingsForm>, clerkId: string): PrinterSettingsView => applySettings(patch, clerkId, { via: 'settings.update' }),

    columns: (): 32 | 48 => columnsForPaper(local.paperWidth),
  };
}
export type PrintService = ReturnType<typeof createPrintService>;
