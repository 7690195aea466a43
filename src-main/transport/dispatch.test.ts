import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { CallContext, ClerkSummary, Handlers } from '../../src-shared/contract';
import { method } from '../../src-shared/contract/define';
import { createDispatch } from './dispatch';

/** A small method table: one method per access level, and one whose handler breaks its output schema. */
const methods = {
  'x.public': method(z.object({}).strict(), z.object({ who: z.string().nullable() }), { access: 'public' }),
  'x.clerk': method(z.object({ n: z.number().int() }).strict(), z.object({ who: z.string(), n: z.number() })),
  'x.supervisor': method(z.object({}).strict(), z.object({ who: z.string() }), { access: 'supervisor' }),
  'x.badOutput': method(z.object({}).strict(), z.object({ n: z.number() })),
};

const calls: string[] = [];
const handlers = {
  'x.public': async (_i: unknown, call: CallContext & { clerk?: ClerkSummary }) => ({ who: call.clerk?.code ?? null }),
  'x.clerk': async ({ n }: { n: number }, call: { clerk: ClerkSummary }) => {
    calls.push(`clerk ${n}`);
    return { who: call.clerk.code, n };
  },
  'x.supervisor': async (_i: unknown, call: { clerk: ClerkSummary }) => {
    calls.push('supervisor');
    return { who: call.clerk.code };
  },
  'x.badOutput': async () => ({ n: 'not a number' }),
} as unknown as Handlers;

const CLERK: ClerkSummary = { clerkId: 'c1', code: '1001', name: '王芳', role: 'clerk' };
const SUPERVISOR: ClerkSummary = { clerkId: 's1', code: '9001', name: '李强', role: 'supervisor' };

function dispatchAs(who: ClerkSummary | null) {
  const errors: string[] = [];
  const d = createDispatch(handlers, () => who, { error: (_o, msg) => errors.push(msg) }, methods);
  return { call: (name: string, input: unknown = {}) => d(name, input, { transport: 'test' }), errors };
}

describe('dispatch enforces each method’s access', () => {
  it('public: anyone, signed in or not; the handler is not handed a clerk', async () => {
    expect(await dispatchAs(null).call('x.public')).toEqual({ ok: true, result: { who: null } });
    expect(await dispatchAs(CLERK).call('x.public')).toEqual({ ok: true, result: { who: null } });
  });

  it('clerk: refused signed out, before the input is looked at; a signed-in clerk or supervisor reaches the handler with who they are', async () => {
    calls.length = 0;
    expect(await dispatchAs(null).call('x.clerk', { n: 'bad' })).toEqual({ ok: false, error: { code: 'NOT_SIGNED_IN', messageKey: 'auth:notSignedIn' } });
    expect(await dispatchAs(CLERK).call('x.clerk', { n: 1 })).toEqual({ ok: true, result: { who: '1001', n: 1 } });
    expect(await dispatchAs(SUPERVISOR).call('x.clerk', { n: 2 })).toEqual({ ok: true, result: { who: '9001', n: 2 } });
    expect(calls).toEqual(['clerk 1', 'clerk 2']);
  });

  it('supervisor: a clerk is refused with FORBIDDEN and the handler never runs', async () => {
    calls.length = 0;
    expect(await dispatchAs(null).call('x.supervisor')).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    expect(await dispatchAs(CLERK).call('x.supervisor')).toEqual({ ok: false, error: { code: 'FORBIDDEN', messageKey: 'auth:supervisorOnly' } });
    expect(calls).toEqual([]);
    expect(await dispatchAs(SUPERVISOR).call('x.supervisor')).toEqual({ ok: true, result: { who: '9001' } });
  });

  it('in tests the output schema is parsed: a handler that breaks it is an internal error, logged', async () => {
    const d = dispatchAs(CLERK);
    expect(await d.call('x.badOutput')).toEqual({ ok: false, error: { code: 'INTERNAL', messageKey: 'errors:internal' } });
    expect(d.errors).toEqual(['handler failed']);
  });

  it('an unknown method is refused with its name', async () => {
    expect(await dispatchAs(CLERK).call('x.nope')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD', params: { name: 'x.nope' } } });
  });
});
