import { describe, expect, it } from 'vitest';
import { readHqSettings } from './cli-settings';

describe('readHqSettings', () => {
  it('has working defaults with the demo seed', () => {
    const s = readHqSettings({});
    expect(s).toMatchObject({ port: 8787, host: '127.0.0.1', seed: 'demo', syntheticAccounts: 0, adminToken: undefined });
    expect(s.dataDir.endsWith('.hq-data')).toBe(true);
    expect(s.databaseUrl).toBeUndefined();
  });

  it('selects PostgreSQL with HQ_DATABASE_URL', () => {
    expect(readHqSettings({ HQ_DATABASE_URL: ' postgres://hq@db.internal:5432/hq ', HQ_PG_POOL_MAX: '20' })).toMatchObject({
      databaseUrl: 'postgres://hq@db.internal:5432/hq',
      pgPoolMax: 20,
    });
  });

  it.each([
    [{ HQ_PORT: 'eighty' }, /HQ_PORT/],
    [{ HQ_PORT: '70000' }, /HQ_PORT/],
    [{ HQ_SEED: 'lots' }, /HQ_SEED/],
    [{ HQ_SEED: 'none' }, /HQ_ADMIN_TOKEN/],
    [{ HQ_ADMIN_TOKEN: 'short' }, /HQ_ADMIN_TOKEN/],
    [{ HQ_SYNTHETIC_ACCOUNTS: '-5' }, /HQ_SYNTHETIC_ACCOUNTS/],
    [{ HQ_SYNTHETIC_ACCOUNTS: '10', HQ_SEED: 'none', HQ_ADMIN_TOKEN: 'x'.repeat(20) }, /HQ_SYNTHETIC_ACCOUNTS/],
    [{ HQ_LOG_LEVEL: 'loud' }, /HQ_LOG_LEVEL/],
    [{ HQ_DATABASE_URL: 'mysql://x@y/z' }, /HQ_DATABASE_URL/],
    [{ HQ_PG_POOL_MAX: '0' }, /HQ_PG_POOL_MAX/],
  ])('stops on %o with a message naming the setting', (env, pattern) => {
    expect(() => readHqSettings(env)).toThrow(pattern);
  });
});
