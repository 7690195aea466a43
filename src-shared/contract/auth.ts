import { z } from 'zod';
import { method } from './define';

const ClerkId = z.string().min(1).max(64);
const Pin = z.string().regex(/^\d{4,8}$/, 'errors:pinFormat');

export const Role = z.enum(['clerk', 'supervisor']);
export const ClerkSummary = z.object({
  clerkId: z.string(),
  code: z.string(),
  name: z.string(),
  role: Role,
});
export type ClerkSummary = z.infer<typeof ClerkSummary>;

const ClerkRef = z.object({ clerkId: z.string(), code: z.string(), name: z.string(), role: z.enum(['clerk', 'supervisor']) });

/** auth.*: who works the terminal — the clerk list, sign-in/out, the session, the idle lock and a supervisor's unlock. */
export const authMethods = {
  'auth.listClerks': method(z.object({}).strict(), z.object({ clerks: z.array(ClerkSummary) }), { access: 'public' }),
  'auth.signIn': method(
    z.object({ clerkId: ClerkId, pin: Pin }).strict(),
    z.object({ clerk: ClerkSummary }),
    { access: 'public' },
  ),
  'auth.signOut': method(z.object({}).strict(), z.object({ ok: z.literal(true) }), { access: 'public' }),
  'auth.session': method(z.object({}).strict(), z.object({ clerk: ClerkSummary.nullable() }), { access: 'public' }),
  'auth.unlockClerk': method(
    z.object({ clerkId: ClerkId, supervisorId: ClerkId, pin: Pin }).strict(),
    z.object({ clerk: ClerkRef }),
    { access: 'public' },
  ),
  /** The idle lock: the clerk stays the owner of the screen; only their PIN (or another clerk's sign-in) opens it. */
  'auth.lock': method(z.object({}).strict(), z.object({ ok: z.literal(true) })),
  'auth.lockState': method(
    z.object({}).strict(),
    z.object({ idleLockMinutes: z.number().int().positive(), lockedClerk: ClerkRef.nullable() }),
    { access: 'public' },
  ),
} as const;
