import path from 'node:path';
import type { StoreData, TerminalData } from '../src-shared/hq-protocol/schemas';
import { AppError, type AppErrorShape } from '../src-shared/contract/errors';
import type { Handlers } from '../src-shared/contract';
import type { AppContext, LocalSettings } from './app-context';
import { backupIfDue, type Db } from '../src-node/db/connection';
import { attachedCacheId, CACHE_ID_KEY } from './db/cache-db';
import { openTerminalDatabase } from './db/terminal-db';
import { createAccountCache } from './sync/account-cache';
import { createAccountRepo } from './db/repos/account-repo';
import { createAuditRepo } from './db/repos/audit-repo';
import { createCachedCatalog, createCatalogRepo } from './db/repos/catalog-repo';
import { createClerkRepo } from './db/repos/clerk-repo';
import { createKvRepo } from './db/repos/kv-repo';
import { createLookupGuardRepo } from './db/repos/lookup-guard-repo';
import { createOutboxRepo } from './db/repos/outbox-repo';
import { createPrintJobRepo } from './db/repos/print-job-repo';
import { authHandlers } from './handlers/auth-handlers';
import { lookupHandlers } from './handlers/lookup-handlers';
import { DEFAULT_TIME_ZONE } from '../src-shared/domain/time';
import { cardinfoHandlers } from './handlers/cardinfo-handlers';
import { createAdviceService } from './services/advice';
import { createInvoiceService } from './services/invoice';
import { createIdReader, type IdReaderConfig } from './services/id-reader/id-reader';
import { printHandlers } from './handlers/print-handlers';
import { salesHandlers } from './handlers/sales-handlers';
import { systemHandlers } from './handlers/system-handlers';
import type { Logger } from './logger';
import { createAuditLog, type AuditLog } from './services/audit';
import { createLedgerGuard, type EnrolmentAdoption } from './services/ledger';
import type { EnrolmentInfo } from '../src-shared/contract/enrol';
import { backupSecret, createBackupUploader, type BackupUploader } from './services/backup-upload';
import { createCrashUploader } from '../src-node/crash/crash-uploader';
import type { BackoffPolicy } from '../src-node/net/backoff';
import { createLedgerRepo } from './db/repos/ledger-repo';
import { ledgerHandlers } from './handlers/ledger-handlers';
import { createAuthService } from './services/auth';
import { createLookupService } from './services/lookup';
import { createRenewalService } from './services/sales';
import { createAccountService } from './services/account-service';
import { accountHandlers } from './handlers/account-handlers';
import { createServiceAnswers } from './sync/service-answers';
import { createPrintService } from './printing/print-service';
import { createBusinessDayRepo } from './db/repos/business-day-repo';
import { createSaleRepo } from './db/repos/sale-repo';
import { createPaymentIntentRepo } from './db/repos/payment-intent-repo';
import { createRefundRepo } from './db/repos/refund-repo';
import { createCodePayments, DEFAULT_CODE_PAYMENT_TIMING, type CodePayments, type CodePaymentTiming } from './services/pay/code-payments';
import { createHttpGatewayAdapter } from './services/pay/http-gateway-adapter';
import { paymentsHandlers } from './handlers/payments-handlers';
import { createAccountsImporter } from './sync/accounts-import';
import { createChangeApplier, KV_CURSOR, KV_STORE, KV_TERMINAL } from './sync/apply-changes';
import { createHqClient } from './sync/hq-client';
import { createPuller } from './sync/puller';
import { createSyncState } from './sync/sync-state';
import { createOutboxWorker, type OutboxTuning, type OutboxWorker } from './sync/outbox-worker';
import { syncHandlers } from './handlers/sync-handlers';
import { shiftHandlers } from './handlers/shift-handlers';
import { createShiftRepo } from './db/repos/shift-repo';
import { createReportRepo } from './db/repos/report-repo';
import { createShiftService } from './services/shift';
import { createDayCloseService } from './services/day-close';
import { createZReportService } from './services/z-report';
import { createDispatch, type Dispatch } from './transport/dispatch';
import { createStorageHealth, guardStorage } from './storage-health';
import { logFaults } from './logger';
import { englishMessage } from './english-message';
import { createUpdateService, type UpdaterBackend } from './services/updates';
import { createItSettings } from './services/it-settings';
import { settingsHandlers } from './handlers/settings-handlers';
import { APP_VERSION } from './app-version';

