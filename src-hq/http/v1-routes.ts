/** Terminal-facing routes under /v1 (the caller has authenticated the terminal). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import {
  AccountLookupRequest,
  AccountsByIdRequest,
  ChangesQuery,
  EventsRequest,
  SNAPSHOT_CONTENT_TYPE,
  SnapshotAccountsQuery,
} from '../../src-shared/hq-protocol/schemas';
import type { TerminalRow } from '../db';
import { HqError } from '../errors';
import { configSnapshot, listChanges } from '../services/change-feed';
import type { HqContext } from '../services/context';
import { accountsSnapshotChunks, prepareAccountsSnapshot } from '../services/accounts-snapshot';
import { processEvent, processEvents } from '../services/events';
import { lookupAccount } from '../services/lookup';
import { lookupAccountsById } from '../services/id-hash-index';
import { ledgerState, reenrolTerminal } from '../services/ledger';
import { deviceServiceInfo } from '../services/device-service';
import { backupBytes, listBackups, MAX_BACKUP_BYTES, MAX_CRASH_REPORT_BYTES, storeBackup, storeCrashReport } from '../services/backups';
import { readBytes, readJson, sendBytes, sendError, sendJson } from './respond';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function asEventObject(raw: unknown, where: string): Record<string, unknown> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new HqError('INVALID_INPUT', `${where} must be an object.`);
  }
  const obj = raw as Record<string, unknown>;
  if (typeof obj.eventId !== 'string' || !UUID.test(obj.eventId)) {
    throw new HqError('INVALID_INPUT', `${where}.eventId must be a UUID.`);
  }
  return obj;
}

/** Whether an Accept-Encoding header allows gzip (`gzip;q=0` refuses it). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

function query(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}

export async function handleV1(
  ctx: HqContext,
  terminal: TerminalRow,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = req.method ?? 'GET';
  const p = url.pathname;

  if (p === '/v1/changes' && method === 'GET') {
    const q = ChangesQuery.parse(query(url));
    sendJson(res, 200, await listChanges(ctx, terminal, q.cursor, q.limit));
    return;
  }
  if (p === '/v1/snapshot/config' && method === 'GET') {
    sendJson(res, 200, await configSnapshot(ctx, terminal));
    return;
  }
  if (p === '/v1/snapshot/accounts' && method === 'GET') {
    const q = SnapshotAccountsQuery.parse(query(url));
    const prepared = await prepareAccountsSnapshot(ctx, terminal, q);
    const gzip = acceptsGzip(req.headers['accept-encoding']);
    res.writeHead(200, {
      'content-type': SNAPSHOT_CONTENT_TYPE,
      'cache-control': 'no-store',
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    const source = Readable.from(accountsSnapshotChunks(ctx, prepared));
    if (gzip) await pipeline(source, createGzip({ level: 6 }), res);
    else await pipeline(source, res);
    return;
  }
  if (p === '/v1/accounts/lookup' && method === 'POST') {
    const body = AccountLookupRequest.parse(await readJson(req));
    sendJson(res, 200, { account: await lookupAccount(ctx, body) });
    return;
  }
  if (p === '/v1/accounts/by-id' && method === 'POST') {
    const body = AccountsByIdRequest.parse(await readJson(req));
    sendJson(res, 200, { accounts: await lookupAccountsById(ctx, body) });
    return;
  }
  if (p === '/v1/events' && method === 'POST') {
    const body = EventsRequest.parse(await readJson(req));
    const events = body.events.map((e, i) => asEventObject(e, `events[${i}]`));
    sendJson(res, 200, await processEvents(ctx, terminal, events, body.audit));
    return;
  }
  const single = /^\/v1\/events\/([^/]+)$/.exec(p);
  if (single && method === 'POST') {
    const event = asEventObject(await readJson(req), 'body');
    if (event.eventId !== decodeURIComponent(single[1]!)) {
      throw new HqError('INVALID_INPUT', 'The eventId in the path and in the body differ.');
    }
    const { result, sequence } = await processEvent(ctx, terminal, event);
    if (result.status === 'conflict') {
      sendError(res, 'IDEMPOTENCY_CONFLICT', 'This eventId was already used with a different body; nothing was written.', {}, {
        result,
        sequence,
      });
      return;
    }
    sendJson(res, 200, { result, sequence });
    return;
  }
  if (p === '/v1/ledger' && method === 'GET') {
    sendJson(res, 200, await ledgerState(ctx, terminal.terminal_id));
    return;
  }
  if (p === '/v1/ledger/reenrol' && method === 'POST') {
    sendJson(res, 200, await reenrolTerminal(ctx, terminal.terminal_id));
    return;
  }
  if (p === '/v1/backups' && method === 'POST') {
    const result = await storeBackup(ctx, terminal, await readBytes(req, MAX_BACKUP_BYTES));
    sendJson(res, result.duplicate ? 200 : 201, result);
    return;
  }
  if (p === '/v1/backups' && method === 'GET') {
    sendJson(res, 200, { backups: await listBackups(ctx, terminal.terminal_id) });
    return;
  }
  const backup = /^\/v1\/backups\/([^/]+)$/.exec(p);
  if (backup && method === 'GET') {
    sendBytes(res, await backupBytes(ctx, terminal.terminal_id, decodeURIComponent(backup[1]!)));
    return;
  }
  if (p === '/v1/crash-reports' && method === 'POST') {
    const result = await storeCrashReport(ctx, terminal, url.searchParams.get('name'), await readBytes(req, MAX_CRASH_REPORT_BYTES));
    sendJson(res, result.duplicate ? 200 : 201, result);
    return;
  }
  const service = /^\/v1\/devices\/([^/]+)\/service$/.exec(p);
  if (service && method === 'GET') {
    sendJson(res, 200, await deviceServiceInfo(ctx, decodeURIComponent(service[1]!)));
    return;
  }
  if (p === '/v1/health' && method === 'GET') {
    sendJson(res, 200, { ok: true, terminal: terminal.code, time: ctx.now().toISOString() });
    return;
  }
  const known = ['/v1/changes', '/v1/snapshot/config', '/v1/snapshot/accounts', '/v1/accounts/lookup', '/v1/accounts/by-id', '/v1/events', '/v1/health', '/v1/ledger', '/v1/ledger/reenrol', '/v1/backups', '/v1/crash-reports'];
  if (known.includes(p) || single || backup || service) throw new HqError('METHOD_NOT_ALLOWED', `${method} is not allowed on ${p}.`);
  throw new HqError('NOT_FOUND', `No route ${p}.`);
}
