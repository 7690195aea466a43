import { z } from 'zod';
import { OFFLINE_REASONS } from '../domain/hq-retry-policy';
import { method } from './define';
import { lookupMethods } from './lookup';
import { accountMethods } from './account';
import { salesMethods } from './sales';
import { paymentsMethods } from './payments';
import { printingMethods } from './printing';
import { syncMethods } from './sync';
import { shiftMethods } from './shift';
import { dayMethods } from './day';
import { authMethods, ClerkSummary } from './auth';
import { LedgerStatus, ledgerMethods } from './ledger';
import { settingsMethods } from './settings';
import { EnrolmentInfo, enrolMethods } from './enrol';
import { cardinfoMethods } from './cardinfo';

export const SyncStatus = z.object({
  /** HQ accepted the terminal's last push and last pull (issue 10 item 6). */
  online: z.boolean(),
  /** Why not online (`sync:reason.*`); null when online or before the first call to HQ ended. */
  offlineReason: z.enum(OFFLINE_REASONS).nullable(),
  configured: z.boolean(),
  pendingCount: z.number().int(),
  oldestPendingAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  accountsCached: z.number().int(),
  snapshot: z.object({
    state: z.enum(['idle', 'importing', 'done', 'failed']),
    imported: z.number().int(),
    total: z.number().int(),
  }),
});
export const PrinterStatus = z.object({
  target: z.string(),
  state: z.enum(['ready', 'busy', 'paperOut', 'coverOpen', 'offline', 'unknown']),
  waitingJobs: z.number().int(),
  failedJobs: z.number().int(),
});
/** A condition the status bar shows until it clears (disk full, log file unwritable, HQ refused the token…). */
export const StatusFault = z.object({
  code: z.string(),
  messageKey: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type StatusFault = z.infer<typeof StatusFault>;
export const TerminalStatus = z.object({
  /** Joined to an HQ (issue 17): false in a store build before IT enrolled it — the enrolment screen shows. */
  enrolled: z.boolean(),
  /** How it is joined (null while not enrolled). */
  enrolment: EnrolmentInfo.nullable(),
  terminal: z
    .object({ storeCode: z.string(), storeName: z.string(), terminalCode: z.string(), timeZone: z.string() })
    .nullable(),
  clerk: ClerkSummary.nullable(),
  sync: SyncStatus,
  printer: PrinterStatus,
  /** The ledger guard: 'restoreRequired' shows the restore screen and refuses sales (issue 10 item 5). */
  ledger: LedgerStatus.optional(),
  faults: z.array(StatusFault),
  /**
   * Whether this terminal has an open shift and the business date a sale now belongs to, for the status
   * bar — also on the lock screen, where the signed-out caller cannot ask `shift.current`. Null before
   * the terminal has its store.
   */
  shift: z.object({ open: z.boolean(), businessDate: z.string() }).nullable().optional(),
  now: z.string(),
});
export type TerminalStatus = z.infer<typeof TerminalStatus>;

/**
 * THE contract: every capability of the main process, by name. Both transports (Electron IPC and the
 * loopback web server) serve exactly this table; the renderer calls it through one typed client.
 */
/** The system.* slice: health, ping, status for the status bar, renderer errors. */
export const systemMethods = {
  'system.health': method(
    z.object({}).strict(),
    z.object({ ok: z.boolean(), error: z.object({ code: z.string(), messageKey: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() }).nullable(), dataDir: z.string() }),
    { access: 'public' },
  ),
  'system.ping': method(z.object({}).strict(), z.object({ pong: z.literal(true), at: z.string() }), { access: 'public' }),
  'system.status': method(z.object({}).strict(), TerminalStatus, { access: 'public' }),
  /** A screen's render error caught by its error boundary, for the main process log. */
  'system.rendererError': method(
    z.object({ screen: z.string().max(32), message: z.string().max(500), componentStack: z.string().max(4000) }).strict(),
    z.object({ logged: z.literal(true) }),
    { access: 'public' },
  ),
};

export const contract = {
  ...systemMethods,
  ...authMethods,
  ...lookupMethods,
  ...accountMethods,
  ...salesMethods,
  ...paymentsMethods,
  ...printingMethods,
  ...syncMethods,
  ...shiftMethods,
  ...dayMethods,
  ...ledgerMethods,
  ...settingsMethods,
  ...enrolMethods,
  ...cardinfoMethods,
} as const;

export type Contract = typeof contract;
