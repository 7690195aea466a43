/**
 * The reference headquarters service: plain node:http on loopback, SQLite, the /v1 terminal
 * protocol (docs/hq-protocol.md) and the /admin back-office API.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { createRepos, openHqDatabase, type Db, type TerminalRow } from './db';
import { equalHex, sha256Hex } from './crypto';
import { adminRoutes, handleAdmin } from './http/admin-routes';
import { FaultSwitch } from './http/faults';
import { bearerToken, sendError, sendThrown } from './http/respond';
import { handleV1 } from './http/v1-routes';
import type { HqContext } from './services/context';
import { pruneChanges } from './services/change-feed';
import { ensureStoreKey, seedDemo, seedSyntheticAccounts, type SyntheticSeedReport } from './services/seed';

export interface StartHqOptions {
  /** 0 = a free port. */
  port: number;
  host?: string;
  dataDir: string;
  adminToken: string;
  seed: 'demo' | 'none';
  /** Make sure this many generated accounts exist (added once; needs the demo catalog). */
  syntheticAccounts?: number;
  logger?: Logger;
  /** The clock (tests move it). */
  now?: () => Date;
  /** Changes kept in the log; older ones are pruned and a terminal behind them must re-snapshot. Default 200,000. */
  changeRetention?: number;
  /** How often pruning runs. Default 60 s. */
  pruneIntervalMs?: number;
}

export interface RunningHq {
  url: string;
  port: number;
  demoTerminalToken?: string;
  synthetic?: SyntheticSeedReport;
  db: Db;
  close(): Promise<void>;
}

export const DEFAULT_CHANGE_RETENTION = 200_000;

export async function startHq(options: StartHqOptions): Promise<RunningHq> {
  const host = options.host ?? '127.0.0.1';
  if (!options.adminToken || options.adminToken.length < 16) throw new Error('adminToken must be at least 16 characters');
  const logger = options.logger ?? pino({ level: 'silent' });
  const db = openHqDatabase(options.dataDir);
  const ctx: HqContext = { repos: createRepos(db), now: options.now ?? (() => new Date()), logger };
  const retention = options.changeRetention ?? DEFAULT_CHANGE_RETENTION;

  let demoTerminalToken: string | undefined;
  let synthetic: SyntheticSeedReport | undefined;
  try {
    ensureStoreKey(ctx);
    if (options.seed === 'demo') demoTerminalToken = await seedDemo(ctx, options.dataDir);
    if (options.syntheticAccounts && options.syntheticAccounts > 0) {
      synthetic = seedSyntheticAccounts(ctx, options.syntheticAccounts);
      if (synthetic.added > 0) logger.info(synthetic, 'synthetic accounts seeded');
    }
    pruneChanges(ctx, retention);
  } catch (err) {
    db.close();
    throw err;
  }

  const adminHash = sha256Hex(options.adminToken);
  const faults = new FaultSwitch();
  const routes = adminRoutes(ctx, faults);

  const authTerminal = (req: IncomingMessage): TerminalRow | 'missing' | 'invalid' => {
    const token = bearerToken(req);
    if (!token) return 'missing';
    return ctx.repos.terminals.findByTokenHash(sha256Hex(token)) ?? 'invalid';
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
      if (url.pathname.startsWith('/admin/')) {
        const token = bearerToken(req);
        if (!token || !equalHex(sha256Hex(token), adminHash)) {
          sendError(res, 'UNAUTHORIZED', 'Send the HQ admin token as "Authorization: Bearer <token>".');
          return;
        }
        await handleAdmin(routes, req, res, url);
        return;
      }
      if (url.pathname.startsWith('/v1/')) {
        if (await faults.apply(req, res, url.pathname)) return;
        const terminal = authTerminal(req);
        if (terminal === 'missing' || terminal === 'invalid') {
          sendError(res, 'UNAUTHORIZED', terminal === 'missing'
            ? 'Send this terminal\'s HQ token as "Authorization: Bearer <token>".'
            : 'The terminal token is not valid; ask HQ for a new one.');
          return;
        }
        terminalCode = terminal.code;
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
  const pruneTimer = setInterval(() => {
    try {
      pruneChanges(ctx, retention);
    } catch (err) {
      logger.error({ err }, 'change log prune failed');
    }
  }, options.pruneIntervalMs ?? 60_000);
  pruneTimer.unref();
  logger.info({ url, dataDir: options.dataDir, seed: options.seed }, 'HQ listening');

  let closed = false;
  return {
    url,
    port,
    ...(demoTerminalToken ? { demoTerminalToken } : {}),
    ...(synthetic ? { synthetic } : {}),
    db,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(pruneTimer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      db.close();
    },
  };
}
