/**
 * The reference headquarters service: plain node:http, SQLite (embedded default) or PostgreSQL
 * (`databaseUrl`), the /v1 terminal protocol (docs/hq-protocol.md), the /admin back-office API and
 * /healthz, /readyz. Processes keep no state of their own beyond caches of nothing: several may
 * serve one PostgreSQL database (docs/hq-deploy.md).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import type { Db } from '../src-node/db/connection';
import { createRepos, openHqStore, type Backend, type HqStore, type TerminalRow } from './db';
import { SqliteStore } from './db/sqlite-store';
import { equalHex, sha256Hex } from './crypto';
import { adminRoutes, handleAdmin } from './http/admin-routes';
import { FaultSwitch } from './http/faults';
import { bearerToken, readJson, readText, sendError, sendJson, sendThrown } from './http/respond';
import { EnrolRequest, HQ_ROUTES } from '../src-shared/hq-protocol/schemas';
import { HqError } from './errors';
import { DEFAULT_ENROL_CODE_TTL_MINUTES, enrolTerminal } from './services/enrolment';
import { hasStatusSession, renderStatus, sendHtml, sendSignIn, sessionCookie, statusSession } from './http/status-page';
import { statusView } from './services/status';
import { handleV1 } from './http/v1-routes';
import { handleAdminUpdates, handleUpdateFeed } from './http/update-routes';
import { handleReceiptPage } from './http/receipt-page';
import type { HqContext } from './services/context';
import { pruneChanges } from './services/change-feed';
import { setSnapshotScope, type SnapshotScope } from './services/snapshot-scope';
import { ensureIdHashIndex } from './services/id-hash-index';
import { ensureStoreKey, seedDemo, seedSyntheticAccounts, type SyntheticSeedReport } from './services/seed';

export interface StartHqOptions {
  /** 0 = a free port. */
  port: number;
  host?: string;
  /** SQLite file folder (`<dataDir>/hq.db`), and where the demo terminal token is kept. */
  dataDir: string;
  /** `postgres://…`: PostgreSQL instead of SQLite. */
  databaseUrl?: string | undefined;
  /** PostgreSQL connections per process (default 10). */
  pgPoolMax?: number;
  adminToken: string;
  seed: 'demo' | 'none';
  /** Make sure this many generated accounts exist (added once; needs the demo catalog). */
  syntheticAccounts?: number;
  logger?: Logger;
  /** The clock (tests move it). */
  now?: () => Date;
  /** Changes kept in the log; older ones are pruned and a terminal behind them must re-snapshot. Default 200,000. */
  changeRetention?: number;
  /** Sets the HQ setting `snapshot_scope` at start (HQ_SNAPSHOT_SCOPE); undefined leaves it as stored. */
  snapshotScope?: SnapshotScope;
  /** How often pruning runs. Default 60 s. */
  pruneIntervalMs?: number;
  /** Where uploaded update artifacts are kept (HQ_UPDATES_DIR). Default `<dataDir>/updates`. */
  updatesDir?: string;
  /** Default validity of an enrolment code in minutes (HQ_ENROL_CODE_TTL_MINUTES). Default 1440 (24 h). */
  enrolCodeTtlMinutes?: number;
  /**
   * The address terminals and customers reach this HQ at (HQ_PUBLIC_URL): put in enrolment QR codes (default: the
   * admin request's Host) and in receipt verify URLs `<publicUrl>/r/…` (default: the listening URL).
   */
  publicUrl?: string;
}

export interface RunningHq {
  url: string;
  port: number;
  demoTerminalToken?: string;
  synthetic?: SyntheticSeedReport;
  backend: Backend;
  store: HqStore;
  /** The SQLite connection (tests and benchmarks read it); throws on PostgreSQL — use `store`. */
  readonly db: Db;
  close(): Promise<void>;
}

export const DEFAULT_CHANGE_RETENTION = 200_000;

