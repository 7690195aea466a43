import type { z } from 'zod';

/** One contract method: a name, the schema its input must pass and the schema of its output. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** Methods a signed-out terminal may call (sign-in screen, status bar). */
  public?: boolean;
}

export function method<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  options: { public?: boolean } = {},
): MethodSpec<I, O> {
  return { input, output, ...options };
}
