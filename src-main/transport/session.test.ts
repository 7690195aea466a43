import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CLERKS, startTestHq, type TestHq } from '../../test-support/hq';
import { openTestTerminal, type TestTerminal } from '../../test-support/terminal-harness';
import { startWebServer, TOKEN_HEADER, type WebServer } from './web-server';

/**
 * The session lives in the main process (issue 10 item 10): a real terminal (real SQLite, real HQ) behind
 * the real web transport, called over real HTTP by two API clients that both hold the launch token.
 */
const [clerk] = DEMO_CLERKS;
const CLERK_ID = `S001-${clerk.code}`;
const TOKEN = 'launch-token-0123456789abcdef';
const MINUTE = 60_000;

let hq: TestHq;
let t: TestTerminal;
let server: WebServer;
let staticDir: string;
const clock = { ms: Date.parse('2026-11-25T02:00:00.000Z') };

/** One API client: the launch token, and whatever cookies the server hands it (as a browser keeps them). */
function client(token = TOKEN) {
  const jar = new Map<string, string>();
  return {
    jar,
    async call(method: string, input: unknown = {}) {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await fetch(`${server.url}api/${method}`, {
        method: 'POST',
        headers: { [TOKEN_HEADER]: token, 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify(input),
      });
      for (const line of res.headers.getSetCookie()) {
        const [pair, ...attrs] = line.split(';');
        const [name, value] = pair!.split('=') as [string, string];
        if (attrs.some((a) => /max-age=0/i.test(a.trim()))) jar.delete(name.trim());
        else jar.set(name.trim(), value);
      }
      return { status: res.status, body: (await res.json()) as { ok: boolean; result?: { clerk?: { code: string } | null; lockedClerk?: { code: string } | null }; error?: { code: string } } };
    },
  };
}

beforeEach(async () => {
  clock.ms = Date.parse('2026-11-25T02:00:00.000Z');
  hq = await startTestHq();
  t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token, now: () => new Date(clock.ms) });
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-static-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  server = await startWebServer({ port: 0, token: TOKEN, staticDir, dispatch: t.app.dispatch });
});
afterEach(async () => {
  await server.close();
  await t.close();
  await hq.stop();
  fs.rmSync(t.dir, { recursive: true, force: true });
  fs.rmSync(staticDir, { recursive: true, force: true });
});

describe('server-side session over real HTTP', () => {
  it('a second API client with the launch token is not signed in by the page’s sign-in, and a copied session ends at sign-out', async () => {
    const page = client();
    const other = client();
    expect((await page.call('auth.signIn', { clerkId: CLERK_ID, pin: clerk.pin })).body.ok).toBe(true);
    expect((await page.call('shift.current')).status).toBe(200);
    // the launch token alone is not the clerk's session
    expect((await other.call('shift.current')).body.error?.code).toBe('NOT_SIGNED_IN');
    expect((await other.call('auth.session')).body.result?.clerk).toBeNull();
    // a client that got hold of the session (copied cookie) works until the page signs out…
    for (const [k, v] of page.jar) other.jar.set(k, v);
    expect((await other.call('shift.current')).status).toBe(200);
    expect((await page.call('auth.signOut')).body.ok).toBe(true);
    // …then it is signed out for every caller
    expect((await other.call('shift.current')).body.error?.code).toBe('NOT_SIGNED_IN');
    expect((await page.call('shift.current')).body.error?.code).toBe('NOT_SIGNED_IN');
    expect((await other.call('auth.session')).body.result?.clerk).toBeNull();
    // and a sign-out from a caller without the session does not end the clerk's session
    expect((await page.call('auth.signIn', { clerkId: CLERK_ID, pin: clerk.pin })).body.ok).toBe(true);
    expect((await client().call('auth.signOut')).body.ok).toBe(true);
    expect((await page.call('shift.current')).status).toBe(200);
  });

  it('a session idle beyond the store’s idle minutes is refused server-side (fake clock) and shows as the idle lock; every signed-in call refreshes it', async () => {
    const idle = t.ctx.store()!.settings.idleLockMinutes;
    const page = client();
    await page.call('auth.signIn', { clerkId: CLERK_ID, pin: clerk.pin });
    // activity keeps it alive well past the idle time
    for (let i = 0; i < 4; i++) {
      clock.ms += (idle - 1) * MINUTE;
      expect((await page.call('shift.current')).status).toBe(200);
    }
    // public status polls are not activity
    clock.ms += (idle - 1) * MINUTE;
    expect((await page.call('system.status')).body.result?.clerk?.code).toBe(clerk.code);
    clock.ms += MINUTE + 1;
    expect((await page.call('shift.current')).body.error?.code).toBe('NOT_SIGNED_IN');
    expect((await page.call('system.status')).body.result?.clerk).toBeNull();
    expect((await page.call('auth.lockState')).body.result?.lockedClerk?.code).toBe(clerk.code);
    const idleLocks = t.ctx.db.prepare("SELECT detail FROM audit_log WHERE action = 'auth.idleLock'").all() as { detail: string }[];
    expect(idleLocks.map((r) => JSON.parse(r.detail) as Record<string, unknown>)).toEqual([expect.objectContaining({ by: 'server' })]);
    // the same clerk's PIN opens it again
    expect((await page.call('auth.signIn', { clerkId: CLERK_ID, pin: clerk.pin })).body.ok).toBe(true);
    expect((await page.call('shift.current')).status).toBe(200);
  });

  it('an unknown or forged session cookie is not a session', async () => {
    const page = client();
    await page.call('auth.signIn', { clerkId: CLERK_ID, pin: clerk.pin });
    const forger = client();
    for (const k of page.jar.keys()) forger.jar.set(k, 'A'.repeat(43));
    expect((await forger.call('shift.current')).body.error?.code).toBe('NOT_SIGNED_IN');
    expect((await page.call('shift.current')).status).toBe(200);
  });
});