export async function startHq(options: StartHqOptions): Promise<RunningHq> {
  const host = options.host ?? '127.0.0.1';
  if (!options.adminToken || options.adminToken.length < 16) throw new Error('adminToken must be at least 16 characters');
  const logger = options.logger ?? pino({ level: 'silent' });
  const store = await openHqStore({ dataDir: options.dataDir, databaseUrl: options.databaseUrl, ...(options.pgPoolMax ? { pgPoolMax: options.pgPoolMax } : {}) });
  const ctx: HqContext = { repos: createRepos(store), now: options.now ?? (() => new Date()), logger };
  const retention = options.changeRetention ?? DEFAULT_CHANGE_RETENTION;

  let demoTerminalToken: string | undefined;
  let synthetic: SyntheticSeedReport | undefined;
  try {
    await ensureStoreKey(ctx);
    if (options.seed === 'demo') demoTerminalToken = await seedDemo(ctx, options.dataDir);
    if (options.syntheticAccounts && options.syntheticAccounts > 0) {
      synthetic = await seedSyntheticAccounts(ctx, options.syntheticAccounts);
      if (synthetic.added > 0) logger.info(synthetic, 'synthetic accounts seeded');
    }
    if (options.snapshotScope) await setSnapshotScope(ctx, options.snapshotScope);
    const indexed = await ensureIdHashIndex(ctx);
    if (indexed > 0) logger.info({ accounts: indexed }, 'national-ID hash index filled');
    await pruneChanges(ctx, retention);
  } catch (err) {
    await store.close();
    throw err;
  }

  const adminHash = sha256Hex(options.adminToken);
  const session = statusSession(options.adminToken);
  const isAdmin = (req: IncomingMessage): boolean => {
    const token = bearerToken(req);
    return token !== null && equalHex(sha256Hex(token), adminHash);
  };
  // last contact: written at most once a minute per terminal by each process
  const seen = new Map<string, number>();
  const markSeen = (terminalId: string): void => {
    const at = ctx.now();
    if ((seen.get(terminalId) ?? 0) > at.getTime() - 60_000) return;
    seen.set(terminalId, at.getTime());
    ctx.repos.terminals.markSeen(terminalId, at.toISOString()).catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'last contact not recorded'));
  };
  const faults = new FaultSwitch();
  const updatesDir = path.resolve(options.updatesDir ?? path.join(options.dataDir, 'updates'));
  const routes = adminRoutes(ctx, faults, {
    enrolCodeTtlMinutes: options.enrolCodeTtlMinutes ?? DEFAULT_ENROL_CODE_TTL_MINUTES,
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
  });

  const authTerminal = async (req: IncomingMessage): Promise<TerminalRow | 'missing' | 'invalid'> => {
    const token = bearerToken(req);
    if (!token) return 'missing';
    return (await ctx.repos.terminals.findByTokenHash(sha256Hex(token))) ?? 'invalid';
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://hq.invalid');
    let terminalCode: string | undefined;
    res.on('finish', () => {
      const ms = Math.round(performance.now() - started);
      logger.info({ method: req.method, path: url.pathname, status: res.statusCode, ms, terminal: terminalCode }, 'request');
    });
    try {
      if (url.pathname === '/healthz' && req.method === 'GET') {
        sendJson(res, 200, { ok: true, backend: store.backend });
        return;
      }
      if (url.pathname === '/readyz' && req.method === 'GET') {
        try {
          await store.ping();
          sendJson(res, 200, { ready: true, backend: store.backend });
        } catch (err) {
          logger.warn({ err: (err as Error).message }, 'readiness: database unreachable');
          sendError(res, 'UNAVAILABLE', 'HQ cannot reach its database.', { 'retry-after': '5' });
        }
        return;
      }
      if (url.pathname === '/status' && req.method === 'GET') {
        if (!isAdmin(req) && !hasStatusSession(req, session)) {
          sendSignIn(res, false);
          return;
        }
        sendHtml(res, 200, renderStatus(await statusView(ctx)));
        return;
      }
      if (url.pathname === '/status/login' && req.method === 'POST') {
        const form = new URLSearchParams(await readText(req, 4096));
        const token = form.get('token') ?? '';
        if (!equalHex(sha256Hex(token), adminHash)) {
          logger.warn('status page: wrong admin token');
          sendSignIn(res, true);
          return;
        }
        res.writeHead(303, { location: '/status', 'set-cookie': sessionCookie(session, req.headers['x-forwarded-proto'] === 'https'), 'cache-control': 'no-store' });
        res.end();
        return;
      }
      if (await handleReceiptPage(ctx, req, res, url)) return;
      if (url.pathname.startsWith('/admin/')) {
        if (!isAdmin(req)) {
          sendError(res, 'UNAUTHORIZED', 'Send the HQ admin token as "Authorization: Bearer <token>".');
          return;
        }
        if (url.pathname.startsWith('/admin/updates/') && (await handleAdminUpdates(ctx, updatesDir, req, res, url))) return;
        await handleAdmin(routes, req, res, url);
        return;
      }
      if (url.pathname.startsWith('/updates/')) {
        const terminal = await authTerminal(req);
        if (terminal === 'missing' || terminal === 'invalid') {
          sendError(res, 'UNAUTHORIZED', 'The update feed needs this terminal\'s HQ token as "Authorization: Bearer <token>".');
          return;
        }
        terminalCode = terminal.code;
        if (terminal.active !== 1) {
          sendError(res, 'TERMINAL_DISABLED', 'This terminal is disabled at HQ; call HQ support.');
          return;
        }
        await handleUpdateFeed(ctx, updatesDir, terminal, req, res, url);
        return;
      }
      if (url.pathname.startsWith('/v1/')) {
        if (await faults.apply(req, res, url.pathname)) return;
        if (url.pathname === HQ_ROUTES.enrol) {
          // no bearer token: the one-time code is the credential
          if (req.method !== 'POST') throw new HqError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${url.pathname}.`);
          const answer = await enrolTerminal(ctx, EnrolRequest.parse(await readJson(req)).code);
          terminalCode = answer.terminal.code;
          sendJson(res, 200, answer);
          return;
        }
        const terminal = await authTerminal(req);
        if (terminal === 'missing' || terminal === 'invalid') {
          sendError(res, 'UNAUTHORIZED', terminal === 'missing'
            ? 'Send this terminal\'s HQ token as "Authorization: Bearer <token>".'
            : 'The terminal token is not valid; ask HQ for a new one.');
          return;
        }
        terminalCode = terminal.code;
        markSeen(terminal.terminal_id);
        if (terminal.active !== 1) {
          sendError(res, 'TERMINAL_DISABLED', 'This terminal is disabled at HQ; call HQ support.');
          return;
        }
        await handleV1(ctx, terminal, req, res, url);
        return;
      }
      sendError(res, 'NOT_FOUND', `No route ${url.pathname}.`);
    } catch (err) {
      if (res.headersSent) {
        logger.warn({ path: url.pathname, err: (err as Error).message }, 'response aborted');
        res.destroy();
        return;
      }
      const status = sendThrown(res, err);
      if (status >= 500) logger.error({ path: url.pathname, err }, 'request failed');
    }
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  const publicUrl = (options.publicUrl ?? url).replace(/\/+$/, '');
  ctx.publicUrl = () => publicUrl;
  const pruneTimer = setInterval(() => {
    pruneChanges(ctx, retention).catch((err: unknown) => logger.error({ err }, 'change log prune failed'));
  }, options.pruneIntervalMs ?? 60_000);
  pruneTimer.unref();
  logger.info({ url, backend: store.backend, database: store.location, seed: options.seed }, 'HQ listening');

  let closed = false;
  const running = {
    url,
    port,
    ...(demoTerminalToken ? { demoTerminalToken } : {}),
    ...(synthetic ? { synthetic } : {}),
    backend: store.backend,
    store,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(pruneTimer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await store.close();
    },
  };
  // Not enumerable: spreading a RunningHq must not touch it (it throws on PostgreSQL).
  Object.defineProperty(running, 'db', {
    enumerable: false,
    get(): Db {
      if (store instanceof SqliteStore) return store.db;
      throw new Error('this HQ runs on PostgreSQL: read through `store`, not the SQLite handle');
    },
  });
  return running as typeof running & { readonly db: Db };
}
