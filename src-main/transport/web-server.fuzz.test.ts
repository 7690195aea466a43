/**
 * Hostile HTTP against the real web transport (issue 10, item 1): real HTTP over 127.0.0.1 with raw
 * sockets (so malformed request lines reach the server as sent), the real app and dispatch over a real
 * SQLite file filled from a real HQ. Whatever arrives: an answer below 500, the server keeps serving,
 * and a rejected call changes nothing in the database.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLERKS, startTestHq, type TestHq } from '../../test-support/hq';
import { httpRequestBytes, rawRequest, type RawAnswer } from '../../test-support/raw-http';
import { openTestTerminal, type TestTerminal } from '../../test-support/terminal-harness';
import { startWebServer, TOKEN_HEADER, type WebServer } from './web-server';

const TOKEN = 'fuzz-token-0123456789abcdef';
let hq: TestHq;
let t: TestTerminal;
let server: WebServer;
let staticDir: string;
let host: string;
let sent = 0;
const statusCounts = new Map<number, number>();

function count(a: RawAnswer): void {
  sent += 1;
  for (const s of a.statuses) statusCounts.set(s, (statusCounts.get(s) ?? 0) + 1);
}

/** Rows this connection has written since it opened: every write of the app goes through ctx.db. */
function totalChanges(): number {
  return (t.ctx.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
}

/** The whole database's content, table by table. */
function digest(): string {
  const h = createHash('sha256');
  const tables = t.ctx.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>;
  for (const { name } of tables) {
    h.update(name);
    for (const row of t.ctx.db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).iterate()) h.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
  }
  return h.digest('hex');
}

