import type { HqStore } from './store';
import { openSqliteStore } from './sqlite-store';
import { openPgStore } from './pg-store';

export interface OpenHqStoreOptions {
  /** `<dataDir>/hq.db` when SQLite. */
  dataDir: string;
  /** `postgres://…` selects PostgreSQL; undefined / empty keeps SQLite. */
  databaseUrl?: string | undefined;
  pgPoolMax?: number;
}

/** Opens (creating and migrating) the HQ database on the backend the settings name. */
export async function openHqStore(options: OpenHqStoreOptions): Promise<HqStore> {
  const url = options.databaseUrl?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//i.test(url)) throw new Error('HQ_DATABASE_URL must start with postgres:// or postgresql://');
    return openPgStore({ url, ...(options.pgPoolMax ? { poolMax: options.pgPoolMax } : {}) });
  }
  return openSqliteStore(options.dataDir);
}
