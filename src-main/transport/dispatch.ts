import type { z } from 'zod';
import { contract, type CallContext, type Handlers, type SessionSlot } from '../../src-shared/contract';
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
 * The one path every call takes, whichever transport carried it: is the method known, may a signed-out
 * terminal call it (does this caller hold the live session; the check refreshes it), does the input pass
 * the contract's schema; then the handler; errors become the model.
 */
export function createDispatch(handlers: Handlers, isSignedIn: (ctx: CallContext) => boolean, logger: DispatchLogger): Dispatch {
  /** In-process callers (tests, tools) carry no slot: they share this one (web and Electron always bring theirs). */
  const inProcess: SessionSlot = { secret: null };
  return async (name, rawInput, given) => {
    const ctx: CallContext = given.session ? given : { ...given, session: inProcess };
    if (!Object.prototype.hasOwnProperty.call(contract, name)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', messageKey: 'errors:unknownMethod', params: { name } } };
    }
    const key = name as keyof typeof contract;
    const spec = contract[key];
    if (!('public' in spec && spec.public) && !isSignedIn(ctx)) {
      return { ok: false, error: { code: 'NOT_SIGNED_IN', messageKey: 'auth:notSignedIn' } };
    }
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) return { ok: false, error: invalidInput(parsed.error) };
    try {
      const handler = handlers[key] as (input: unknown, ctx: CallContext) => Promise<unknown>;
      return { ok: true, result: await handler(parsed.data, ctx) };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.toShape() };
      logger.error({ err, method: name }, 'handler failed');
      return { ok: false, error: { code: 'INTERNAL', messageKey: 'errors:internal' } };
    }
  };
}
