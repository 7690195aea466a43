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

export const ledgerMethods = {
  /** Restore the newest backup with the SQLite backup API; a supervisor of that backup confirms. */
  'ledger.restoreBackup': method(SupervisorPin, z.object({ ledger: LedgerStatus }), { access: 'public' }),
  /** This PC replaces the old one: continue from HQ's last known sequences (needs HQ). */
  'ledger.reenrol': method(SupervisorPin.extend({ confirm: z.literal(true) }).strict(), z.object({ ledger: LedgerStatus }), { access: 'public' }),
} as const;
