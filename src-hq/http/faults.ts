import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInput } from '../admin-schemas';
import { sendError } from './respond';

export type FaultState = FaultInput & { remaining: number };

/**
 * Test-only switches (set through the admin API): the next N /v1 requests answer 503 or 429 with
 * Retry-After, are delayed, or have their connection dropped.
 */
export class FaultSwitch {
  private current: FaultState | null = null;

  set(f: FaultInput): FaultState {
    this.current = { ...f, remaining: f.count };
    return this.current;
  }

  clear(): void {
    this.current = null;
  }

  state(): FaultState | null {
    return this.current;
  }

  /** Returns true when the fault answered the request (the caller must do nothing more). */
  async apply(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    const f = this.current;
    if (!f || !pathname.startsWith(f.pathPrefix)) return false;
    f.remaining -= 1;
    if (f.remaining <= 0) this.current = null;
    switch (f.kind) {
      case 'unavailable':
        sendError(res, 'UNAVAILABLE', 'HQ is temporarily unavailable (injected fault); retry later.', {
          'retry-after': String(f.retryAfterSeconds),
        });
        return true;
      case 'rateLimited':
        sendError(res, 'RATE_LIMITED', 'Too many requests (injected fault); retry later.', {
          'retry-after': String(f.retryAfterSeconds),
        });
        return true;
      case 'reset':
        req.socket.destroy();
        return true;
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, f.delayMs));
        return false;
    }
  }
}
