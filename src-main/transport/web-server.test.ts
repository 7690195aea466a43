import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../../src-shared/contract';
import { createDispatch } from './dispatch';
import { startWebServer, TOKEN_HEADER, type WebServer } from './web-server';

const TOKEN = 'test-token-abcdefghijklmnop';
let server: WebServer;
let staticDir: string;
let signedIn = false;

const handlers = {
  'system.health': async () => ({ ok: true, error: null, dataDir: '/tmp' }),
  'system.ping': async () => ({ pong: true as const, at: '2026-11-25T10:00:00.000Z' }),
  'system.status': async () => {
    throw new Error('not used');
  },
  'auth.listClerks': async () => ({ clerks: [] }),
  'auth.signIn': async ({ clerkId }: { clerkId: string }) => {
    signedIn = true;
    return { clerk: { clerkId, code: '1001', name: '王芳', role: 'clerk' as const } };
  },
  'auth.signOut': async () => ({ ok: true as const }),
  'auth.session': async () => ({ clerk: null }),
} as unknown as Handlers;

/** Raw HTTP so Host and Origin headers are exactly what a hostile page or process would send. */
function request(opts: { path: string; method?: string; headers?: Record<string, string>; body?: string | Buffer }) {
  return new Promise<{ status: number; json: () => { ok: boolean; error?: { code: string; field?: string; messageKey: string }; result?: unknown }; text: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: opts.path, method: opts.method ?? 'POST', headers: { host: `127.0.0.1:${server.port}`, ...opts.headers } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, json: () => JSON.parse(text), headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const auth = { [TOKEN_HEADER]: TOKEN, 'content-type': 'application/json' };

beforeAll(async () => {
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-static-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  const dispatch = createDispatch(handlers, () => (signedIn ? { clerkId: 'c1', code: '1001', name: '王芳', role: 'clerk' } : null), { error: () => undefined });
  server = await startWebServer({ port: 0, token: TOKEN, staticDir, dispatch, maxBodyBytes: 1024 });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(staticDir, { recursive: true, force: true });
});

describe('web transport', () => {
  it('binds loopback only', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it('answers a good call with the envelope', async () => {
    const r = await request({ path: '/api/system.ping', headers: auth, body: '{}' });
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ ok: true, result: { pong: true, at: '2026-11-25T10:00:00.000Z' } });
  });

  it('every API answer says where its time went (Server-Timing: body read, dispatch; monotonic stamps)', async () => {
    const before = process.hrtime.bigint();
    const r = await request({ path: '/api/system.ping', headers: auth, body: '{}' });
    const after = process.hrtime.bigint();
    const timing = String(r.headers['server-timing'] ?? '');
    const read = /read;dur=([\d.]+)/.exec(timing);
    const dispatch = /dispatch;dur=([\d.]+)/.exec(timing);
    const at = /at;desc="(\d+)"/.exec(timing);
    expect(read && dispatch && at, timing).toBeTruthy();
    expect(Number(read![1])).toBeGreaterThanOrEqual(0);
    expect(Number(dispatch![1])).toBeGreaterThanOrEqual(0);
    // the request's arrival on the same monotonic clock as this process (CLOCK_MONOTONIC is machine-wide)
    const arrived = BigInt(at![1]!);
    expect(arrived >= before && arrived <= after).toBe(true);
    const refused = await request({ path: '/api/system.ping', body: '{}' });
    expect(refused.headers['server-timing']).toBeUndefined();
  });

  it('401 without the token, or with a wrong one', async () => {
    const none = await request({ path: '/api/system.ping', body: '{}' });
    expect(none.status).toBe(401);
    expect(none.json().error?.code).toBe('UNAUTHORIZED');
    const wrong = await request({ path: '/api/system.ping', headers: { [TOKEN_HEADER]: 'x'.repeat(TOKEN.length) }, body: '{}' });
    expect(wrong.status).toBe(401);
  });

  it('403 for a foreign Host (DNS rebinding) or Origin (another site)', async () => {
    const host = await request({ path: '/api/system.ping', headers: { ...auth, host: 'evil.example:80' }, body: '{}' });
    expect(host.status).toBe(403);
    expect(host.json().error?.code).toBe('FORBIDDEN_ORIGIN');
    const origin = await request({ path: '/api/system.ping', headers: { ...auth, origin: 'http://evil.example' }, body: '{}' });
    expect(origin.status).toBe(403);
    const own = await request({ path: '/api/system.ping', headers: { ...auth, origin: `http://127.0.0.1:${server.port}` }, body: '{}' });
    expect(own.status).toBe(200);
  });

  it('413 for a body over the limit', async () => {
    const r = await request({ path: '/api/system.ping', headers: auth, body: JSON.stringify({ pad: 'x'.repeat(5000) }) });
    expect(r.status).toBe(413);
    expect(r.json().error?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('400 for malformed JSON', async () => {
    const r = await request({ path: '/api/system.ping', headers: auth, body: '{"a":' });
    expect(r.status).toBe(400);
    expect(r.json().error).toEqual({ code: 'BAD_JSON', messageKey: 'errors:badJson' });
  });

  it('404 for an unknown method', async () => {
    const r = await request({ path: '/api/system.format', headers: auth, body: '{}' });
    expect(r.status).toBe(404);
    expect(r.json().error?.code).toBe('UNKNOWN_METHOD');
  });

  it('422 with the field for a schema violation', async () => {
    const r = await request({ path: '/api/auth.signIn', headers: auth, body: JSON.stringify({ clerkId: 'c1', pin: '12a4' }) });
    expect(r.status).toBe(422);
    expect(r.json().error).toEqual({ code: 'INVALID_INPUT', messageKey: 'errors:pinFormat', field: 'pin' });
  });

  it('serves the renderer with a CSP and nothing outside its folder', async () => {
    const index = await request({ path: '/', method: 'GET' });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    const escape = await request({ path: '/..%2f..%2fetc%2fpasswd', method: 'GET' });
    expect(escape.status).toBe(404);
  });

  it('every answer is JSON with the error model', async () => {
    const r = await request({ path: '/api/system.ping', method: 'GET', headers: auth });
    expect(r.headers['content-type']).toContain('application/json');
    expect(r.json().error?.messageKey).toMatch(/^errors:/);
  });
});
