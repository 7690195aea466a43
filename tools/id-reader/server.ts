/**
 * Simulated ID card reader service (a simulator, not a reader): what common second-generation ID card
 * reader vendors install on the counter PC — a local service on 127.0.0.1 that reads the card on the
 * reader when asked — served over loopback HTTP (`GET /api/readcard`) and WebSocket (`/ws`, send
 * `{"cmd":"readcard"}`, get the same JSON back). Answers use a vendor-like shape:
 *
 *   { "resultCode": 0, "resultMsg": "成功", "data": { "partyName", "certNumber", "gender", "nation",
 *     "bornDay", "certAddress", "effDate": "YYYYMMDD", "expDate": "YYYYMMDD" | "长期", "identityPic": <base64> } }
 *   { "resultCode": -2, "resultMsg": "未放卡" }     no card on the reader
 *   { "resultCode": -1, "resultMsg": "读卡器未连接" } reader unplugged from the PC
 *
 * A card queue: each read takes the next queued card (POST /admin/cards); an empty queue is "no card".
 * Fault switches (PUT /admin/faults { mode, times? }):
 *   ok         the next card is read as queued
 *   noCard     answered "no card" (-2) even with cards queued
 *   expired    the next card is read with its validity end two days back (a card past its date)
 *   unplugged  answered "reader not connected" (-1)
 *   timeout    the request is held and never answered (the caller's timeout ends it)
 * `times` limits a mode to the next N reads, then it returns to ok. GET /admin/reads lists the reads made.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export type ReaderMode = 'ok' | 'noCard' | 'expired' | 'unplugged' | 'timeout';
export const READER_MODES: readonly ReaderMode[] = ['ok', 'noCard', 'expired', 'unplugged', 'timeout'];

export interface SimCard {
  name: string;
  idNumber: string;
  gender?: string;
  nation?: string;
  address: string;
  /** YYYYMMDD */
  validFrom: string;
  /** YYYYMMDD or 长期 */
  validUntil: string;
}

export interface ReaderFaults {
  mode: ReaderMode;
  times: number | null;
}

export interface IdReaderSimulator {
  url: string;
  wsUrl: string;
  port: number;
  queue(card: SimCard): number;
  queued(): number;
  faults(): ReaderFaults;
  setFaults(patch: Partial<ReaderFaults>): ReaderFaults;
  /** What each read answered (codes only: no card data is kept). */
  reads(): { at: string; resultCode: number; via: 'http' | 'ws' }[];
  close(): Promise<void>;
}

/** A drawn head-and-shoulders placeholder (the card photo a real reader decodes), as SVG. */
export const SIM_PHOTO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="102" height="126" viewBox="0 0 102 126"><rect width="102" height="126" fill="#e8eef5"/>' +
  '<circle cx="51" cy="48" r="24" fill="#8fa3b8"/><path d="M11 126c4-30 20-42 40-42s36 12 40 42z" fill="#8fa3b8"/></svg>';

function ymd(d: Date): string {
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
}

function bornDay(id: string): string {
  return /^\d{17}[\dX]$/.test(id) ? id.slice(6, 14) : '';
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > 16_384) throw new Error('body too large');
    chunks.push(c);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'access-control-allow-origin': '*' });
  res.end(text);
}

/** One unfragmented WebSocket text frame from the server (unmasked, as RFC 6455 requires of a server). */
function wsFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x81, len]) : len < 65_536 ? Buffer.from([0x81, 126, len >> 8, len & 0xff]) : Buffer.concat([Buffer.from([0x81, 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(len)); return b; })()]);
  return Buffer.concat([head, payload]);
}

/** Reads client frames (masked, as RFC 6455 requires of a client) from a buffer; returns the frames and what is left. */
function wsParse(buf: Buffer): { frames: { opcode: number; payload: Buffer }[]; rest: Buffer } {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let off = 0;
  while (buf.length - off >= 2) {
    const opcode = buf[off]! & 0x0f;
    const masked = (buf[off + 1]! & 0x80) !== 0;
    let len = buf[off + 1]! & 0x7f;
    let p = off + 2;
    if (len === 126) {
      if (buf.length - p < 2) break;
      len = buf.readUInt16BE(p);
      p += 2;
    } else if (len === 127) {
      if (buf.length - p < 8) break;
      len = Number(buf.readBigUInt64BE(p));
      p += 8;
    }
    const maskLen = masked ? 4 : 0;
    if (buf.length - p < maskLen + len) break;
    const mask = masked ? buf.subarray(p, p + 4) : null;
    p += maskLen;
    const payload = Buffer.from(buf.subarray(p, p + len));
    if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
    frames.push({ opcode, payload });
    off = p + len;
  }
  return { frames, rest: buf.subarray(off) };
}

