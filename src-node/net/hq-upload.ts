import { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from './backoff';
import { errorFromAnswer, errorFromFetchFailure, HqError } from './http-client';

/**
 * Byte uploads and downloads to HQ (ledger backups, crash dumps), with HQ's error body and Retry-After
 * read the way the outbox reads them, and a small retry loop on the shared backoff policy.
 */
export interface HqEndpoint {
  baseUrl: string;
  token: string;
}

async function call(hq: HqEndpoint, route: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(hq.baseUrl + route, {
      ...init,
      headers: { authorization: `Bearer ${hq.token}`, ...(init.headers as Record<string, string> | undefined) },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw errorFromFetchFailure(err);
  }
}

async function failed(res: Response): Promise<HqError> {
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return errorFromAnswer(res, body, Date.now());
}

/** POST bytes; the JSON answer on 2xx, an HqError otherwise. */
export async function postBytes(hq: HqEndpoint, route: string, data: Buffer, timeoutMs = 120_000): Promise<unknown> {
  const res = await call(hq, route, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(data) }, timeoutMs);
  if (!res.ok) throw await failed(res);
  try {
    return (await res.json()) as unknown;
  } catch {
    throw new HqError('BAD_RESPONSE', `HQ answered ${res.status} without a JSON body`, res.status, true);
  }
}

export async function getJson(hq: HqEndpoint, route: string, timeoutMs = 15_000): Promise<unknown> {
  const res = await call(hq, route, { method: 'GET' }, timeoutMs);
  if (!res.ok) throw await failed(res);
  return (await res.json()) as unknown;
}

export async function getBytes(hq: HqEndpoint, route: string, timeoutMs = 120_000): Promise<Buffer> {
  const res = await call(hq, route, { method: 'GET' }, timeoutMs);
  if (!res.ok) throw await failed(res);
  return Buffer.from(await res.arrayBuffer());
}

export interface UploadLoopOptions {
  /** One pass: upload what is waiting. Throws an HqError (retryable or not) when HQ could not take it. */
  pass: () => Promise<void>;
  /** After a good pass, the next one runs this much later (or on kick()). */
  idleMs: number;
  backoff?: BackoffPolicy;
  onError: (err: unknown, retryInMs: number | null) => void;
}

/**
 * Runs `pass` now, again after `idleMs`, and on kick(); a failed pass is retried on the shared full-jitter
 * backoff (Retry-After honoured) while the error is retryable, else at the next idle pass.
 */
export function createUploadLoop(opts: UploadLoopOptions) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;
  let attempt = 0;
  let again = false;

  const schedule = (ms: number): void => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(), ms);
    timer.unref?.();
  };

  async function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        await opts.pass();
        attempt = 0;
        schedule(opts.idleMs);
      } catch (err) {
        const retryable = err instanceof HqError ? err.retryable : false;
        const delay = retryable ? retryDelayMs(++attempt, err instanceof HqError ? err.retryAfterMs : null, opts.backoff ?? DEFAULT_BACKOFF) : null;
        opts.onError(err, delay);
        schedule(delay ?? opts.idleMs);
      } finally {
        running = null;
      }
      if (again) {
        again = false;
        await run();
      }
    })();
    return running;
  }

  return {
    start(): void {
      stopped = false;
      void run();
    },
    /** Try now (a new file arrived, or HQ is reachable again). */
    kick(): Promise<void> {
      return run();
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
