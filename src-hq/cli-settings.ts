/** Settings of `npm run hq`, read from the environment. */
import path from 'node:path';

export interface HqCliSettings {
  port: number;
  host: string;
  dataDir: string;
  /** `postgres://…` selects PostgreSQL; undefined keeps SQLite in dataDir. */
  databaseUrl: string | undefined;
  pgPoolMax: number;
  snapshotScope: 'chain' | 'store' | 'group' | undefined;
  adminToken: string | undefined;
  seed: 'demo' | 'none';
  syntheticAccounts: number;
  changeRetention: number | undefined;
  logLevel: string;
  /** HQ_ENROL_CODE_TTL_MINUTES: default validity of an enrolment code. */
  enrolCodeTtlMinutes: number;
  /** HQ_PUBLIC_URL: the address terminals and customers reach HQ at (put in enrolment QR codes and receipt verify URLs). */
  publicUrl: string | undefined;
  /** HQ_UPDATES_DIR: where uploaded update artifacts are kept; default `<dataDir>/updates`. */
  updatesDir: string;
}

/** Reads the settings; a bad value throws an Error whose message names the setting. */
export function readHqSettings(env: NodeJS.ProcessEnv): HqCliSettings {
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    }
    return n;
  };
  const seed = (env.HQ_SEED ?? 'demo').trim();
  if (seed !== 'demo' && seed !== 'none') throw new Error(`HQ_SEED must be "demo" or "none" (got "${seed}")`);
  const adminToken = env.HQ_ADMIN_TOKEN?.trim() || undefined;
  if (adminToken !== undefined && adminToken.length < 16) throw new Error('HQ_ADMIN_TOKEN must be at least 16 characters');
  if (adminToken === undefined && seed !== 'demo') throw new Error('HQ_ADMIN_TOKEN is required when HQ_SEED is not "demo"');
  const logLevel = (env.HQ_LOG_LEVEL ?? 'info').trim();
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new Error(`HQ_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${logLevel}")`);
  }
  const synthetic = int('HQ_SYNTHETIC_ACCOUNTS', 0, 0, 10_000_000);
  if (synthetic > 0 && seed !== 'demo') throw new Error('HQ_SYNTHETIC_ACCOUNTS needs HQ_SEED=demo (it uses the demo plan catalog)');
  const databaseUrl = env.HQ_DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    throw new Error('HQ_DATABASE_URL must be a postgres:// (or postgresql://) URL; leave it unset for SQLite');
  }
  const scope = env.HQ_SNAPSHOT_SCOPE?.trim() || undefined;
  if (scope !== undefined && scope !== 'chain' && scope !== 'store' && scope !== 'group') {
    throw new Error(`HQ_SNAPSHOT_SCOPE must be chain, store or group (got "${scope}")`);
  }
  const publicUrl = env.HQ_PUBLIC_URL?.trim() || undefined;
  if (publicUrl !== undefined && !/^https?:\/\/[^/\s?#]+(\/[^\s?#]*)?$/.test(publicUrl)) {
    throw new Error(`HQ_PUBLIC_URL must be the http:// or https:// address terminals reach HQ at (got "${publicUrl}")`);
  }
  return {
    enrolCodeTtlMinutes: int('HQ_ENROL_CODE_TTL_MINUTES', 24 * 60, 1, 7 * 24 * 60),
    publicUrl,
    updatesDir: path.resolve(env.HQ_UPDATES_DIR?.trim() || path.join(path.resolve(env.HQ_DATA_DIR?.trim() || './.hq-data'), 'updates')),
    snapshotScope: scope,
    port: int('HQ_PORT', 8787, 0, 65_535),
    databaseUrl,
    pgPoolMax: int('HQ_PG_POOL_MAX', 10, 1, 1000),
    host: (env.HQ_HOST ?? '127.0.0.1').trim(),
    dataDir: path.resolve(env.HQ_DATA_DIR?.trim() || './.hq-data'),
    adminToken,
    seed,
    syntheticAccounts: synthetic,
    changeRetention: env.HQ_CHANGE_RETENTION ? int('HQ_CHANGE_RETENTION', 200_000, 0, 1_000_000_000) : undefined,
    logLevel,
  };
}
