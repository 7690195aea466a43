/**
 * Test harness for the sync fault tests and the sync bench: a real reference HQ (SQLite in a temp
 * folder), the fault proxy in front of it, and the real terminal app (createCounterApp on its own
 * SQLite file) whose HQ URL is the proxy. Sales go through the real renewal service via dispatch.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startHq, type RunningHq } from '../src-hq/server';
import { DEMO_ACCOUNTS } from '../src-hq/demo-data';
import { createCounterApp, type CounterApp } from '../src-main/app';
import { createLogger } from '../src-main/logger';
import { createSaleRepo, type SaleRow } from '../src-main/db/repos/sale-repo';
import { startVirtualPrinter } from '../tools/virtual-printer/server';
import type { OutboxTuning } from '../src-main/sync/outbox-worker';
import { startFaultProxy, type FaultAction, type FaultProxy, type ProxiedRequest } from './fault-proxy';

export const HARNESS_ADMIN_TOKEN = 'sync-harness-admin-token-0123456789';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 20_000, everyMs = 25): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Only the outbox route gets faults; pulls and lookups pass (their own failures are not under test here). */
export function eventsOnly(plan: (req: ProxiedRequest, nth: number) => FaultAction): (req: ProxiedRequest) => FaultAction {
  let nth = 0;
  return (req) => (req.path.startsWith('/v1/events') ? plan(req, ++nth) : 'pass');
}

export interface Renewable {
  nationalId: string;
  deviceNumber: string;
  planCode: string;
}

/** Demo devices a 1-month M30G renewal is accepted for (active or expired IMEI devices on active accounts). */
export const RENEWABLE: Renewable[] = DEMO_ACCOUNTS.flatMap((a) =>
  (a.status ?? 'active') === 'active'
    ? a.devices
        .filter((d) => d.kind === 'imei' && (d.status === 'active' || d.status === 'expired'))
        .map((d) => ({ nationalId: a.nationalId, deviceNumber: d.number, planCode: 'M30G' }))
    : [],
);

export interface SyncRig {
  dir: string;
  hqDir: string;
  hq: RunningHq;
  proxy: FaultProxy;
  app: CounterApp;
  dbFile: string;
  /** Stop HQ (its port stays known); `startHqAgain` brings it back on the same port and data. */
  stopHq(): Promise<void>;
  startHqAgain(): Promise<void>;
  signIn(): Promise<void>;
  /** Make `n` renewals through the real renewal service, round-robin over the renewable demo devices. */
  makeSales(n: number): Promise<string[]>;
  sale(saleId: string): SaleRow | undefined;
  counts(saleIds: string[]): SyncCounts;
  close(): Promise<void>;
}

export interface SyncCounts {
  sales: number;
  hqSaleRows: number;
  hqDistinctSales: number;
  hqMaxRowsPerSale: number;
  hqRenewalEvents: number;
  confirmed: number;
  pending: number;
  dead: number;
  outboxPending: number;
}

export interface SyncRigOptions {
  outbox?: OutboxTuning;
  plan?: (req: ProxiedRequest) => FaultAction;
  /** Write the terminal's log to `<dir>/terminal/logs/counter.log` (the real logger); `now` is the repeat limiter's clock. */
  logFile?: { now?: () => number };
}

/** The terminal log file of a rig started with `logFile`. */
export function rigLogFile(rig: SyncRig): string {
  return path.join(rig.dir, 'terminal', 'logs', 'counter.log');
}

