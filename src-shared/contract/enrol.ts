import { z } from 'zod';
import { method } from './define';

/**
 * Enrolment (issue 17 items 1 and 2): how this terminal is joined to HQ. A store build without an enrolment
 * shows the enrolment screen, where IT enters (or scans) the one-time code HQ issued and HQ's address.
 */
export const EnrolmentInfo = z.object({
  /** `code`: enrolled on this PC with a one-time code; `settings`: HQ URL and token set by hand (environment / settings.json); `demo`: the embedded demo HQ of `npm start`. */
  via: z.enum(['code', 'settings', 'demo']),
  hqUrl: z.string(),
  storeCode: z.string().nullable(),
  terminalCode: z.string().nullable(),
  enrolledAt: z.string().nullable(),
  /** How the token is kept at rest: Electron safeStorage (the OS keychain), or a file only this user may read (web mode); null for settings/demo. */
  protection: z.enum(['safeStorage', 'file0600']).nullable(),
});
export type EnrolmentInfo = z.infer<typeof EnrolmentInfo>;

export const EnrolInput = z
  .object({
    hqUrl: z.string().trim().min(1, 'enrol:hqUrlRequired').max(600),
    code: z.string().trim().min(1, 'enrol:codeRequired').max(600),
  })
  .strict();

export const EnrolResult = z.object({
  storeCode: z.string(),
  storeName: z.string(),
  terminalCode: z.string(),
  /** This terminal existed at HQ (a replaced PC): numbering continues after HQ's last receipt. */
  reenrolled: z.boolean(),
  lastReceiptSeq: z.number().int().nonnegative(),
  /** How the token is now kept on this PC. */
  protection: z.enum(['safeStorage', 'file0600']),
});
export type EnrolResult = z.infer<typeof EnrolResult>;

export const enrolMethods = {
  /** Trade a one-time enrolment code at HQ for this terminal's token; public: a new PC has no clerks yet (the code is the authority). */
  'enrol.submit': method(EnrolInput, EnrolResult, { access: 'public' }),
} as const;
