import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { httpStatusFor, type AppErrorShape } from '../../src-shared/contract/errors';
import type { Dispatch } from './dispatch';
import { CONTENT_SECURITY_POLICY } from '../window-options';

export const TOKEN_HEADER = 'x-counter-token';
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface WebServerOptions {
  port: number;
  token: string;
  staticDir: string;
  dispatch: Dispatch;
  maxBodyBytes?: number;
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

  const server = http.createServer((req, res) => {
    const host = req.headers.host ?? '';
    if (!allowedHosts.has(host)) return sendError(res, { code: 'FORBIDDEN_ORIGIN', messageKey: 'errors:forbiddenOrigin' });
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname.startsWith('/api/')) return void handleApi(req, res, url.pathname.slice('/api/'.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendError(res, { code: 'METHOD_NOT_ALLOWED', messageKey: 'errors:methodNotAllowed' });
    }
    serveStatic(url.pathname, res);
  });

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts.has(origin.replace(/^http:\/\//, ''))) {
      return sendError(res, { code: 'FORBIDDEN_ORIGIN', messageKey: 'errors:forbiddenOrigin' });
    }
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
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBody) {
        tooLarge = true;
        break;
      }
      chunks.push(chunk);
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
    const envelope = await options.dispatch(decodeURIComponent(method), input, { transport: 'web' });
    if (envelope.ok) sendJson(res, 200, envelope);
    else sendError(res, envelope.error);
  }

  function serveStatic(pathname: string, res: http.ServerResponse): void {
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
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
