import { z } from 'zod';
import { method } from './define';

/**
 * The ledger guard (issue 10 item 5): whether this database is the ledger the terminal had. When it is
 * not (empty, replaced, behind HQ), selling is refused and the restore screen offers the newest backup
 * or re-enrolment.
 */
export const LedgerStatus = z.object({
  state: z.enum(['ok', 'restoreRequired']),
  reason: z.enum(['ledgerMissing', 'ledgerReplaced', 'ledgerBehind', 'hqAhead']).nullable(),
  /** The newest backup that holds a ledger, if any. */
  backup: z
    .object({ file: z.string(), at: z.string(), sales: z.number().int(), lastReceiptNo: z.string().nullable() })
    .nullable(),
  /** HQ's highest receipt sequence for this terminal, when HQ was reached. */
  hqLastReceiptSeq: z.number().int().nullable(),
});
export type LedgerStatus = z.infer<typeof LedgerStatus>;

const SupervisorPin = z
  .object({
    supervisorCode: z.string().trim().min(1, 'ledger:supervisorCodeRequired').max(16),
    pin: z.string().regex(/^\d{4,8}$/, 'errors:pinFormat'),
  })
  .strict();

/** A backup HQ holds of this terminal (sealed on the terminal; issue 17 item 6). */
export const HqBackupSummary = z.object({
  backupId: z.string(),
  /** When the terminal took it. */
  at: z.string(),
  sales: z.number().int(),
  lastReceiptNo: z.string().nullable(),
  sizeBytes: z.number().int(),
  /** The secret it is sealed with: IT's backup key, or the HQ token the terminal had. */
  keySource: z.enum(['backupKey', 'hqToken']),
});
export type HqBackupSummary = z.infer<typeof HqBackupSummary>;

export const ledgerMethods = {
  /** The backups HQ holds of this terminal, newest first (only while the ledger must be restored; needs HQ). */
  'ledger.hqBackups': method(z.object({}).strict(), z.object({ backups: z.array(HqBackupSummary) }), { access: 'public' }),
  /**
   * Download a backup from HQ (the newest, or `backupId`), decrypt and check it (integrity, terminal, schema
   * version), and install it like a local backup; a supervisor of that backup confirms. A bad backup changes nothing.
   */
  'ledger.restoreFromHq': method(SupervisorPin.extend({ backupId: z.string().min(1).max(80).optional() }).strict(), z.object({ ledger: LedgerStatus }), { access: 'public' }),
  /** Restore the newest backup with the SQLite backup API; a supervisor of that backup confirms. */
  'ledger.restoreBackup': method(SupervisorPin, z.object({ ledger: LedgerStatus }), { access: 'public' }),
  /** This PC replaces the old one: continue from HQ's last known sequences (needs HQ). */
  'ledger.reenrol': method(SupervisorPin.extend({ confirm: z.literal(true) }).strict(), z.object({ ledger: LedgerStatus }), { access: 'public' }),
} as const;
