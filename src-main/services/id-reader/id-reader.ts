/**
 * The ID card reader adapter (issue 15 item 2). Two kinds of reader:
 * - keyboard-wedge readers type the ID number into the focused field and press Enter, like a barcode
 *   scanner: they need nothing here (the renderer's scanner listener takes them);
 * - readers that come with a local service on the counter PC (most second-generation ID card readers): the
 *   terminal asks it over HTTP (`GET <url>`) or WebSocket (`ws://…`, sends the request message, takes the
 *   first answer) on loopback only. The vendor's answer is read through a configurable field mapping.
 * A read is refused when the card is past (or before) its validity dates. The photo and address go to the
 * screen for the moment and nowhere else: not stored, not logged, not audited.
 */
import { AppError } from '../../../src-shared/contract/errors';
import type { IdCardRead } from '../../../src-shared/contract/cardinfo';
import { checkIdCardValidity } from '../../../src-shared/domain/id-card';
import { validateNationalId } from '../../../src-shared/domain/national-id';

/** Where each value sits in the reader's JSON answer: dotted paths (`data.certNumber`). */
export interface IdReaderFieldMap {
  status: string;
  okValue: string | number;
  /** Status values that mean "no card on the reader". */
  noCardValues: (string | number)[];
  message: string;
  idNumber: string;
  name: string;
  validFrom: string;
  validUntil: string;
  address: string;
  photo: string;
}

/** The shape of the simulated reader in tools/id-reader (and of common vendor services). */
export const DEFAULT_ID_READER_FIELDS: IdReaderFieldMap = {
  status: 'resultCode',
  okValue: 0,
  noCardValues: [-2],
  message: 'resultMsg',
  idNumber: 'data.certNumber',
  name: 'data.partyName',
  validFrom: 'data.effDate',
  validUntil: 'data.expDate',
  address: 'data.certAddress',
  photo: 'data.identityPic',
};

export interface IdReaderConfig {
  url: string;
  fields: IdReaderFieldMap;
  /** The WebSocket request message (default `{"cmd":"readcard"}`). */
  wsRequest: string;
  timeoutMs: number;
}

/** Only a service on this PC may be asked: a card read never leaves the machine. */
export function isLoopbackReaderUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (!['http:', 'ws:'].includes(u.protocol)) return false;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
}

function at(obj: unknown, dotted: string): unknown {
  let v: unknown = obj;
  for (const part of dotted.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
}

/** A photo as a reader sends it (base64, or already a data: URL) -> a data: URL by its magic bytes. */
function photoUrl(v: unknown): string | null {
  const s = text(v);
  if (!s) return null;
  if (/^data:image\/(png|jpeg|bmp|svg\+xml);base64,[A-Za-z0-9+/=]+$/.test(s)) return s;
  if (!/^[A-Za-z0-9+/=\s]+$/.test(s)) return null;
  const head = Buffer.from(s.slice(0, 24), 'base64');
  const type = head[0] === 0x89 && head[1] === 0x50 ? 'png' : head[0] === 0xff && head[1] === 0xd8 ? 'jpeg' : head[0] === 0x42 && head[1] === 0x4d ? 'bmp' : head.toString('utf8').startsWith('<svg') ? 'svg+xml' : null;
  return type ? `data:image/${type};base64,${s.replace(/\s+/g, '')}` : null;
}

function iso(compact: string): string {
  const d = compact.replace(/[.\-/]/g, '');
  return /^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}` : compact;
}

const err = (code: string, key: string, params?: Record<string, string | number>) => new AppError({ code, messageKey: `cardinfo:errors.${key}`, ...(params ? { params } : {}) });

async function askHttp(cfg: IdReaderConfig): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(cfg.url, { signal: AbortSignal.timeout(cfg.timeoutMs), headers: { accept: 'application/json' } });
  } catch (e) {
    if ((e as Error).name === 'TimeoutError') throw err('ID_READER_TIMEOUT', 'readerTimeout');
    throw err('ID_READER_UNAVAILABLE', 'readerUnavailable');
  }
  if (!res.ok) throw err('ID_READER_ERROR', 'readerError', { message: `HTTP ${res.status}` });
  try {
    return await res.json();
  } catch {
    throw err('ID_READER_ERROR', 'readerBadAnswer');
  }
}

async function askWs(cfg: IdReaderConfig): Promise<unknown> {
  return await new Promise((resolve, reject) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(cfg.url);
    } catch {
      reject(err('ID_READER_UNAVAILABLE', 'readerUnavailable'));
      return;
    }
    let opened = false;
    const timer = setTimeout(() => {
      ws.close();
      reject(err('ID_READER_TIMEOUT', 'readerTimeout'));
    }, cfg.timeoutMs);
    const done = (fn: () => void) => {
      clearTimeout(timer);
      fn();
      ws.close();
    };
    ws.addEventListener('open', () => {
      opened = true;
      ws.send(cfg.wsRequest);
    });
    ws.addEventListener('message', (ev) => {
      done(() => {
        try {
          resolve(JSON.parse(typeof ev.data === 'string' ? ev.data : Buffer.from(ev.data as ArrayBuffer).toString('utf8')));
        } catch {
          reject(err('ID_READER_ERROR', 'readerBadAnswer'));
        }
      });
    });
    ws.addEventListener('error', () => done(() => reject(err(opened ? 'ID_READER_ERROR' : 'ID_READER_UNAVAILABLE', opened ? 'readerBadAnswer' : 'readerUnavailable'))));
  });
}

export interface IdReader {
  readonly configured: boolean;
  readonly transport: 'http' | 'ws' | null;
  /** One read; throws a translated AppError (no card, unplugged, timeout, past its validity date…). */
  read(): Promise<IdCardRead>;
}

export function createIdReader(cfg: IdReaderConfig | undefined, clock: { now: () => Date; timeZone: () => string }): IdReader {
  const transport = cfg ? (cfg.url.startsWith('ws:') ? 'ws' : 'http') : null;
  return {
    configured: !!cfg,
    transport,
    async read() {
      if (!cfg) throw err('ID_READER_NOT_CONFIGURED', 'readerNotConfigured');
      const answer = transport === 'ws' ? await askWs(cfg) : await askHttp(cfg);
      const f = cfg.fields;
      const status = at(answer, f.status);
      if (status !== undefined && String(status) !== String(f.okValue)) {
        if (f.noCardValues.map(String).includes(String(status))) throw err('ID_READER_NO_CARD', 'noCard');
        throw err('ID_READER_ERROR', 'readerError', { message: text(at(answer, f.message)) || String(status) });
      }
      const rawId = text(at(answer, f.idNumber));
      if (!rawId) throw err('ID_READER_NO_CARD', 'noCard');
      const id = validateNationalId(rawId);
      if (!id.ok) throw err('ID_READER_ERROR', 'readerBadId');
      const from = text(at(answer, f.validFrom));
      const until = text(at(answer, f.validUntil));
      const valid = checkIdCardValidity(from, until, clock.now(), clock.timeZone());
      if (!valid.ok) throw new AppError({ ...valid.error, field: 'nationalId' });
      return {
        nationalId: id.value,
        name: text(at(answer, f.name)),
        validFrom: iso(from),
        validUntil: valid.validity.until ? iso(until) : null,
        address: text(at(answer, f.address)),
        photoDataUrl: photoUrl(at(answer, f.photo)),
      };
    },
  };
}
