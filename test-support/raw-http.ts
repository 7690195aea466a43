import net from 'node:net';

/** What came back on one raw connection: every status line seen, the whole text, and how it ended. */
export interface RawAnswer {
  statuses: number[];
  text: string;
  /** 'closed' = the server ended the connection; 'timeout' = no end within the limit (a hung or dead server). */
  ended: 'closed' | 'timeout' | 'refused';
}

/**
 * Send bytes exactly as given over a fresh TCP connection to 127.0.0.1 (malformed request lines and
 * headers that node:http's client would refuse to send) and read until the server closes (send
 * `Connection: close`). The socket is not half-closed unless asked: node:http aborts a request whose
 * client half-closes. After `timeoutMs` without the server closing, the client gives up ('timeout').
 */
export function rawRequest(port: number, bytes: Buffer | string, opts: { timeoutMs?: number; halfClose?: boolean } = {}): Promise<RawAnswer> {
  return rawRequestInParts(port, [typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes], opts);
}

/** As rawRequest, but the parts are written in turn; a function part is awaited first (an in-flight call). */
export function rawRequestInParts(
  port: number,
  parts: Array<Buffer | (() => Promise<Buffer>)>,
  opts: { timeoutMs?: number; halfClose?: boolean } = {},
): Promise<RawAnswer> {
  const timeoutMs = opts.timeoutMs ?? 5_000;
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (ended: RawAnswer['ended']) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const statuses = [...text.matchAll(/(?:^|\r\n)HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));
      resolve({ statuses, text, ended });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', (err: NodeJS.ErrnoException) => finish(err.code === 'ECONNREFUSED' ? 'refused' : 'closed'));
    socket.on('close', () => finish('closed'));
    socket.on('connect', () => {
      void (async () => {
        for (const part of parts) {
          const buf = typeof part === 'function' ? await part() : part;
          if (done || socket.destroyed) return;
          socket.write(buf);
        }
        if (opts.halfClose === true && !socket.destroyed) socket.end();
      })();
    });
  });
}

/** A well-formed request as bytes (Content-Length computed unless given). */
export function httpRequestBytes(opts: {
  method: string;
  path: string;
  host: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  contentLength?: number | null;
}): Buffer {
  const body = opts.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body, 'utf8');
  const lines = [`${opts.method} ${opts.path} HTTP/1.1`, `Host: ${opts.host}`, 'Connection: close'];
  for (const [k, v] of Object.entries(opts.headers ?? {})) lines.push(`${k}: ${v}`);
  const length = opts.contentLength === undefined ? body.length : opts.contentLength;
  if (length !== null && (body.length > 0 || opts.contentLength !== undefined)) lines.push(`Content-Length: ${length}`);
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), body]);
}

/** The body of the first response in a raw answer (chunked transfer-coding undone). */
export function firstBody(text: string): string {
  const split = text.indexOf('\r\n\r\n');
  if (split < 0) return '';
  const head = text.slice(0, split).toLowerCase();
  let rest = text.slice(split + 4);
  if (!/\r\ntransfer-encoding:\s*chunked/.test(head)) return Buffer.from(rest, 'latin1').toString('utf8');
  let out = '';
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (!(size > 0)) break;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
  return Buffer.from(out, 'latin1').toString('utf8');
}