function api(method: string, body: unknown, headers: Record<string, string> = {}): Buffer {
  return httpRequestBytes({ method: 'POST', path: `/api/${method}`, host, headers: { [TOKEN_HEADER]: TOKEN, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

async function alive(): Promise<void> {
  const a = await rawRequest(server.port, api('system.ping', {}));
  expect(a.ended, 'the server answers a ping after the hostile request').toBe('closed');
  expect(a.statuses).toEqual([200]);
}

let waited = 0;

/**
 * The property every hostile request must keep. `mayWait`: the request declares more body than it
 * sends (a long Content-Length, an unfinished chunked body), so the server may rightly wait for the
 * rest; the client then gives up and leaves, and the server must still live.
 */
async function check(bytes: Buffer, opts: { mayWait?: boolean } = {}): Promise<void> {
  const shown = JSON.stringify(bytes.toString('latin1').slice(0, 200));
  const before = totalChanges();
  const a = await rawRequest(server.port, bytes, { timeoutMs: opts.mayWait ? 150 : 5_000 });
  count(a);
  if (a.ended === 'timeout' && opts.mayWait && a.statuses.length === 0) waited += 1;
  else {
    expect(a.ended, `no answer to ${shown}`).toBe('closed');
    expect(a.statuses.length, `an HTTP answer to ${shown}`).toBeGreaterThan(0);
  }
  for (const s of a.statuses) expect(s, `status for ${shown}`).toBeLessThan(500);
  if (a.statuses.every((s) => s >= 400)) expect(totalChanges(), `a rejected call wrote to the database: ${shown}`).toBe(before);
  await alive();
}

/** Does this head declare a body that may not all be there? */
function declaresBody(headers: Array<[string, string]>): boolean {
  return headers.some(([k]) => /^(content-length|transfer-encoding|expect)$/i.test(k.trim()));
}

beforeAll(async () => {
  hq = await startTestHq();
  t = await openTestTerminal({ hqUrl: hq.url, hqToken: hq.token });
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-fuzz-static-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'void 0;');
  server = await startWebServer({ port: 0, token: TOKEN, staticDir, dispatch: t.app.dispatch, maxBodyBytes: 4096 });
  host = `127.0.0.1:${server.port}`;
  // signed in over the web transport itself, so the fuzzed bodies reach the signed-in handlers too
  const clerk = DEMO_CLERKS[0];
  const clerkId = t.ctx.auth.listClerks().find((c) => c.code === clerk.code)!.clerkId;
  const signIn = await rawRequest(server.port, api('auth.signIn', { clerkId, pin: clerk.pin }));
  expect(signIn.statuses).toEqual([200]);
});
afterAll(async () => {
  console.log(`web fuzz: ${sent} hostile requests (${waited} declared more body than sent and were left waiting), statuses ${JSON.stringify(Object.fromEntries([...statusCounts].sort((a, b) => a[0] - b[0])))}`);
  await server?.close();
  await t?.close();
  await hq?.stop();
  fs.rmSync(staticDir, { recursive: true, force: true });
});

// Pieces a hostile path is made of: bad percent escapes, NUL and control bytes, traversal, non-ASCII.
const pathPiece = fc.oneof(
  fc.constantFrom('%00', '%E0%A4%A', '%E0%A4', '%', '%%', '%zz', '%C0%AE', '%2e%2e', '%2f', '%5c', '..', '/', '//', '\\', 'api', 'api/', 'index.html', 'assets', 'assets/app.js', '%FF', '%u0041', '?', '#', ';', 'system.ping', 'sales.confirm', '\u00e9', '%F0%9F%98%80'),
  fc.string({ unit: 'binary-ascii', maxLength: 6 }).map((s) => encodeURIComponent(s)),
  fc.string({ maxLength: 6 }),
);
const hostilePath = fc.tuple(fc.constantFrom('/', '/api/', '/assets/', '//', '/api'), fc.array(pathPiece, { maxLength: 6 })).map(([start, pieces]) => start + pieces.join(''));

describe('web transport under hostile input (real HTTP, real SQLite)', () => {
  it('the three requests that killed web mode get a 4xx and the server lives', async () => {
    for (const p of ['/%00', '/%E0%A4%A']) {
      const a = await rawRequest(server.port, httpRequestBytes({ method: 'GET', path: p, host }));
      expect(a.ended).toBe('closed');
      expect(a.statuses).toHaveLength(1);
      expect(a.statuses[0]).toBeGreaterThanOrEqual(400);
      expect(a.statuses[0]).toBeLessThan(500);
      await alive();
    }
    const a = await rawRequest(server.port, httpRequestBytes({ method: 'POST', path: '/api/%E0%A4%A', host, headers: { [TOKEN_HEADER]: TOKEN }, body: '{}' }));
    expect(a.statuses).toHaveLength(1);
    expect(a.statuses[0]).toBeGreaterThanOrEqual(400);
    expect(a.statuses[0]).toBeLessThan(500);
    expect(a.text).toContain('"messageKey":"errors:');
    await alive();
  });

  it('a body cut short (the client leaves mid-body) is not an unhandled rejection', async () => {
    const bytes = httpRequestBytes({ method: 'POST', path: '/api/system.ping', host, headers: { [TOKEN_HEADER]: TOKEN }, body: '{"a":', contentLength: 400 });
    const left = await rawRequest(server.port, bytes, { timeoutMs: 200 });
    expect(left.ended).toBe('timeout');
    const halfClosed = await rawRequest(server.port, bytes, { halfClose: true });
    expect(halfClosed.ended).toBe('closed');
    await new Promise((r) => setTimeout(r, 100));
    await alive();
  });

  it('static GETs refuse other sites (Origin, Sec-Fetch-Site) like the API does', async () => {
    const own = await rawRequest(server.port, httpRequestBytes({ method: 'GET', path: '/', host, headers: { 'sec-fetch-site': 'none' } }));
    expect(own.statuses).toEqual([200]);
    const sameOrigin = await rawRequest(server.port, httpRequestBytes({ method: 'GET', path: '/assets/app.js', host, headers: { 'sec-fetch-site': 'same-origin', origin: `http://${host}` } }));
    expect(sameOrigin.statuses).toEqual([200]);
    const foreign: Array<Record<string, string>> = [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'http://evil.example' }, { origin: 'null' }, { origin: host }];
    for (const headers of foreign) {
      const a = await rawRequest(server.port, httpRequestBytes({ method: 'GET', path: '/assets/app.js', host, headers }));
      expect(a.statuses, JSON.stringify(headers)).toEqual([403]);
      expect(a.text).toContain('FORBIDDEN_ORIGIN');
    }
    const api403 = await rawRequest(server.port, api('system.ping', {}, { 'sec-fetch-site': 'cross-site' }));
    expect(api403.statuses).toEqual([403]);
  });

  it('fuzz: request lines (method, target, version, raw bytes)', async () => {
    const before = digest();
    const method = fc.oneof(fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE', 'get', 'G ET', ''), fc.string({ unit: 'binary-ascii', maxLength: 8 }));
    const target = fc.oneof(hostilePath, fc.constantFrom('*', 'http://evil.example/', `http://${'127.0.0.1'}:1/%00`, '', '/ /', '/\u0000'), fc.string({ unit: 'binary-ascii', maxLength: 24 }));
    const version = fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTP/1.1 extra', '', 'http/1.1');
    const line = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(method, target, version).map(([m, p, v]) => `${m} ${p} ${v}`) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }) },
    );
    await fc.assert(
      fc.asyncProperty(line, fc.boolean(), async (requestLine, withToken) => {
        const head = [requestLine, `Host: ${host}`, 'Connection: close', ...(withToken ? [`${TOKEN_HEADER}: ${TOKEN}`] : [])].join('\r\n');
        await check(Buffer.from(head + '\r\n\r\n', 'latin1'));
      }),
      { numRuns: 700 },
    );
    expect(digest()).toBe(before);
  }, 300_000);

  it('fuzz: headers (Host, Origin, Sec-Fetch-Site, token, lengths, encodings, junk)', async () => {
    const before = digest();
    const header: fc.Arbitrary<[string, string]> = fc.oneof(
      fc.constantFrom<[string, string]>(
        ['Host', host],
        ['Host', 'evil.example'],
        ['Host', ''],
        ['Host', `localhost:${'x'}`],
        ['Origin', 'null'],
        ['Origin', 'http://evil.example'],
        ['Origin', `http://${'127.0.0.1'}:1`],
        ['Sec-Fetch-Site', 'cross-site'],
        ['Sec-Fetch-Site', 'same-site'],
        ['Sec-Fetch-Site', 'none'],
        ['Sec-Fetch-Site', 'same-origin'],
        [TOKEN_HEADER, TOKEN],
        [TOKEN_HEADER, ''],
        [TOKEN_HEADER, TOKEN + TOKEN],
        [TOKEN_HEADER, '\u00e9'.repeat(TOKEN.length)],
        ['Content-Length', '-1'],
        ['Content-Length', '1e9'],
        ['Content-Length', 'abc'],
        ['Content-Length', '99999999999999999999'],
        ['Content-Length', '5'],
        ['Content-Length', '0'],
        ['Transfer-Encoding', 'chunked'],
        ['Transfer-Encoding', 'gzip, chunked'],
        ['Transfer-Encoding', 'bogus'],
        ['Content-Type', 'text/plain'],
        ['Expect', '100-continue'],
        ['Connection', 'keep-alive'],
        ['Upgrade', 'websocket'],
      ),
      fc.tuple(fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 12 }), fc.string({ unit: 'binary-ascii', maxLength: 30 })),
      fc.tuple(fc.constant('X-Long'), fc.nat({ max: 20_000 }).map((n) => 'a'.repeat(n))),
    );
    const body = fc.oneof(fc.constant(''), fc.constant('{}'), fc.constant('0\r\n\r\n'), fc.constant('zz\r\nabc\r\n'), fc.string({ unit: 'binary', maxLength: 64 }));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'HEAD', 'PUT'),
        fc.oneof(hostilePath, fc.constantFrom('/', '/api/system.ping', '/api/sales.confirm', '/assets/app.js', '/api/auth.signIn')),
        fc.array(header, { maxLength: 8 }),
        body,
        async (method, p, headers, b) => {
          const hasHost = headers.some(([k]) => k.toLowerCase() === 'host');
          const lines = [`${method} ${p} HTTP/1.1`, ...(hasHost ? [] : [`Host: ${host}`]), 'Connection: close', ...headers.map(([k, v]) => `${k}: ${v}`)];
          await check(Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), Buffer.from(b, 'utf8')]), { mayWait: declaresBody(headers) });
        },
      ),
      { numRuns: 700 },
    );
    expect(digest()).toBe(before);
  }, 300_000);

  it('fuzz: bodies to real methods with the token, signed in (JSON of any shape, bytes, wrong lengths)', async () => {
    const before = digest();
    const methodName = fc.constantFrom('sales.confirm', 'sales.quote', 'sales.void', 'printer.updateSettings', 'shift.open', 'shift.cashMovement', 'day.close', 'auth.signIn', 'auth.unlockClerk', 'system.ping', 'printer.cancelJob', 'sync.requeueDead', 'constructor', '__proto__', 'toString', 'sales.confirm/..', '');
    const jsonBody = fc.oneof(
      fc.json({ maxDepth: 4 }),
      fc.anything({ maxDepth: 3 }).map((v) => {
        try {
          return JSON.stringify(v) ?? 'null';
        } catch {
          return 'null';
        }
      }),
      fc.record({ saleId: fc.string(), priceFen: fc.oneof(fc.integer(), fc.double()), payments: fc.array(fc.record({ method: fc.constantFrom('cash', 'card', 'x'), amountFen: fc.integer() })) }).map((v) => JSON.stringify(v)),
      fc.constantFrom('{"__proto__":{"ok":true}}', '{"constructor":{"prototype":{}}}', '[]', 'null', '1e999', '"\\ud800"', '{"a":' + '['.repeat(5000)),
    );
    const bytes = fc.oneof({ weight: 4, arbitrary: jsonBody.map((s) => Buffer.from(s, 'utf8')) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((u) => Buffer.from(u)) }, { weight: 1, arbitrary: fc.nat({ max: 9000 }).map((n) => Buffer.from(JSON.stringify({ pad: 'x'.repeat(n) }))) });
    const lengthMode = fc.constantFrom('exact', 'exact', 'exact', 'short', 'long', 'none');
    await fc.assert(
      fc.asyncProperty(methodName, bytes, lengthMode, async (m, b, mode) => {
        const contentLength = mode === 'exact' ? b.length : mode === 'short' ? Math.max(0, b.length - 3) : mode === 'long' ? b.length + 50 : null;
        await check(httpRequestBytes({ method: 'POST', path: `/api/${m}`, host, headers: { [TOKEN_HEADER]: TOKEN, 'content-type': 'application/json' }, body: b, contentLength }), { mayWait: mode === 'long' });
      }),
      { numRuns: 700 },
    );
    expect(digest()).toBe(before);
  }, 300_000);
});
