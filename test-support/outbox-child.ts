/**
 * TEST CHILD: the outbox worker alone in its own process on a terminal database file, so a test can
 * SIGKILL it at any moment and start it again. Env: OUTBOX_DB, OUTBOX_HQ_URL, OUTBOX_HQ_TOKEN,
 * OUTBOX_BATCH. Exits 0 once the outbox is drained (nothing pending).
 */
import pino from 'pino';
import { openTerminalDb } from '../src-main/db/terminal-db';
import { createAccountRepo } from '../src-main/db/repos/account-repo';
import { createKvRepo } from '../src-main/db/repos/kv-repo';
import { createOutboxRepo } from '../src-main/db/repos/outbox-repo';
import { createSaleRepo } from '../src-main/db/repos/sale-repo';
import { createOutboxWorker } from '../src-main/sync/outbox-worker';
import { createHqClient } from '../src-main/sync/hq-client';
import { createSyncState } from '../src-main/sync/sync-state';

const env = (k: string): string => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is required`);
  return v;
};

const db = openTerminalDb(env('OUTBOX_DB'));
const outbox = createOutboxRepo(db);
const worker = createOutboxWorker({
  db,
  outbox,
  sales: createSaleRepo(db),
  accounts: createAccountRepo(db),
  state: createSyncState(createKvRepo(db)),
  logger: pino({ level: 'silent' }),
  hq: createHqClient({ baseUrl: env('OUTBOX_HQ_URL'), token: env('OUTBOX_HQ_TOKEN') }),
  batchSize: Number(process.env.OUTBOX_BATCH ?? 5),
  requestTimeoutMs: 2_000,
  pollIntervalMs: 100,
  backoff: { baseMs: 20, capMs: 200 },
});
process.stdout.write('started\n');
worker.start();
setInterval(() => {
  if (outbox.pendingEventStats().count === 0) {
    void worker.stop().then(() => {
      db.close();
      process.exit(0);
    });
  }
}, 50);
