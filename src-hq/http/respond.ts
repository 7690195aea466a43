import type { IncomingMessage, ServerResponse } from 'node:http';
import { ZodError } from 'zod';
import { HQ_ERROR_STATUS, type HqErrorCode } from '../../src-shared/hq-protocol/schemas';
import { HqError } from '../errors';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  code: HqErrorCode,
  message: string,
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): void {
  sendJson(res, HQ_ERROR_STATUS[code], { error: { code, message }, ...extra }, headers);
}

/** Maps anything thrown by a handler to the protocol's error body; returns the status sent. */
export function sendThrown(res: ServerResponse, err: unknown): number {
  if (err instanceof HqError) {
    sendError(res, err.code, err.message, {}, err.extra ?? {});
    return err.status;
  }
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    sendError(res, 'INVALID_INPUT', `${where}${issue?.message ?? 'invalid input'}`, {}, issue?.path.length ? { field: issue.path.join('.') } : {});
    return 400;
  }
  sendError(res, 'INTERNAL', 'HQ had an internal error; try again later.');
  return 500;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Reads a body as bytes (413 PAYLOAD_TOO_LARGE past maxBytes, before reading it all when Content-Length says so). */
export async function readBytes(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > maxBytes) throw new HqError('PAYLOAD_TOO_LARGE', `Request body is larger than ${maxBytes} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new HqError('PAYLOAD_TOO_LARGE', `Request body is larger than ${maxBytes} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Reads a small text body (413 PAYLOAD_TOO_LARGE past maxBytes). */
export async function readText(req: IncomingMessage, maxBytes: number): Promise<string> {
  return (await readBytes(req, maxBytes)).toString('utf8');
}

/** Sends bytes as a download. */
export function sendBytes(res: ServerResponse, data: Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': data.length,
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(data);
}

/** Reads and parses a JSON body (400 BAD_JSON, 413 PAYLOAD_TOO_LARGE). */
export async function readJson(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const text = await readText(req, maxBytes);
  if (text.trim() === '') throw new HqError('BAD_JSON', 'Request body is empty; send JSON.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HqError('BAD_JSON', 'Request body is not valid JSON.');
  }
}

export function bearerToken(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1]! : null;
}
