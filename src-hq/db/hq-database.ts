import path from 'node:path';
import { openDatabase, type Db } from '../../src-main/db/connection';
import { HQ_MIGRATIONS } from './migrations';

export type { Db };

/** Opens (creating and migrating) `<dataDir>/hq.db`. */
export function openHqDatabase(dataDir: string): Db {
  return openDatabase({ file: path.join(dataDir, 'hq.db'), migrations: HQ_MIGRATIONS });
}