export interface CounterAppOptions {
  dataDir: string;
  dbFile: string;
  hq: { url: string; token: string };
  local: LocalSettings;
  logger: Logger;
  pullIntervalMs?: number;
  /** Outbox worker timing (tests shorten it); defaults in src-main/sync/outbox-worker.ts. */
  outbox?: OutboxTuning;
  /** Sales need an open shift (the product: true, set by runtime.ts; test harnesses that sell without one leave it off). */
  requireOpenShift?: boolean;
  backupsToKeep?: number;
  /** IT's backup key (COUNTER_BACKUP_KEY): backups at HQ are sealed with it; unset = with the HQ token. */
  backupKey?: string;
  /** Backup upload timing (tests shorten it). */
  backupUpload?: { idleMs?: number; backoff?: BackoffPolicy };
  /** Electron's crash dump folder: its dumps are sent to HQ (unset: no crash uploader). */
  crashDumpsDir?: string;
  /** The payment gateway for payment codes (unset: code payments are refused as not configured). */
  paymentGateway?: { url: string; timeoutMs?: number; timing?: Partial<CodePaymentTiming> };
  /** How this terminal is joined to HQ (system.status); default: set by hand (`via: 'settings'`). */
  enrolment?: EnrolmentInfo;
  /** A code enrolment's HQ numbers, adopted once by the ledger (issue 17). */
  adoptEnrolment?: EnrolmentAdoption;
  /** The ID card reader's local service (issue 15 item 2); unset: keyboard-wedge readers only. */
  idReader?: IdReaderConfig;
  /** Accounts per shadow-file commit of the snapshot import (tests make it small). */
  importBatchSize?: number;
  now?: () => Date;
  /** Self-update (issue 17 item 5): the updater (electron-updater in the Electron app; none in web mode) and the channel. */
  updates?: { backend: UpdaterBackend | null; offReason?: string; channel?: string; checkEveryMs?: number };
  /** The IT settings screen: whether the HQ is the demo's embedded one; the environment at start (default process.env). */
  hqEmbedded?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface CounterApp {
  dispatch: Dispatch;
  /** The start-up problem that stops the terminal from working, if any (shown on the fatal screen). */
  fatal: AppErrorShape | null;
  ctx: AppContext | null;
  /** The outbox worker (tests watch it settle); absent in failed mode. */
  outbox?: OutboxWorker;
  /** The backup upload to HQ (tests kick it); absent in failed mode. */
  backupUploader?: BackupUploader;
  close(): Promise<void>;
}

/**
 * The composition root: opens the database, builds repos, services and background workers, and the
 * handler table both transports serve. A database that cannot be used yields an app whose every call
 * reports why (the renderer shows it on the fatal screen).
 */
export function createCounterApp(opts: CounterAppOptions): CounterApp {
  const { logger } = opts;
  const now = opts.now ?? (() => new Date());
  let db: Db;
  let cacheFile: string;
  try {
    ({ db, cacheFile } = openTerminalDatabase({ file: opts.dbFile }));
  } catch (err) {
    const fatal: AppErrorShape = err instanceof AppError ? err.toShape() : { code: 'INTERNAL', messageKey: 'errors:internal' };
    logger.fatal({ err, file: opts.dbFile, code: fatal.code }, `database unusable: ${englishMessage(fatal)}`);
    return createFailedApp(fatal, opts.dataDir, logger);
  }

  const kv = createKvRepo(db);
  const storage = createStorageHealth({ kv, dataDir: opts.dataDir, logger });
  // Issue 12 item 1: the account cache is its own file; the sync cursor in the ledger belongs to one of them.
  let afterCacheReplaced = (): void => undefined;
  let rebuildCache = (): void => undefined;
  const accountCache = createAccountCache({
    db,
    kv,
    file: cacheFile,
    logger,
    onReplaced: () => afterCacheReplaced(),
    onRebuildNeeded: () => rebuildCache(),
  });
  accountCache.reconcile();
  // Issue 10 item 5: is this the ledger this terminal had? Checked before anything is sold or backed up.
  let auditLog: AuditLog | null = null;
  let onLedgerRestored = (): void => undefined;
  const ledger = createLedgerGuard({
    db,
    dataDir: opts.dataDir,
    kv,
    repo: createLedgerRepo(db),
    audit: () => auditLog!,
    logger,
    now,
    hq: { baseUrl: opts.hq.url, token: opts.hq.token },
    terminalId: () => kv.get<TerminalData>(KV_TERMINAL)?.terminalId,
    verifySupervisor: async (code, pin, purpose) => {
      const row = createClerkRepo(db).listActiveClerks().find((c) => c.code === code && c.role === 'supervisor');
      if (!row) throw new AppError({ code: 'FORBIDDEN', messageKey: 'ledger:supervisorWrong', field: 'supervisorCode' });
      return ctx.auth.verifySupervisor(row.clerk_id, pin, purpose);
    },
    onRestored: () => onLedgerRestored(),
    backupKeys: [...(opts.backupKey ? [backupSecret(opts.backupKey, opts.hq.token)] : []), backupSecret(undefined, opts.hq.token)],
  });
  // Issue 17 item 6: the newest backup also goes to HQ, sealed; retried on backoff while offline.
  const backupsDir = path.join(opts.dataDir, 'backups');
  const backupUploader = createBackupUploader({
    dir: backupsDir,
    base: path.basename(opts.dbFile, path.extname(opts.dbFile)),
    hq: { baseUrl: opts.hq.url, token: opts.hq.token },
    key: backupSecret(opts.backupKey, opts.hq.token),
    terminalId: () => kv.get<TerminalData>(KV_TERMINAL)?.terminalId ?? ledger.hqTerminalId(),
    logger: logger.child({ component: 'backup-upload' }),
    ...opts.backupUpload,
  });
  // A refused ledger is not backed up: an empty copy would push the real backups out of the rotation.
  const startupBackup = (ledger.status().state === 'ok' ? backupIfDue(db, backupsDir, opts.backupsToKeep ?? 7) : Promise.resolve(null))
    .then((file) => file && logger.info({ file }, 'database backup written'))
    .catch((err: unknown) => {
      storage.translate(err, 'backup');
      logger.error({ err }, 'database backup failed');
    });
  const crashUploader = opts.crashDumpsDir
    ? createCrashUploader({ dir: opts.crashDumpsDir, hq: { baseUrl: opts.hq.url, token: opts.hq.token }, logger: logger.child({ component: 'crash-upload' }) })
    : null;

  const repos = {
    kv,
    clerks: createClerkRepo(db),
    catalog: createCachedCatalog(createCatalogRepo(db)),
    accounts: createAccountRepo(db),
    outbox: createOutboxRepo(db),
    printJobs: createPrintJobRepo(db),
  };
  const audit = createAuditLog(createAuditRepo(db), now, db, { key: () => ledger.auditKey() });
  auditLog = audit;
  if (opts.adoptEnrolment) {
    try {
      ledger.adoptEnrolment(opts.adoptEnrolment);
    } catch (err) {
      // not adopted: the guard's HQ check refuses to sell below HQ's numbers (restore screen), never a duplicate
      logger.error({ err }, 'enrolment numbers not adopted by the ledger');
    }
  }
  const auth = createAuthService({ db, clerks: repos.clerks, audit, now, settings: () => readIdentity().store?.settings });
  const syncState = createSyncState(repos.kv, now);
  const hq = createHqClient({ baseUrl: opts.hq.url, token: opts.hq.token });
  // Store and terminal records are read on every sale: keep them in memory, refreshed after each pull.
  let identity: { store: StoreData | undefined; terminal: TerminalData | undefined } | null = null;
  const readIdentity = () => (identity ??= { store: repos.kv.get<StoreData>(KV_STORE), terminal: repos.kv.get<TerminalData>(KV_TERMINAL) });
  const applier = createChangeApplier({
    db,
    kv: repos.kv,
    catalog: repos.catalog,
    clerks: repos.clerks,
    accounts: repos.accounts,
    onClerkLockCleared: (clerkId, reason) => auth.clearLockFromHq(clerkId, reason),
    onApplied: () => {
      identity = null;
      repos.catalog.invalidate();
    },
  });

  let puller: ReturnType<typeof createPuller> | null = null;
  const importer = createAccountsImporter({
    db,
    kv: repos.kv,
    cacheFile,
    swapIn: (file) => accountCache.swapIn(file),
    // changes after the snapshot were applied to the old cache: pull them again into the new one
    onSwapped: (snapshotCursor) => {
      const cursor = repos.kv.get<number>(KV_CURSOR);
      if (cursor !== undefined && cursor > snapshotCursor) repos.kv.set(KV_CURSOR, snapshotCursor);
      void puller?.pullNow().catch(() => undefined);
    },
    hq,
    logger,
    ...(opts.importBatchSize ? { batchSize: opts.importBatchSize } : {}),
  });
  puller = createPuller({
    hq,
    applier,
    state: syncState,
    logger,
    onReset: () => importer.restart(),
    afterPull: () => void importer.ensure(),
    storeKeys: { known: () => repos.catalog.storeKeysNewestFirst().map((k) => k.keyId), onAdded: () => importer.restart() },
  });
  const lookup = createLookupService({
    db,
    accounts: repos.accounts,
    catalog: repos.catalog,
    guard: createLookupGuardRepo(db),
    store: () => readIdentity().store,
    hq,
    audit,
    now,
    onHqResult: (ok, err) => (ok ? syncState.markSuccess('pull') : syncState.markFailure('pull', err)),
  });

  const ctx: AppContext = {
    db,
    logger,
    now,
    dataDir: opts.dataDir,
    local: opts.local,
    repos,
    audit,
    auth,
    lookup,
    hq,
    syncState,
    puller,
    importer,
    cache: accountCache,
    ledger,
    store: () => readIdentity().store,
    terminal: () => readIdentity().terminal,
  };

  const printService = createPrintService({
    db,
    printJobs: repos.printJobs,
    local: ctx.local,
    audit,
    auth,
    dataDir: opts.dataDir,
    now,
    log: logger.child({ component: 'print-worker' }),
    timeZone: () => ctx.store()?.timeZone,
  });
  const serviceAnswers = createServiceAnswers();
  const outboxWorker = createOutboxWorker({
    db,
    outbox: repos.outbox,
    serviceAnswers,
    sales: createSaleRepo(db),
    accounts: repos.accounts,
    state: syncState,
    logger: logger.child({ component: 'outbox-worker' }),
    hq: createHqClient({ baseUrl: opts.hq.url, token: opts.hq.token, now: () => now().getTime() }),
    now,
    auditHead: () => audit.head(),
    ...opts.outbox,
  });
  // A pull (or lookup) HQ accepted proves the way to HQ works again: the outbox need not sit out its backoff.
  syncState.onContact((channel, recovered) => {
    if (channel === 'pull') outboxWorker.wake({ recovered });
  });
  const days = createBusinessDayRepo(db);
  const shiftRepo = createShiftRepo(db);
  const intents = createPaymentIntentRepo(db);
  let codePayments: CodePayments | null = null;
  const renewal = createRenewalService({
    ctx,
    sales: createSaleRepo(db),
    days,
    shifts: shiftRepo,
    intents,
    refunds: createRefundRepo(db),
    codePayments: () => codePayments!,
    requireOpenShift: opts.requireOpenShift ?? false,
    afterCommit: () => {
      ledger.afterCommit();
      printService.kick();
      outboxWorker.kick();
    },
  });
  const gatewayLog = logger.child({ component: 'code-payments' });
  codePayments = createCodePayments({
    intents,
    gateway: opts.paymentGateway ? createHttpGatewayAdapter({ baseUrl: opts.paymentGateway.url, timeoutMs: opts.paymentGateway.timeoutMs ?? 10_000 }) : null,
    timing: { ...DEFAULT_CODE_PAYMENT_TIMING, ...opts.paymentGateway?.timing },
    now,
    logger: gatewayLog,
    online: () => syncState.snapshot().online,
    commitPaid: (intent) => {
      try {
        renewal.commitPaidIntent(intent);
      } catch (err) {
        gatewayLog.error({ err, outTradeNo: intent.out_trade_no, saleId: intent.sale_id }, 'paid intent could not commit its sale');
        throw err;
      }
    },
    saleCommitted: (saleId) => createSaleRepo(db).findSaleById(saleId) !== undefined,
    audit: (action, detail) => audit.record(action, auth.current()?.clerkId ?? null, detail),
  });
  const accountService = createAccountService({
    ctx,
    answers: serviceAnswers,
    pushNow: () => outboxWorker.pushNow(),
    printQueued: () => {
      ledger.afterCommit();
      printService.kick();
    },
  });
  const zReports = createZReportService({ ctx, reports: createReportRepo(db) });
  const shift = createShiftService({
    ctx,
    shifts: shiftRepo,
    days,
    zReports,
    afterCommit: () => {
      ledger.afterCommit();
      printService.kick();
    },
  });
  const dayClose = createDayCloseService({
    ctx,
    shifts: shiftRepo,
    shift,
    zReports,
    afterCommit: () => {
      ledger.afterCommit();
      printService.kick();
      outboxWorker.kick();
    },
  });

  const updates = createUpdateService({
    backend: opts.updates?.backend ?? null,
    ...(opts.updates?.offReason ? { offReason: opts.updates.offReason } : {}),
    hq: opts.hq,
    channel: opts.updates?.channel ?? 'stable',
    situation: () => ({
      // a clerk behind the idle lock may have a sale open on the screen: that counts as signed in
      signedInSessions: (auth.current() ? 1 : 0) + (auth.lockedClerk() ? 1 : 0),
      openPayments: intents.openIntents().length,
      printing: repos.printJobs.printJobCounts().printing,
    }),
    logger: logger.child({ component: 'updates' }),
    now,
    ...(opts.updates?.checkEveryMs ? { checkEveryMs: opts.updates.checkEveryMs } : {}),
  });
  const itSettings = createItSettings({
    ctx,
    printService,
    updates,
    settingsFile: path.join(opts.dataDir, 'settings.json'),
    hq: { ...opts.hq, embedded: opts.hqEmbedded ?? false },
    appVersion: APP_VERSION,
    env: opts.env ?? process.env,
  });
  const auths = authHandlers(ctx);

  const handlers: Handlers = guardStorage({
    ...systemHandlers(ctx, {
      printer: () => printService.status(),
      outbox: () => {
        const s = repos.outbox.pendingEventStats();
        return { pendingCount: s.count, oldestPendingAt: s.oldestCreatedAt };
      },
      faults: () => [...storage.faults(), ...logFaults()],
      shift: () => ({ open: shift.hasOpenShift(), businessDate: shift.businessDateNow() }),
      enrolment: () => opts.enrolment ?? { via: 'settings', hqUrl: opts.hq.url, storeCode: null, terminalCode: null, enrolledAt: null, protection: null },
    }),
    'enrol.submit': async () => {
      throw new AppError({ code: 'CONFLICT', messageKey: 'enrol:alreadyEnrolled' });
    },
    ...auths,
    // the update service hears sign-in and sign-out: an update is installed only at a sign-out or the start
    'auth.signIn': async (input, call) => {
      const r = await auths['auth.signIn'](input, call);
      updates.signedIn();
      return r;
    },
    'auth.signOut': async (input, call) => {
      const r = await auths['auth.signOut'](input, call);
      if (!auth.current()) updates.signedOut();
      return r;
    },
    ...lookupHandlers(ctx),
    ...accountHandlers(accountService),
    ...salesHandlers(renewal),
    ...paymentsHandlers(ctx, codePayments, (saleId) => {
      try {
        return renewal.get(saleId);
      } catch {
        return null;
      }
    }),
    ...printHandlers(ctx, printService),
    ...syncHandlers(ctx, outboxWorker),
    ...shiftHandlers(ctx, shift, dayClose),
    ...ledgerHandlers(ledger),
    ...settingsHandlers(itSettings),
    ...cardinfoHandlers(ctx, createIdReader(opts.idReader, { now, timeZone: () => readIdentity().store?.timeZone ?? DEFAULT_TIME_ZONE }), createAdviceService(ctx, createSaleRepo(db)), createInvoiceService(ctx, createSaleRepo(db), () => {
      ledger.afterCommit();
      outboxWorker.kick();
    })),
  }, storage);

  onLedgerRestored = () => {
    backupUploader.start();
    identity = null;
    repos.catalog.invalidate();
    // the restored ledger's cursor is older than the cache it now points to: pulling again from it is harmless
    repos.kv.set(CACHE_ID_KEY, attachedCacheId(db));
  };
  afterCacheReplaced = () => repos.catalog.invalidate();
  rebuildCache = () => void puller?.pullNow().catch(() => undefined);
  // the cache is not in the start-up check: checked in the background, replaced and rebuilt on damage
  const cacheCheck = accountCache.check().catch((err: unknown) => logger.error({ err }, 'account cache check failed'));
  // the backup upload waits for the start-up backup and HQ's answer (which names this terminal)
  void Promise.all([startupBackup, ledger.checkWithHq()]).then(() => (ledger.status().state === 'ok' ? backupUploader.start() : undefined));
  // HQ not reachable at start (a new PC before the network is up): the ledger check runs on the first call HQ
  // accepts, so a replacement PC still finds that HQ is ahead and offers the restore instead of reusing numbers
  let ledgerCheck: Promise<void> | null = null;
  syncState.onContact(() => {
    if (ledger.hqChecked() || ledgerCheck) return;
    ledgerCheck = ledger.checkWithHq().finally(() => {
      ledgerCheck = null;
      if (ledger.status().state === 'ok') backupUploader.start();
    });
  });
  crashUploader?.start();
  puller.start(opts.pullIntervalMs ?? 15_000);
  printService.start();
  outboxWorker.start();
  codePayments.start();
  updates.start();
  logger.info({ db: opts.dbFile, hq: opts.hq.url, printer: opts.local.printerTarget }, 'counter app ready');

  return {
    dispatch: createDispatch(handlers, (call) => auth.authorize(call.session), logger),
    fatal: null,
    ctx,
    outbox: outboxWorker,
    backupUploader,
    async close() {
      updates.stop();
      puller?.stop();
      importer.close();
      await backupUploader.stop();
      await crashUploader?.stop();
      await cacheCheck;
      await codePayments?.stop();
      await outboxWorker.stop();
      await printService.stop();
      audit.flush();
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
  return { dispatch, fatal, ctx: null, close: async () => undefined };
}
