import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startHq } from '../src-hq/server';
import { createRepos } from '../src-hq/db';
import { DEMO_ACCOUNTS } from '../src-hq/demo-data';
import { recordAccountChange } from '../src-hq/services/change-feed';
import type { RenewalPayload } from '../src-shared/hq-protocol/schemas';
import { openTerminalDb } from '../src-main/db/terminal-db';
import { createAccountRepo } from '../src-main/db/repos/account-repo';
import { createCatalogRepo } from '../src-main/db/repos/catalog-repo';
import { createClerkRepo } from '../src-main/db/repos/clerk-repo';
import { createKvRepo } from '../src-main/db/repos/kv-repo';
import { createOutboxRepo } from '../src-main/db/repos/outbox-repo';
import { createSaleRepo } from '../src-main/db/repos/sale-repo';
import { createChangeApplier } from '../src-main/sync/apply-changes';
import { createHqClient } from '../src-main/sync/hq-client';
import { createOutboxWorker } from '../src-main/sync/outbox-worker';
import { createPuller } from '../src-main/sync/puller';
import { createSyncState } from '../src-main/sync/sync-state';
import type { BenchRow } from './lib';

const EVENTS = 10_000;
const CHANGES = 100_000;

/** Outbox drain and change pull against a local reference HQ over loopback HTTP (both sides on SQLite with FULL sync). */
export async function syncRows(): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-bench-sync-'));
  const silent = pino({ level: 'silent' });
  const hq = await startHq({ port: 0, host: '127.0.0.1', dataDir: path.join(dir, 'hq'), adminToken: 'bench-admin-token-0123456789', seed: 'demo' });
  const rows: BenchRow[] = [];
  try {
    const db = openTerminalDb(path.join(dir, 'terminal.db'));
    const kv = createKvRepo(db);
    const outbox = createOutboxRepo(db);
    const accounts = createAccountRepo(db);
    const state = createSyncState(kv);
    const token = hq.demoTerminalToken ?? '';

    // 10,000 realistic 1-month renewals spread over the renewable demo devices.
    const devices = DEMO_ACCOUNTS.filter((a) => a.status === 'active').flatMap((a) =>
      a.devices.filter((d) => d.kind === 'imei' && (d.status === 'active' || d.status === 'expired')).map((d) => ({ accountId: a.accountId, number: d.number })),
    );
    const now = new Date().toISOString();
    db.transaction(() => {
      for (let i = 0; i < EVENTS; i++) {
        const d = devices[i % devices.length]!;
        const payload: RenewalPayload = {
          saleId: randomUUID(),
          receiptNo: `S001-T01-BENCH-${i + 1}`,
          businessDate: now.slice(0, 10),
          clerkId: 'S001-1001',
          accountId: d.accountId,
          deviceNumber: d.number,
          planCode: 'M30G',
          termMonths: 1,
          priceFen: 2900,
          previousExpiry: now,
          newExpiry: now,
          payments: [{ method: 'cash', amountFen: 2900 }],
          changeFen: 0,
          createdAt: now,
        };
        outbox.enqueueEvent({ eventId: randomUUID(), type: 'sale.renewal', payload, createdAt: now });
      }
    })();
    const worker = createOutboxWorker({ db, outbox, sales: createSaleRepo(db), accounts, state, logger: silent, hq: createHqClient({ baseUrl: hq.url, token }), batchSize: 500 });
    const t0 = performance.now();
    const report = await worker.pushNow();
    const seconds = (performance.now() - t0) / 1000;
    const acked = EVENTS - outbox.pendingEventStats().count - outbox.deadEventCount();
    if (report.remaining !== 0 || acked !== EVENTS) throw new Error(`drain incomplete: ${JSON.stringify(report)}`);
    rows.push({
      id: 'outbox.drain',
      name: `outbox drain: ${EVENTS.toLocaleString('en-US')} pending renewals to local HQ (batches of 500)`,
      value: EVENTS / seconds,
      unit: 'events/s',
      target: '≥ 5,000 events/s',
      met: EVENTS / seconds >= 5000,
      note: `${seconds.toFixed(2)} s; ${report.confirmed} confirmed, ${report.rejected} rejected`,
    });

    // Pull: the terminal is current, then HQ makes 100,000 account changes; one pullNow applies them all.
    const client = createHqClient({ baseUrl: hq.url, token });
    const applier = createChangeApplier({ db, kv, catalog: createCatalogRepo(db), clerks: createClerkRepo(db), accounts });
    const puller = createPuller({ hq: client, applier, state, logger: silent, pageSize: 5000 });
    await puller.pullNow().catch((e: unknown) => {
      throw new Error(`first pull failed: ${String(e)} ${String((e as { cause?: unknown }).cause ?? '')}`);
    });
    const hqCtx = { repos: createRepos(hq.store), now: () => new Date(), logger: silent };
    const ids = DEMO_ACCOUNTS.map((a) => a.accountId);
    await hq.store.tx(async () => {
      for (let i = 0; i < CHANGES; i++) await recordAccountChange(hqCtx, ids[i % ids.length]!);
    });
    // Generating blocked HQ's event loop past its keep-alive timeout: let it close the idle socket first.
    await new Promise((r) => setTimeout(r, 300));
    const t1 = performance.now();
    const applied = await puller.pullNow().catch((e: unknown) => {
      throw new Error(`100k pull failed: ${String(e)} ${String((e as { cause?: unknown }).cause ?? '')}`);
    });
    const pullSeconds = (performance.now() - t1) / 1000;
    if (applied < CHANGES) throw new Error(`pulled only ${applied} changes`);
    rows.push({
      id: 'pull.100k',
      name: `pull: ${CHANGES.toLocaleString('en-US')} account changes from local HQ (pages of 5,000)`,
      value: pullSeconds,
      unit: 's',
      note: `${Math.round(applied / pullSeconds).toLocaleString('en-US')} changes/s`,
    });
    db.close();
  } finally {
    await hq.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
