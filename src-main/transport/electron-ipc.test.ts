import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../src-shared/contract/method-names';
import { isTrustedSender, registerIpcHandlers } from './electron-ipc';

const RENDERER = 'file:///opt/counter/dist/renderer/index.html';
const defaultSender = { id: 1 };
const frame = (url: string, sender: object = defaultSender) => ({ senderFrame: { url }, sender }) as never;

describe('Electron IPC transport', () => {
  it('trusts only the app’s own page', () => {
    expect(isTrustedSender(frame(RENDERER), RENDERER)).toBe(true);
    expect(isTrustedSender(frame(`${RENDERER}#/sales`), RENDERER)).toBe(true);
    expect(isTrustedSender(frame('file:///tmp/evil.html'), RENDERER)).toBe(false);
    expect(isTrustedSender(frame('https://example.com/index.html'), RENDERER)).toBe(false);
    expect(isTrustedSender({ senderFrame: null } as never, RENDERER)).toBe(false);
  });

  it('registers one handler per contract method, and refuses an untrusted sender before dispatch', async () => {
    const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
    const calls: string[] = [];
    registerIpcHandlers(
      { handle: (channel: string, fn: (event: unknown, input: unknown) => Promise<unknown>) => handlers.set(channel, fn) } as never,
      async (name) => {
        calls.push(name);
        return { ok: true, result: null };
      },
      RENDERER,
    );
    expect([...handlers.keys()].sort()).toEqual(METHOD_NAMES.map((n) => `counter:${n}`).sort());
    const refused = await handlers.get('counter:system.ping')!(frame('file:///tmp/evil.html'), {});
    expect(refused).toEqual({ ok: false, error: { code: 'FORBIDDEN', messageKey: 'errors:forbiddenSender' } });
    expect(calls).toEqual([]);
    await handlers.get('counter:system.ping')!(frame(RENDERER), {});
    expect(calls).toEqual(['system.ping']);
  });

  it('keeps a session slot per window in the main process: the same window brings the same slot, another window none of it', async () => {
    const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
    const seen: { name: string; session: { secret: string | null } | undefined }[] = [];
    registerIpcHandlers(
      { handle: (channel: string, fn: (event: unknown, input: unknown) => Promise<unknown>) => handlers.set(channel, fn) } as never,
      async (name, _input, ctx) => {
        seen.push({ name, session: ctx.session });
        if (name === 'auth.signIn' && ctx.session) ctx.session.secret = 'secret-of-window-1';
        return { ok: true, result: null };
      },
      RENDERER,
    );
    const other = { id: 2 };
    await handlers.get('counter:auth.signIn')!(frame(RENDERER), {});
    await handlers.get('counter:shift.current')!(frame(RENDERER), {});
    await handlers.get('counter:shift.current')!(frame(RENDERER, other), {});
    expect(seen[1]!.session).toBe(seen[0]!.session);
    expect(seen[1]!.session?.secret).toBe('secret-of-window-1');
    expect(seen[2]!.session).not.toBe(seen[0]!.session);
    expect(seen[2]!.session?.secret).toBeNull();
  });
});
