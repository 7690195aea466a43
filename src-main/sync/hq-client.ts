import type { z } from 'zod';
import {
  AccountLookupResponse,
  AccountsByIdResponse,
  ChangesResponse,
  ConfigSnapshot,
  EventsResponse,
  HQ_ROUTES,
  type AccountLookupRequest,
  type AccountsByIdRequest,
  type OutboxEvent,
} from '../../src-shared/hq-protocol/schemas';
import { errorFromAnswer, errorFromFetchFailure, HqError } from '../../src-node/net/http-client';

export { HqError };

export interface HqClientOptions {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
}

/** HTTP to HQ's `/v1` protocol; every answer is checked against the shared schema. */
export function createHqClient(options: HqClientOptions) {
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function request(path: string, init: { method: 'GET' | 'POST'; body?: unknown; timeoutMs?: number }): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(options.baseUrl + path, {
        method: init.method,
        headers: {
          authorization: `Bearer ${options.token}`,
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: init.body !== undefined ? JSON.stringify(init.body) : null,
        signal: AbortSignal.timeout(init.timeoutMs ?? timeoutMs),
      });
    } catch (err) {
      throw errorFromFetchFailure(err);
    }
    if (!res.ok) {
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        /* body was not JSON */
      }
      throw errorFromAnswer(res, body, Date.now());
    }
    return res;
  }

  async function json<T>(schema: z.ZodType<T>, path: string, init: { method: 'GET' | 'POST'; body?: unknown }): Promise<T> {
    const res = await request(path, init);
    const parsed = schema.safeParse(await res.json());
    if (!parsed.success) throw new HqError('BAD_RESPONSE', parsed.error.issues[0]?.message ?? 'bad response', res.status, true);
    return parsed.data;
  }

  return {
    baseUrl: options.baseUrl,
    configSnapshot: () => json(ConfigSnapshot, HQ_ROUTES.configSnapshot, { method: 'GET' }),
    changes: (cursor: number, limit = 500) =>
      json(ChangesResponse, `${HQ_ROUTES.changes}?cursor=${cursor}&limit=${limit}`, { method: 'GET' }),
    lookupAccount: (req: AccountLookupRequest) => json(AccountLookupResponse, HQ_ROUTES.accountLookup, { method: 'POST', body: req }),
    lookupAccountsById: (req: AccountsByIdRequest) => json(AccountsByIdResponse, HQ_ROUTES.accountsById, { method: 'POST', body: req }),
    pushEvents: (events: OutboxEvent[]) => json(EventsResponse, HQ_ROUTES.events, { method: 'POST', body: { events } }),
    /** The raw NDJSON stream of the accounts snapshot (the importer parses it line by line). */
    accountsSnapshot: (after: string | undefined, streamTimeoutMs: number) =>
      request(`${HQ_ROUTES.accountsSnapshot}${after ? `?after=${encodeURIComponent(after)}` : ''}`, {
        method: 'GET',
        timeoutMs: streamTimeoutMs,
      }),
  };
}
export type HqClient = ReturnType<typeof createHqClient>;