export async function startSyncRig(opts: SyncRigOptions = {}): Promise<SyncRig> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-rig-'));
  const hqDir = path.join(dir, 'hq');
  let hq = await startHq({ port: 0, host: '127.0.0.1', dataDir: hqDir, adminToken: HARNESS_ADMIN_TOKEN, seed: 'demo' });
  const hqPort = hq.port;
  const token = hq.demoTerminalToken ?? '';
  let hqUp = true;
  const proxy = await startFaultProxy({ target: () => `http://127.0.0.1:${hqPort}`, ...(opts.plan ? { plan: opts.plan } : {}) });
  const printer = await startVirtualPrinter({ host: '127.0.0.1', port: 0, outDir: path.join(dir, 'printer'), png: false });
  const dbFile = path.join(dir, 'terminal', 'counter.db');
  const app = createCounterApp({
    dataDir: path.join(dir, 'terminal'),
    dbFile,
    hq: { url: proxy.url, token },
    local: { printerTarget: printer.url, printerType: 'epson', paperWidth: 80, receiptLanguage: 'zh-CN' },
    logger: opts.logFile
      ? createLogger({ dir: path.join(dir, 'terminal', 'logs'), name: 'counter', stdout: false, ...(opts.logFile.now ? { repeat: { now: opts.logFile.now } } : {}) })
      : pino({ level: process.env.SYNC_TEST_LOG ?? 'silent' }),
    pullIntervalMs: 60_000,
    ...(opts.outbox ? { outbox: opts.outbox } : {}),
  });
  const ctx = app.ctx;
  if (!ctx) throw new Error(`terminal failed to start: ${JSON.stringify(app.fatal)}`);
  const sales = createSaleRepo(ctx.db);
  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const r = await app.dispatch(name, input, { transport: 'test' });
    if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`);
    return r.result as T;
  };
  const devices = new Map<string, { accountId: string; deviceId: string }>();
  let nextDevice = 0;

  // First contact: config, then the accounts snapshot the renewal service looks devices up in.
  await waitFor('the first pull', () => ctx.store() !== undefined && ctx.importer.progress().state === 'done');

  return {
    dir,
    hqDir,
    get hq() {
      return hq;
    },
    proxy,
    app,
    dbFile,
    async stopHq() {
      if (!hqUp) return;
      hqUp = false;
      await hq.close();
    },
    async startHqAgain() {
      if (hqUp) return;
      hq = await startHq({ port: hqPort, host: '127.0.0.1', dataDir: hqDir, adminToken: HARNESS_ADMIN_TOKEN, seed: 'demo' });
      hqUp = true;
    },
    async signIn() {
      await call('auth.signIn', { clerkId: 'S001-1001', pin: '1234' });
    },
    async makeSales(n) {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const r = RENEWABLE[nextDevice++ % RENEWABLE.length]!;
        let d = devices.get(r.deviceNumber);
        if (!d) {
          const found = await call<{ account: { accountId: string; device: { deviceId: string } } }>('lookup.find', {
            nationalId: r.nationalId,
            deviceNumber: r.deviceNumber,
          });
          d = { accountId: found.account.accountId, deviceId: found.account.device.deviceId };
          devices.set(r.deviceNumber, d);
        }
        const { quote } = await call<{ quote: { saleId: string; priceFen: number } }>('sales.quote', {
          accountId: d.accountId,
          deviceId: d.deviceId,
          planCode: r.planCode,
          termMonths: 1,
        });
        await call('sales.confirm', {
          saleId: quote.saleId,
          accountId: d.accountId,
          deviceId: d.deviceId,
          planCode: r.planCode,
          termMonths: 1,
          priceFen: quote.priceFen,
          // Exact cash: renewal.ts currently sends the cash line's applied amount with changeFen, which HQ
          // rejects as PAYMENT_MISMATCH when there is change (reported to the lead).
          payments: [{ method: 'cash', tenderedFen: quote.priceFen }],
        });
        ids.push(quote.saleId);
      }
      return ids;
    },
    sale: (id) => sales.findSaleById(id),
    counts(saleIds) {
      return countSync(hqUp ? hq : null, saleIds, (id) => sales.findSaleById(id), ctx.repos.outbox);
    },
    async close() {
      await app.close();
      await proxy.close();
      await printer.close();
      if (hqUp) await hq.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The exactly-once numbers: HQ rows per sale UUID (read from HQ's database) and the terminal's view. */
export function countSync(
  hq: RunningHq | null,
  saleIds: string[],
  findSale: (id: string) => SaleRow | undefined,
  outbox: { pendingEventStats(): { count: number }; deadEventCount(): number },
): SyncCounts {
  // HQ down: its side reads as -1.
  const perSale = hq?.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM sales WHERE sale_id = ?');
  const renewalEvents = hq?.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM events WHERE type = 'sale.renewal'");
  let rows = 0;
  let distinct = 0;
  let max = 0;
  for (const id of saleIds) {
    const n = perSale ? (perSale.get(id)?.n ?? 0) : 0;
    rows += n;
    if (n > 0) distinct++;
    max = Math.max(max, n);
  }
  const local = saleIds.map((id) => findSale(id)?.hq_status);
  return {
    sales: saleIds.length,
    hqSaleRows: hq ? rows : -1,
    hqDistinctSales: hq ? distinct : -1,
    hqMaxRowsPerSale: hq ? max : -1,
    hqRenewalEvents: renewalEvents ? (renewalEvents.get()?.n ?? 0) : -1,
    confirmed: local.filter((s) => s === 'confirmed').length,
    pending: local.filter((s) => s === 'pending').length,
    dead: outbox.deadEventCount(),
    outboxPending: outbox.pendingEventStats().count,
  };
}

export function summary(name: string, c: SyncCounts, extra: Record<string, unknown> = {}): string {
  const parts = Object.entries({ ...c, ...extra }).map(([k, v]) => `${k}=${String(v)}`);
  return `[sync-fault] ${name}: ${parts.join(' ')}`;
}
