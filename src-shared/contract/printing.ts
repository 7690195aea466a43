import { z } from 'zod';
import { method } from './define';

export const LivePrinterState = z.enum(['ready', 'busy', 'paperOut', 'coverOpen', 'offline', 'unknown']);

/** Same shape as TerminalStatus.printer (the status bar). */
export const PrinterStatusView = z.object({
  target: z.string(),
  state: LivePrinterState,
  waitingJobs: z.number().int(),
  failedJobs: z.number().int(),
});
export type PrinterStatusView = z.infer<typeof PrinterStatusView>;

export const PrintJobKind = z.enum(['sale', 'void', 'reprint', 'report', 'test']);
export const PrintJobState = z.enum(['queued', 'printing', 'done', 'failed', 'cancelled']);

const ErrorShape = z.object({
  code: z.string(),
  messageKey: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

export const PrintJobView = z.object({
  jobId: z.number().int(),
  kind: PrintJobKind,
  /** The sale id (sale, void, reprint), or null. */
  refId: z.string().nullable(),
  /** Receipt number (or report title) to show the clerk. */
  receiptNo: z.string().nullable(),
  reprintCount: z.number().int().nullable(),
  state: PrintJobState,
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastError: ErrorShape.nullable(),
  openDrawer: z.boolean(),
  createdAt: z.string(),
  printedAt: z.string().nullable(),
});
export type PrintJobView = z.infer<typeof PrintJobView>;

export const PaperWidth = z.union([z.literal(58), z.literal(80)]);
export const PrinterType = z.enum(['epson', 'star']);
export const ReceiptLanguage = z.enum(['zh-CN', 'en', 'bilingual']);

export const PrinterSettingsView = z.object({
  /** What the form shows: "virtual" for the bundled virtual printer, else tcp://host:port or a device path. */
  printerTarget: z.string(),
  /** Where jobs actually go (the virtual printer's tcp:// address when virtual). */
  effectiveTarget: z.string(),
  printerType: PrinterType,
  paperWidth: PaperWidth,
  receiptLanguage: ReceiptLanguage,
  /** "virtual" may be chosen only when the terminal started with it. */
  virtualAvailable: z.boolean(),
  /** Environment variables that set a value at start; they win over settings.json at the next start. */
  envOverrides: z.array(z.string()),
  settingsFile: z.string(),
});
export type PrinterSettingsView = z.infer<typeof PrinterSettingsView>;

/** One laid-out receipt line (src-shared/receipt/model.ts ReceiptLine). */
export const ReceiptLineView = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('text'),
    text: z.string(),
    align: z.enum(['left', 'center', 'right']),
    bold: z.boolean(),
    doubleSize: z.boolean(),
  }),
  z.object({ kind: z.literal('qr'), payload: z.string() }),
  z.object({ kind: z.literal('feed'), lines: z.number().int() }),
]);

const JobId = z.object({ jobId: z.number().int().positive() }).strict();
const SaleRef = z.object({ saleId: z.string().min(1).max(64) }).strict();

/** The print queue, the printer and its settings; reprints. Signed-in clerks; settings need a supervisor. */
export const printingMethods = {
  'printer.status': method(z.object({}).strict(), PrinterStatusView),
  'printer.jobs': method(
    z.object({}).strict(),
    z.object({ printer: PrinterStatusView, open: z.array(PrintJobView), recent: z.array(PrintJobView) }),
  ),
  'printer.retryJob': method(JobId, z.object({ job: PrintJobView })),
  'printer.cancelJob': method(JobId, z.object({ job: PrintJobView })),
  'printer.testPrint': method(z.object({}).strict(), z.object({ job: PrintJobView })),
  'printer.preview': method(
    SaleRef,
    z.object({ columns: z.union([z.literal(32), z.literal(48)]), language: ReceiptLanguage, lines: z.array(ReceiptLineView) }),
  ),
  'printer.settings': method(z.object({}).strict(), z.object({ settings: PrinterSettingsView })),
  'printer.updateSettings': method(
    z
      .object({
        supervisorId: z.string().min(1).max(64),
        pin: z.string().regex(/^\d{4,8}$/, 'errors:pinFormat'),
        printerTarget: z.string().trim().min(1, 'printing:errors.targetRequired').max(256),
        printerType: PrinterType,
        paperWidth: PaperWidth,
        receiptLanguage: ReceiptLanguage,
      })
      .strict(),
    z.object({ settings: PrinterSettingsView }),
  ),
} as const;