export async function startIdReaderSimulator(
  opts: {
    port?: number;
    host?: string;
    cards?: SimCard[];
    /** The demo: an emptied queue starts again from `cards` (a test leaves it off: an empty queue is "no card"). */
    repeat?: boolean;
    faults?: Partial<ReaderFaults>;
    now?: () => Date;
  } = {},
): Promise<IdReaderSimulator> {
  const host = opts.host ?? '127.0.0.1';
  const now = opts.now ?? (() => new Date());
  const cards: SimCard[] = [...(opts.cards ?? [])];
  let faults: ReaderFaults = { mode: 'ok', times: null, ...opts.faults };
  const reads: { at: string; resultCode: number; via: 'http' | 'ws' }[] = [];
  const sockets = new Set<Socket | Duplex>();
  const held = new Set<http.ServerResponse | Duplex>();

  function setFaults(patch: Partial<ReaderFaults>): ReaderFaults {
    const next = { ...faults, ...patch };
    if (!READER_MODES.includes(next.mode)) throw new Error(`unknown reader mode ${String(next.mode)}; use ${READER_MODES.join(', ')}`);
    if (next.times !== null && (!Number.isInteger(next.times) || next.times < 1)) throw new Error('times must be a whole number ≥ 1 or null');
    faults = next;
    return { ...faults };
  }

  /** The answer to one read, or null: hold it (timeout). */
  function readCard(via: 'http' | 'ws'): unknown {
    const mode = faults.mode;
    if (faults.times !== null) {
      faults.times -= 1;
      if (faults.times <= 0) faults = { mode: 'ok', times: null };
    }
    if (mode === 'timeout') return null;
    if (mode !== 'noCard' && mode !== 'unplugged' && cards.length === 0 && opts.repeat && opts.cards?.length) cards.push(...opts.cards);
    let answer: { resultCode: number; resultMsg: string; data?: unknown };
    if (mode === 'unplugged') answer = { resultCode: -1, resultMsg: '读卡器未连接' };
    else if (mode === 'noCard' || cards.length === 0) answer = { resultCode: -2, resultMsg: '未放卡' };
    else {
      const card = cards.shift()!;
      const yesterday = new Date(now().getTime() - 2 * 86_400_000); // two days back: past in any time zone
      const expDate = mode === 'expired' ? ymd(yesterday) : card.validUntil;
      const effDate = mode === 'expired' && card.validFrom >= expDate ? ymd(new Date(yesterday.getTime() - 20 * 365 * 86_400_000)) : card.validFrom;
      answer = {
        resultCode: 0,
        resultMsg: '成功',
        data: {
          partyName: card.name,
          certNumber: card.idNumber,
          gender: card.gender ?? '',
          nation: card.nation ?? '汉',
          bornDay: bornDay(card.idNumber),
          certAddress: card.address,
          effDate,
          expDate,
          identityPic: Buffer.from(SIM_PHOTO_SVG).toString('base64'),
        },
      };
    }
    reads.push({ at: now().toISOString(), resultCode: answer.resultCode, via });
    return answer;
  }

  function admin(req: http.IncomingMessage, body: unknown, res: http.ServerResponse, path: string): void {
    if (req.method === 'GET' && path === '/admin/faults') return send(res, 200, faults);
    if (req.method === 'PUT' && path === '/admin/faults') return send(res, 200, setFaults(body as Partial<ReaderFaults>));
    if (req.method === 'POST' && path === '/admin/cards') {
      const c = body as Partial<SimCard>;
      if (!c.name || !c.idNumber || !c.validFrom || !c.validUntil) return send(res, 400, { error: 'a card needs name, idNumber, validFrom, validUntil' });
      return send(res, 201, { queued: sim.queue({ name: c.name, idNumber: c.idNumber, address: c.address ?? '', validFrom: c.validFrom, validUntil: c.validUntil, ...(c.gender ? { gender: c.gender } : {}) }) });
    }
    if (req.method === 'DELETE' && path === '/admin/cards') {
      cards.length = 0;
      return send(res, 200, { queued: 0 });
    }
    if (req.method === 'GET' && path === '/admin/reads') return send(res, 200, { reads });
    send(res, 404, { error: 'not found' });
  }

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    readBody(req)
      .then((body) => {
        if (path.startsWith('/admin/')) return admin(req, body, res, path);
        if (path === '/api/readcard' && (req.method === 'GET' || req.method === 'POST')) {
          const answer = readCard('http');
          if (answer === null) {
            held.add(res);
            res.on('close', () => held.delete(res));
            return;
          }
          return send(res, 200, answer);
        }
        send(res, 404, { error: 'not found' });
      })
      .catch((err: unknown) => send(res, 400, { error: (err as Error).message }));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // WebSocket: the handshake of RFC 6455, then each text frame {"cmd":"readcard"} is answered with one text frame.
  server.on('upgrade', (req, socket) => {
    const key = req.headers['sec-websocket-key'];
    if ((req.url ?? '').split('?')[0] !== '/ws' || typeof key !== 'string') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    sockets.add(socket);
    let buf: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const parsed = wsParse(Buffer.concat([buf, chunk]));
      buf = parsed.rest;
      for (const f of parsed.frames) {
        if (f.opcode === 0x8) {
          socket.end(Buffer.from([0x88, 0]));
          return;
        }
        if (f.opcode === 0x9) socket.write(Buffer.concat([Buffer.from([0x8a, f.payload.length]), f.payload]));
        if (f.opcode !== 0x1) continue;
        let cmd: unknown;
        try {
          cmd = (JSON.parse(f.payload.toString('utf8')) as { cmd?: unknown }).cmd;
        } catch {
          cmd = undefined;
        }
        if (cmd !== 'readcard') {
          socket.write(wsFrame(JSON.stringify({ resultCode: -3, resultMsg: 'unknown command' })));
          continue;
        }
        const answer = readCard('ws');
        if (answer === null) held.add(socket);
        else socket.write(wsFrame(JSON.stringify(answer)));
      }
    });
    socket.on('close', () => {
      sockets.delete(socket);
      held.delete(socket);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const sim: IdReaderSimulator = {
    url: `http://${host}:${port}/api/readcard`,
    wsUrl: `ws://${host}:${port}/ws`,
    port,
    queue(card) {
      cards.push(card);
      return cards.length;
    },
    queued: () => cards.length,
    faults: () => ({ ...faults }),
    setFaults,
    reads: () => [...reads],
    async close() {
      for (const r of held) r.destroy();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return sim;
}
