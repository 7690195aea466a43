/**
 * TEST FAKE: a fault-injecting HTTP proxy between the terminal and a real HQ. Every request goes
 * through a plan that picks what happens to it: passed through, its reply dropped after HQ committed,
 * the connection reset before HQ sees it, a 500 (before or after HQ committed), a hang (HQ commits,
 * no reply ever comes), 429 / 503 with Retry-After, a delay, or any reply made up by the test. When HQ cannot be reached the client's
 * connection is reset, as a dead HQ would do. Only for tests and benchmarks; never wired into the app.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FaultAction =
  | 'pass'
  | 'reset'
  | 'dropReply'
  | 'error500'
  | 'error500AfterCommit'
  | 'hang'
  | { kind: 'rateLimited' | 'unavailable'; retryAfterSeconds: number }
  | { kind: 'delay'; ms: number }
  /** Answer without asking HQ: any status, headers and body (a 200 with a malformed body, a 500 with Retry-After…). */
  | { kind: 'reply'; status: number; body: string; headers?: Record<string, string> }
  | { kind: 'hook'; run: () => Promise<void> | void; then: FaultAction };

export interface ProxiedRequest {
  /** 1-based count of requests this proxy has seen. */
  n: number;
  method: string;
  path: string;
  at: number;
}

export interface ProxyLogEntry extends ProxiedRequest {
  action: string;
  /** HQ's status when the request reached HQ and HQ answered; null otherwise. */
  upstreamStatus: number | null;
}

export interface FaultProxy {
  url: string;
  port: number;
  /** Replace the plan (which fault each following request gets). */
  setPlan(plan: (req: ProxiedRequest) => FaultAction): void;
  log: ProxyLogEntry[];
  close(): Promise<void>;
}

function actionName(a: FaultAction): string {
  return typeof a === 'string' ? a : a.kind === 'hook' ? `hook+${actionName(a.then)}` : a.kind;
}

export async function startFaultProxy(opts: { target: () => string; plan?: (req: ProxiedRequest) => FaultAction }): Promise<FaultProxy> {
  let plan = opts.plan ?? (() => 'pass' as FaultAction);
  let n = 0;
  const log: ProxyLogEntry[] = [];
  const sockets = new Set<Socket>();

  function readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }

  /** Send to HQ and wait for its full reply; null when HQ cannot be reached or hung up. */
  function forward(req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string>; body: Buffer } | null> {
    const target = new URL(opts.target());
    return new Promise((resolve) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === 'string' && !['host', 'connection', 'content-length', 'keep-alive'].includes(k)) headers[k] = v;
      }
      headers['content-length'] = String(body.length);
      const up = httpRequest(
        { host: target.hostname, port: Number(target.port), method: req.method, path: req.url, headers, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const h: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h[k] = v;
            resolve({ status: res.statusCode ?? 502, headers: h, body: Buffer.concat(chunks) });
          });
          res.on('error', () => resolve(null));
        },
      );
      up.on('error', () => resolve(null));
      up.end(body);
    });
  }

  function sendJson(res: ServerResponse, status: number, code: string, headers: Record<string, string> = {}): void {
    const body = JSON.stringify({ error: { code, message: `injected by the test fault proxy (${code})` } });
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
    res.end(body);
  }

  async function act(action: FaultAction, req: IncomingMessage, res: ServerResponse, body: Buffer, entry: ProxyLogEntry): Promise<void> {
    if (typeof action !== 'string') {
      switch (action.kind) {
        case 'hook':
          await action.run();
          return act(action.then, req, res, body, entry);
        case 'delay':
          await new Promise((r) => setTimeout(r, action.ms));
          return act('pass', req, res, body, entry);
        case 'rateLimited':
          return sendJson(res, 429, 'RATE_LIMITED', { 'retry-after': String(action.retryAfterSeconds) });
        case 'unavailable':
          return sendJson(res, 503, 'UNAVAILABLE', { 'retry-after': String(action.retryAfterSeconds) });
        case 'reply':
          res.writeHead(action.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(action.body), ...action.headers });
          res.end(action.body);
          return;
      }
    }
    switch (action) {
      case 'reset':
        req.socket.destroy();
        return;
      case 'error500':
        return sendJson(res, 500, 'INTERNAL');
      case 'pass':
      case 'dropReply':
      case 'error500AfterCommit':
      case 'hang': {
        const answer = await forward(req, body);
        entry.upstreamStatus = answer?.status ?? null;
        if (!answer || action === 'dropReply') {
          req.socket.destroy();
          return;
        }
        if (action === 'hang') return; // never answered; the socket is destroyed on close()
        if (action === 'error500AfterCommit') return sendJson(res, 500, 'INTERNAL');
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
        return;
      }
    }
  }

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req).catch(() => Buffer.alloc(0));
      const info: ProxiedRequest = { n: ++n, method: req.method ?? 'GET', path: req.url ?? '/', at: Date.now() };
      const action = plan(info);
      const entry: ProxyLogEntry = { ...info, action: actionName(action), upstreamStatus: null };
      log.push(entry);
      try {
        await act(action, req, res, body, entry);
      } catch {
        req.socket.destroy();
      }
    })();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setPlan(p) {
      plan = p;
    },
    log,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
