import type { z } from 'zod';
import { contract, type CallContext, type ClerkSummary, type Handlers, type SessionSlot, type SignedInCall } from '../../src-shared/contract';
import type { Access, MethodSpec } from '../../src-shared/contract/define';
import { AppError, type AppErrorShape, type Envelope } from '../../src-shared/contract/errors';

export type Dispatch = (name: string, rawInput: unknown, ctx: CallContext) => Promise<Envelope<unknown>>;

export interface DispatchLogger {
  error(obj: object, msg: string): void;
}

const KEY_LIKE = /^[a-zA-Z]+:[a-zA-Z0-9_.]+$/;

/** The first schema problem as the error model: which field, and a translated key. */
export function invalidInput(error: z.ZodError): AppErrorShape {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : undefined;
  const messageKey = issue && KEY_LIKE.test(issue.message) ? issue.message : 'errors:invalidInput';
  const out: AppErrorShape = { code: 'INVALID_INPUT', messageKey };
  if (field) out.field = field;
  return out;
}

/**
 * Output schemas are parsed where a mismatch should be loud and the cost does not matter: under Vitest and
 * Playwright (NODE_ENV=test or COUNTER_CHECK_OUTPUTS=1) and in development builds (NODE_ENV=development).
 * A store build skips it: the types already hold the handlers to the contract.
 */
const checkOutputs = process.env.NODE_ENV === 'test' || process.env.NODE_ENV === 'development' || process.env.COUNTER_CHECK_OUTPUTS === '1';

/**
 * The one path every call takes, whichever transport carried it: is the method known, may this caller call
 * it (its `access`: public, any signed-in clerk, or a signed-in supervisor; the session check refreshes the
 * session), does the input pass the contract's schema; then the handler, which gets the signed-in clerk;
 * errors become the model.
 */
export function createDispatch(
  handlers: Handlers,
  signedInClerk: (ctx: CallContext) => ClerkSummary | null,
  logger: DispatchLogger,
  /** The method table; tests of dispatch itself pass a small one. */
  methods: Record<string, MethodSpec> = contract,
): Dispatch {
  /** In-process callers (tests, tools) carry no slot: they share this one (web and Electron always bring theirs). */
  const inProcess: SessionSlot = { secret: null };
  return async (name, rawInput, given) => {
    const ctx: CallContext = given.session ? given : { ...given, session: inProcess };
    if (!Object.prototype.hasOwnProperty.call(methods, name)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', messageKey: 'errors:unknownMethod', params: { name } } };
    }
    const key = name as keyof typeof contract;
    const spec = methods[name]!;
    const access: Access = spec.access;
    let call: CallContext | SignedInCall = ctx;
    if (access !== 'public') {
      const clerk = signedInClerk(ctx);
      if (!clerk) return { ok: false, error: { code: 'NOT_SIGNED_IN', messageKey: 'auth:notSignedIn' } };
      if (access === 'supervisor' && clerk.role !== 'supervisor') return { ok: false, error: { code: 'FORBIDDEN', messageKey: 'auth:supervisorOnly' } };
      call = { ...ctx, clerk };
    }
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) return { ok: false, error: invalidInput(parsed.error) };
    try {
      const handler = handlers[key] as (input: unknown, ctx: CallContext) => Promise<unknown>;
      const result = await handler(parsed.data, call);
      if (checkOutputs) {
        // tests and development builds: the answer must match the contract's output schema
        const out = spec.output.safeParse(result);
        if (!out.success) throw new Error(`${name}: the handler's result does not match the contract's output schema: ${out.error.message}`);
      }
      return { ok: true, result };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.toShape() };
      logger.error({ err, method: name }, 'handler failed');
      return { ok: false, error: { code: 'INTERNAL', messageKey: 'errors:internal' } };
    }
  };
}
