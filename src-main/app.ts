import path from 'node:path';
import type { StoreData, TerminalData } from '../src-shared/hq-protocol/schemas';
import { AppError, type AppErrorShape } from '../src-shared/contract/errors';
import type { Handlers, TerminalStatus } from '../src-shared/contract';
import { openDatabase, rotateBackup, type Db } from './db/connection';
import { TERMINAL_MIGRATIONS } from './db/migrations';
import { createAccountRepo } from './db/repos/account-repo';
import { createAuditRepo } from './db/repos/audit-repo';
import { createCatalogRepo } from './db/repos/catalog-repo';
import { createClerkRepo } from './db/repos/clerk-repo';
import { createKvRepo } from './db/repos/kv-repo';
import { createLookupGuardRepo } from './db/repos/lookup-guard-repo';
import type { Logger } from './logger';
import { createAuditLog } from './services/audit';
import { createAuthService } from './services/auth';
import { createLookupService } from './services/lookup';
import { createAccountsImporter } from './sync/accounts-import';
import { createChangeApplier, KV_STORE, KV_TERMINAL } from './sync/apply-changes';
import { createHqClient } from './sync/hq-client';
import { createPuller } from './sync/puller';
import { createSyncState } from './sync/sync-state';
import { createDispatch, type Dispatch } from './transport/dispatch';

export interface CounterAppOptions {
  dataDir: string;
  dbFile: string;
  hq: { url: string; token: string };
  printerTarget: string;
  logger: Logger;
  pullIntervalMs?: number;
  backupsToKeep?: number;
}

export interface CounterApp {
  dispatch: Dispatch;
  /** The start-up problem that stops the terminal from working, if any (shown on the fatal screen). */
  fatal: AppErrorShape | null;
  db: Db | null;
  close(): Promise<void>;
}

/**
 * The composition root: opens the database, builds repos and services, and the handler table the
 * transports serve. A database that cannot be used yields an app whose every call reports why.
 */
export function createCounterApp(opts: CounterAppOptions): CounterApp {
  const { logger } = opts;
  let db: Db;
  try {
    db = openDatabase({ file: opts.dbFile, migrations: TERMINAL_MIGRATIONS });
  } catch (err) {
    const fatal: AppErrorShape =
      err instanceof AppError ? err.toShape() : { code: 'INTERNAL', messageKey: 'errors:internal' };
    logger.fatal({ err, file: opts.dbFile }, 'database unusable');
    return createFailedApp(fatal, opts.dataDir, logger);
  }

  rotateBackup(db, path.join(opts.dataDir, 'backups'), opts.backupsToKeep ?? 7)
    .then((file) => logger.info({ file }, 'database backup written'))
    .catch((err: unknown) => logger.error({ err }, 'database backup failed'));

  const kv = createKvRepo(db);
  const clerks = createClerkRepo(db);
  const catalog = createCatalogRepo(db);
  const accounts = createAccountRepo(db);
  const audit = createAuditLog(createAuditRepo(db));
  const auth = createAuthService({ db, clerks, audit });
  const syncState = createSyncState(kv);
  const hq = createHqClient({ baseUrl: opts.hq.url, token: opts.hq.token });
  const applier = createChangeApplier({ db, kv, catalog, clerks, accounts });
  const importer = createAccountsImporter({ db, kv, accounts, hq, logger });
  const puller = createPuller({
    hq,
    applier,
    state: syncState,
    logger,
    onReset: () => importer.restart(),
    afterPull: () => void importer.ensure(),
  });
  const lookup = createLookupService({
    db,
    accounts,
    catalog,
    guard: createLookupGuardRepo(db),
    kv,
    hq,
    audit,
    onHqResult: (ok, err) => (ok ? syncState.markSuccess() : syncState.markFailure(err)),
  });
  let cachedCount = { at: 0, n: 0 };
  const accountsCached = () => {
    if (Date.now() - cachedCount.at > 10_000 || importer.isRunning()) cachedCount = { at: Date.now(), n: accounts.countAccounts() };
    return cachedCount.n;
  };

  function status(): TerminalStatus {
    const store = kv.get<StoreData>(KV_STORE);
    const terminal = kv.get<TerminalData>(KV_TERMINAL);
    const sync = syncState.snapshot();
    return {
      terminal:
        store && terminal
          ? { storeCode: store.code, storeName: store.name, terminalCode: terminal.code, timeZone: store.timeZone }
          : null,
      clerk: auth.current(),
      sync: {
        online: sync.online,
        configured: true,
        pendingCount: 0,
        oldestPendingAt: null,
        lastSuccessAt: sync.lastSuccessAt,
        lastError: sync.lastError,
        accountsCached: accountsCached(),
        snapshot: (({ state, imported, total }) => ({ state, imported, total }))(importer.progress()),
      },
      printer: { target: opts.printerTarget, state: 'unknown', waitingJobs: 0, failedJobs: 0 },
      now: new Date().toISOString(),
    };
  }

  const handlers: Handlers = {
    'system.health': async () => ({ ok: true, error: null, dataDir: opts.dataDir }),
    'system.ping': async () => ({ pong: true, at: new Date().toISOString() }),
    'system.status': async () => status(),
    'auth.listClerks': async () => ({ clerks: auth.listClerks() }),
    'auth.signIn': async ({ clerkId, pin }) => ({ clerk: await auth.signIn(clerkId, pin) }),
    'auth.signOut': async () => {
      auth.signOut();
      return { ok: true };
    },
    'auth.session': async () => ({ clerk: auth.current() }),
    'lookup.find': async ({ nationalId, deviceNumber }) => ({
      account: await lookup.find(auth.requireSignedIn().clerkId, nationalId, deviceNumber),
    }),
    'lookup.state': async () => lookup.lockState(auth.requireSignedIn().clerkId),
    'lookup.unlock': async ({ supervisorId, pin }) => {
      const clerk = auth.requireSignedIn();
      await auth.verifySupervisor(supervisorId, pin, 'lookup.unlock');
      lookup.unlock(clerk.clerkId, supervisorId);
      return { ok: true };
    },
  };

  puller.start(opts.pullIntervalMs ?? 15_000);
  logger.info({ db: opts.dbFile, hq: opts.hq.url, printer: opts.printerTarget }, 'counter app ready');

  return {
    dispatch: createDispatch(handlers, () => auth.current() !== null, logger),
    fatal: null,
    db,
    async close() {
      puller.stop();
      db.close();
    },
  };
}

function createFailedApp(fatal: AppErrorShape, dataDir: string, logger: Logger): CounterApp {
  const dispatch: Dispatch = async (name) => {
    if (name === 'system.health') return { ok: true, result: { ok: false, error: fatal, dataDir } };
    return { ok: false, error: fatal };
  };
  logger.error({ code: fatal.code }, 'terminal started in failed mode');
  return { dispatch, fatal, db: null, close: async () => undefined };
}
