/**
 * The terminal before it is enrolled (issue 17 item 1): a store build with no HQ configured and no
 * enrolment serves only what the enrolment screen needs — health, status (`enrolled: false`), renderer
 * errors and `enrol.submit`. Every other method answers NOT_ENROLLED. Once HQ accepted the code, `onEnrolled`
 * builds the real terminal and the caller's dispatch switches to it.
 */
import { METHOD_NAMES, type Handlers } from '../../src-shared/contract';
import { AppError } from '../../src-shared/contract/errors';
import type { CounterApp } from '../app';
import type { Logger } from '../logger';
import { createDispatch } from '../transport/dispatch';
import { enrolWithHq, type EnrolDeps } from './enrol';
import type { EnrolmentRecord } from './enrolment-store';

export interface EnrolmentAppDeps extends EnrolDeps {
  logger: Logger;
  printerTarget: string;
  /** Start the real terminal on the new enrolment. */
  onEnrolled(record: EnrolmentRecord): Promise<void>;
}

export function createEnrolmentApp(deps: EnrolmentAppDeps): CounterApp {
  const notEnrolled = async (): Promise<never> => {
    throw new AppError({ code: 'NOT_ENROLLED', messageKey: 'enrol:notEnrolled' });
  };
  let busy = false;
  const handlers = Object.fromEntries(METHOD_NAMES.map((name) => [name, notEnrolled])) as unknown as Handlers;
  const own: Pick<Handlers, 'system.health' | 'system.ping' | 'system.status' | 'system.rendererError' | 'enrol.submit'> = {
    'system.health': async () => ({ ok: true, error: null, dataDir: deps.dataDir }),
    'system.ping': async () => ({ pong: true, at: deps.now().toISOString() }),
    'system.rendererError': async ({ screen, message, componentStack }) => {
      deps.logger.error({ screen, message, componentStack }, 'renderer error: the screen showed its recover button');
      return { logged: true };
    },
    'system.status': async () => ({
      enrolled: false,
      enrolment: null,
      terminal: null,
      clerk: null,
      sync: {
        online: false,
        offlineReason: null,
        configured: false,
        pendingCount: 0,
        oldestPendingAt: null,
        lastSuccessAt: null,
        lastError: null,
        accountsCached: 0,
        snapshot: { state: 'idle', imported: 0, total: 0 },
      },
      printer: { target: deps.printerTarget, state: 'unknown', waitingJobs: 0, failedJobs: 0 },
      faults: [],
      shift: null,
      now: deps.now().toISOString(),
    }),
    'enrol.submit': async (input) => {
      // one enrolment at a time: a second press waits for the first answer instead of spending a second code
      if (busy) throw new AppError({ code: 'CONFLICT', messageKey: 'enrol:busy' });
      busy = true;
      try {
        const record = await enrolWithHq(input, deps);
        await deps.onEnrolled(record);
        return {
          storeCode: record.storeCode,
          storeName: record.storeName,
          terminalCode: record.terminalCode,
          reenrolled: record.reenrolled,
          lastReceiptSeq: record.ledger.lastReceiptSeq,
          protection: deps.store.protection,
        };
      } finally {
        busy = false;
      }
    },
  };
  Object.assign(handlers, own);
  deps.logger.info({ dataDir: deps.dataDir, file: deps.store.file, protection: deps.store.protection }, 'not enrolled: serving the enrolment screen');
  return {
    dispatch: createDispatch(handlers, () => null, deps.logger),
    fatal: null,
    ctx: null,
    close: async () => undefined,
  };
}
