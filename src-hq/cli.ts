/**
 * `npm run hq`: the reference HQ from environment settings.
 *   HQ_PORT (default 8787), HQ_HOST (default 127.0.0.1), HQ_DATA_DIR (default ./.hq-data),
 *   HQ_DATABASE_URL (postgres://… selects PostgreSQL; unset = SQLite in HQ_DATA_DIR), HQ_PG_POOL_MAX (default 10),
 *   HQ_SNAPSHOT_SCOPE (chain|store|group: which accounts a terminal's snapshot carries; unset keeps the stored setting),
 *   HQ_ADMIN_TOKEN (required unless HQ_SEED=demo, which then makes one and prints it),
 *   HQ_SEED=demo|none (default demo), HQ_SYNTHETIC_ACCOUNTS (default 0), HQ_CHANGE_RETENTION, HQ_LOG_LEVEL.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pino from 'pino';
import { readHqSettings, type HqCliSettings } from './cli-settings';
import { startHq } from './server';

async function main(): Promise<void> {
  let settings: HqCliSettings;
  try {
    settings = readHqSettings(process.env);
  } catch (err) {
    process.stderr.write(`HQ not started: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const logger = pino({
    name: 'hq',
    level: settings.logLevel,
    redact: { paths: ['token', '*.token', 'pin', '*.pin', 'nationalId', '*.nationalId', 'headers.authorization'], censor: '[redacted]' },
  });
  const generated = settings.adminToken === undefined;
  const adminToken = settings.adminToken ?? randomBytes(24).toString('base64url');
  const hq = await startHq({
    port: settings.port,
    host: settings.host,
    dataDir: settings.dataDir,
    databaseUrl: settings.databaseUrl,
    pgPoolMax: settings.pgPoolMax,
    ...(settings.snapshotScope ? { snapshotScope: settings.snapshotScope } : {}),
    adminToken,
    seed: settings.seed,
    syntheticAccounts: settings.syntheticAccounts,
    ...(settings.changeRetention !== undefined ? { changeRetention: settings.changeRetention } : {}),
    enrolCodeTtlMinutes: settings.enrolCodeTtlMinutes,
    ...(settings.publicUrl ? { publicUrl: settings.publicUrl } : {}),
    updatesDir: settings.updatesDir,
    logger,
  });
  // Shown once on the console for the operator; never written to the log.
  process.stdout.write(`\nReference HQ listening on ${hq.url}\n`);
  process.stdout.write(`Database: ${hq.backend === 'postgres' ? 'PostgreSQL' : 'SQLite'} ${hq.store.location}\n`);
  if (generated) process.stdout.write(`Admin token (generated for this run): ${adminToken}\n`);
  if (hq.demoTerminalToken) {
    process.stdout.write(`Demo terminal T01 token: see ${path.join(settings.dataDir, 'demo-terminal-token.txt')}\n`);
  }
  if (hq.synthetic && hq.synthetic.added > 0) {
    process.stdout.write(`Synthetic accounts: added ${hq.synthetic.added} in ${hq.synthetic.ms} ms (${hq.synthetic.perSecond}/s)\n`);
  }
  const stop = (): void => {
    void hq.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`HQ failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
