import type { z } from 'zod';

/**
 * Who may call a method; dispatch enforces it before the handler runs.
 * - `public`: a signed-out terminal (sign-in screen, status bar, enrolment, restore);
 * - `clerk`: any signed-in clerk (the default); the handler receives that clerk;
 * - `supervisor`: a signed-in supervisor (IT and store settings). An approval given with a supervisor's PIN
 *   inside a clerk's call (void, unlock) is not this: it is checked by the service with the PIN.
 */
export type Access = 'public' | 'clerk' | 'supervisor';

/** One contract method: a name, the schema its input must pass, the schema of its output, who may call it. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, A extends Access = Access> {
  input: I;
  output: O;
  access: A;
}

export function method<I extends z.ZodType, O extends z.ZodType, A extends Access = 'clerk'>(
  input: I,
  output: O,
  options: { access?: A } = {},
): MethodSpec<I, O, A> {
  return { input, output, access: (options.access ?? 'clerk') as A };
}
