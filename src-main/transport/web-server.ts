import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { httpStatusFor, type AppErrorShape } from '../../src-shared/contract/errors';
import type { Dispatch } from './dispatch';
import { sessionCookieHeader, sessionCookieName, sessionSlotFrom } from './session-cookie';
import { CONTENT_SECURITY_POLICY } from '../window-options';

export const TOKEN_HEADER = 'x-counter-token';
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface WebServerOptions {
  port: number;
  token: string;
  staticDir: string;
  dispatch: Dispatch;
  maxBodyBytes?: number;
  /** Where a request that could not be served is reported (web mode: the logger). Never the request's body. */
  onRequestError?: (err: unknown, where: string) => void;
}

export interface WebServer {
  port: number;
  url: string;
  /** The URL a kiosk browser opens: the token travels in the fragment, never to the server's logs. */
  launchUrl: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' });
  res.end(text);
}

function sendError(res: http.ServerResponse, error: AppErrorShape): void {
  sendJson(res, httpStatusFor(error.code), { ok: false, error });
}

const ms = (ns: bigint) => (Number(ns) / 1e6).toFixed(3);

/**
 * Where an authorised call's time went, for IT and the bench (docs/performance.md): `read` is the request's
 * arrival to its parsed body, `dispatch` the contract call; `at` is the arrival on the machine-wide monotonic
 * clock (CLOCK_MONOTONIC, ns), so a process on the same machine can split its own round trip.
 */
function serverTiming(arrived: bigint, dispatched: bigint, done: bigint): string {
  return `read;dur=${ms(dispatched - arrived)}, dispatch;dur=${ms(done - dispatched)}, at;desc="${arrived}"`;
}

/** A path segment as text, or null when its percent-escapes are not UTF-8 or it holds a NUL or control byte. */
export function decodePathPart(raw: string): string | null {
  let text: string;
  try {
    text = decodeURIComponent(raw);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(text) ? null : text;
}

const BAD_REQUEST: AppErrorShape = { code: 'BAD_REQUEST', messageKey: 'errors:badRequest' };
const FORBIDDEN_ORIGIN: AppErrorShape = { code: 'FORBIDDEN_ORIGIN', messageKey: 'errors:forbiddenOrigin' };

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Kiosk/web transport: a loopback-only HTTP server that serves the built renderer and the same
 * contract as Electron IPC. Wiring only: every call goes through `dispatch`.
 */
export function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const staticRoot = path.resolve(options.staticDir);
  let allowedHosts = new Set<string>();

  let allowedOrigins = new Set<string>();
  let cookieName = sessionCookieName(0);

  /** Our own page or a typed/kiosk navigation; never another site (Origin) or a cross-site fetch (Sec-Fetch-Site). */
  function fromOwnPage(req: http.IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) return false;
    const site = req.headers['sec-fetch-site'];
    return site === undefined || site === 'same-origin' || site === 'none';
  }

  /** Anything that escaped a handler: reported, and the caller gets an answer (or the socket is closed). */
  function failed(res: http.ServerResponse, err: unknown, where: string): void {
    options.onRequestError?.(err, where);
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    sendError(res, { code: 'INTERNAL', messageKey: 'errors:internal' });
  }

  const server = http.createServer((req, res) => {
    const arrived = process.hrtime.bigint();
    try {
      route(req, res, arrived);
    } catch (err) {
      failed(res, err, 'route');
    }
  });

  // CONNECT and Upgrade requests bypass the request handler: without these node:http drops them unanswered
  const refuseTunnel = (_req: http.IncomingMessage, socket: Duplex) => {
    const body = JSON.stringify({ ok: false, error: { code: 'METHOD_NOT_ALLOWED', messageKey: 'errors:methodNotAllowed' } });
    socket.on('error', () => socket.destroy());
    socket.end(`HTTP/1.1 405 Method Not Allowed\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  };
  server.on('connect', refuseTunnel);
  server.on('upgrade', refuseTunnel);

  function route(req: http.IncomingMessage, res: http.ServerResponse, arrived: bigint): void {
    const host = req.headers.host ?? '';
    if (!allowedHosts.has(host) || !fromOwnPage(req)) return sendError(res, FORBIDDEN_ORIGIN);
    // origin-form only ("/path?query"): the target is never parsed as a URL with its own host
    const target = req.url ?? '';
    if (!target.startsWith('/') || target.startsWith('//')) return sendError(res, BAD_REQUEST);
    const pathname = target.split(/[?#]/, 1)[0]!;
    if (pathname.startsWith('/api/')) {
      handleApi(req, res, pathname.slice('/api/'.length), arrived).catch((err: unknown) => failed(res, err, 'api'));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendError(res, { code: 'METHOD_NOT_ALLOWED', messageKey: 'errors:methodNotAllowed' });
    }
    serveStatic(pathname, res);
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, rawMethod: string, arrived: bigint): Promise<void> {
    const token = req.headers[TOKEN_HEADER];
    if (typeof token !== 'string' || !sameToken(token, options.token)) {
      return sendError(res, { code: 'UNAUTHORIZED', messageKey: 'errors:unauthorized' });
    }
    if (req.method !== 'POST') return sendError(res, { code: 'METHOD_NOT_ALLOWED', messageKey: 'errors:methodNotAllowed' });
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBody) {
      res.setHeader('connection', 'close');
      return sendError(res, { code: 'PAYLOAD_TOO_LARGE', messageKey: 'errors:payloadTooLarge' });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBody) {
          tooLarge = true;
          break;
        }
        chunks.push(chunk);
      }
    } catch {
      // the caller left mid-body (aborted, reset): nobody to answer, nothing was dispatched
      res.destroy();
      return;
    }
    if (tooLarge) {
      res.setHeader('connection', 'close');
      return sendError(res, { code: 'PAYLOAD_TOO_LARGE', messageKey: 'errors:payloadTooLarge' });
    }
    let input: unknown = {};
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim() !== '') {
      try {
        input = JSON.parse(text);
      } catch {
        return sendError(res, { code: 'BAD_JSON', messageKey: 'errors:badJson' });
      }
    }
    const method = decodePathPart(rawMethod);
    if (method === null) return sendError(res, BAD_REQUEST);
    // the caller's own session (cookie), never another's: see session-cookie.ts
    const session = sessionSlotFrom(req.headers, cookieName);
    const held = session.secret;
    const dispatched = process.hrtime.bigint();
    const envelope = await options.dispatch(method, input, { transport: 'web', session });
    res.setHeader('server-timing', serverTiming(arrived, dispatched, process.hrtime.bigint()));
    if (session.secret !== held) res.setHeader('set-cookie', sessionCookieHeader(cookieName, session.secret));
    if (envelope.ok) sendJson(res, 200, envelope);
    else sendError(res, envelope.error);
  }

  function serveStatic(pathname: string, res: http.ServerResponse): void {
    const decoded = decodePathPart(pathname);
    if (decoded === null) return sendError(res, BAD_REQUEST);
    const rel = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = path.resolve(staticRoot, rel);
    if (!file.startsWith(staticRoot + path.sep)) return sendError(res, { code: 'NOT_FOUND', messageKey: 'errors:notFound' });
    fs.readFile(file, (err, data) => {
      if (err) return sendError(res, { code: 'NOT_FOUND', messageKey: 'errors:notFound' });
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' });
      res.end(data);
    });
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
      allowedOrigins = new Set([...allowedHosts].map((h) => `http://${h}`));
      cookieName = sessionCookieName(port);
      const url = `http://127.0.0.1:${port}/`;
      resolve({
        port,
        url,
        launchUrl: `${url}#token=${options.token}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
