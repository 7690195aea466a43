import { z } from 'zod';
import {
  AccountLookupResponse,
  AccountsByIdResponse,
  ChangesResponse,
  ConfigSnapshot,
  DeviceServiceInfo,
  HQ_ROUTES,
  SequenceState,
  type AccountLookupRequest,
  type AccountsByIdRequest,
  type AuditHead,
  type OutboxEvent,
} from '../../src-shared/hq-protocol/schemas';
import { errorFromAnswer, errorFromFetchFailure, HqError } from '../../src-node/net/http-client';

export { HqError };

/** The envelope of a 200 from POST /v1/events; each result is read on its own by the outbox worker. */
const EventsAnswerSchema = z.object({ results: z.array(z.unknown()), sequence: SequenceState });
export type EventsAnswer = z.infer<typeof EventsAnswerSchema>;

export interface HqClientOptions {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
  /** The clock a Retry-After date is read against (a test's controlled clock). Default: Date.now. */
  now?: () => number;
}

/** HTTP to HQ's `/v1` protocol; every answer is checked against the shared schema. */
export function createHqClient(options: HqClientOptions) {
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function request(path: string, init: { method: 'GET' | 'POST'; body?: unknown; timeoutMs?: number; signal?: AbortSignal }): Promise<Response> {
    let res: Response;
    const timeout = AbortSignal.timeout(init.timeoutMs ?? timeoutMs);
    try {
      res = await fetch(options.baseUrl + path, {
        method: init.method,
        headers: {
          authorization: `Bearer ${options.token}`,
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: init.body !== undefined ? JSON.stringify(init.body) : null,
        signal: init.signal ? AbortSignal.any([timeout, init.signal]) : timeout,
      });
    } catch (err) {
      throw errorFromFetchFailure(err, init.signal?.aborted ?? false);
    }
    if (!res.ok) {
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        /* body was not JSON */
      }
      throw errorFromAnswer(res, body, (options.now ?? Date.now)());
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
    /** Usage by month, past renewals and the unlimited plans of a device (issue 15 items 4, 5). */
    deviceService: (deviceId: string) => json(DeviceServiceInfo, `${HQ_ROUTES.devices}/${encodeURIComponent(deviceId)}/service`, { method: 'GET' }),
    lookupAccountsById: (req: AccountsByIdRequest) => json(AccountsByIdResponse, HQ_ROUTES.accountsById, { method: 'POST', body: req }),
    /**
     * POST /v1/events, the outbox worker's one path to HQ. The answer's envelope is checked here (a 200 that
     * is not an events answer is BAD_RESPONSE, retryable); each result is left unparsed, for the worker to
     * read one by one, so one unreadable result does not hide the others. The body is read within the same
     * timeout and stop signal as the request.
     */
    async pushEvents(events: OutboxEvent[], opts: { audit?: AuditHead; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<EventsAnswer> {
      const body = opts.audit ? { events, audit: opts.audit } : { events };
      const res = await request(HQ_ROUTES.events, { method: 'POST', body, timeoutMs: opts.timeoutMs, signal: opts.signal });
      let text: string;
      try {
        text = await res.text();
      } catch (err) {
        throw errorFromFetchFailure(err, opts.signal?.aborted ?? false);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const answer = EventsAnswerSchema.safeParse(parsed);
      if (!answer.success) {
        const issue = answer.error.issues[0];
        const what = parsed === undefined ? 'not JSON' : `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'not an events answer'}`;
        throw new HqError('BAD_RESPONSE', `HQ answered 200 with a body that is not an events answer (${what})`, res.status, true);
      }
      return answer.data;
    },
    /** The raw NDJSON stream of the accounts snapshot (the importer parses it line by line). */
    accountsSnapshot: (after: string | undefined, streamTimeoutMs: number) =>
      request(`${HQ_ROUTES.accountsSnapshot}${after ? `?after=${encodeURIComponent(after)}` : ''}`, {
        method: 'GET',
        timeoutMs: streamTimeoutMs,
      }),
  };
}
export type HqClient = ReturnType<typeof createHqClient>;
