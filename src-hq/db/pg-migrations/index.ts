import { migration as m0001 } from './0001-init';
import { migration as m0002 } from './0002-ledger';
import { migration as m0003 } from './0003-clerk-unlock';
import { migration as m0004 } from './0004-feed-and-uniques';
import { migration as m0005 } from './0005-snapshot-scope';
import { migration as m0006 } from './0006-terminal-last-seen';
import { migration as m0007 } from './0007-status-reason-code';
import { migration as m0008 } from './0008-enrolment-codes';
import { migration as m0009 } from './0009-promotions';
import { migration as m0010 } from './0010-customer-service';
import { migration as m0011 } from './0011-update-releases';
import { migration as m0012 } from './0012-backups-crash-reports';
import { migration as m0013 } from './0013-account-id-hashes';
import { migration as m0014 } from './0014-account-service';
import { migration as m0015 } from './0015-void-refunds';

/** One forward-only PostgreSQL schema step; recorded in `hq_schema_migrations`. */
export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Every PostgreSQL HQ schema version, in order: the same steps, names and numbers as the SQLite
 * folder (../migrations), so both backends hold the same tables and columns (migrations.parity.test.ts).
 */
export const PG_MIGRATIONS: readonly PgMigration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013, m0014, m0015];
