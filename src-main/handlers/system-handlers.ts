import type { HandlersOf, systemMethods, TerminalStatus } from '../../src-shared/contract';
import type { AppContext } from '../app-context';

export interface StatusSources {
  printer(): TerminalStatus['printer'];
  outbox(): { pendingCount: number; oldestPendingAt: string | null };
  /** Disk full / read-only, log file unwritable (HQ token refused comes from the sync state). */
  faults(): TerminalStatus['faults'];
  /** Open shift and current business date (null before the terminal has its store). */
  shift(): NonNullable<TerminalStatus['shift']>;
  /** How this terminal is joined to HQ (issue 17). */
  enrolment(): NonNullable<TerminalStatus['enrolment']>;
}

/** Health, ping and the status bar's one call. */
export function systemHandlers(ctx: AppContext, sources: StatusSources): HandlersOf<typeof systemMethods> {
  let cachedCount = { at: 0, n: 0 };
  const accountsCached = () => {
    if (Date.now() - cachedCount.at > 10_000 || ctx.importer.isRunning()) {
      cachedCount = { at: Date.now(), n: ctx.repos.accounts.countAccounts() };
    }
    return cachedCount.n;
  };

  return {
    'system.health': async () => ({ ok: true, error: null, dataDir: ctx.dataDir }),
    'system.ping': async () => ({ pong: true, at: ctx.now().toISOString() }),
    'system.rendererError': async ({ screen, message, componentStack }) => {
      ctx.logger.error({ screen, message, componentStack }, 'renderer error: the screen showed its recover button');
      return { logged: true };
    },
    'system.status': async (_input, call) => {
      const store = ctx.store();
      const terminal = ctx.terminal();
      const sync = ctx.syncState.snapshot();
      const outbox = sources.outbox();
      const { state, imported, total } = ctx.importer.progress();
      return {
        enrolled: true,
        enrolment: sources.enrolment(),
        terminal:
          store && terminal
            ? { storeCode: store.code, storeName: store.name, terminalCode: terminal.code, timeZone: store.timeZone }
            : null,
        // this caller's clerk: another caller with the launch token but not the session sees nobody
        clerk: ctx.auth.sessionClerk(call.session),
        sync: {
          online: sync.online,
          offlineReason: sync.offlineReason,
          configured: true,
          pendingCount: outbox.pendingCount,
          oldestPendingAt: outbox.oldestPendingAt,
          lastSuccessAt: sync.lastSuccessAt,
          lastError: sync.lastError,
          accountsCached: accountsCached(),
          snapshot: { state, imported, total },
        },
        printer: sources.printer(),
        ledger: ctx.ledger.status(),
        shift: store && terminal ? sources.shift() : null,
        faults: [...sources.faults(), ...(sync.tokenRefused ? [{ code: 'HQ_TOKEN_REFUSED', messageKey: 'errors:hqTokenRefused' }] : [])],
        now: ctx.now().toISOString(),
      };
    },
  };
}
