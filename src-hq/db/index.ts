import type { Db } from './hq-database';
import { AccountRepo } from './account-repo';
import { ChangeLogRepo } from './change-log-repo';
import { ClerkRepo } from './clerk-repo';
import { EventRepo } from './event-repo';
import { LedgerRepo } from './ledger-repo';
import { MetaRepo } from './meta-repo';
import { PlanRepo } from './plan-repo';
import { SaleRepo } from './sale-repo';
import { StoreRepo } from './store-repo';
import { TerminalRepo } from './terminal-repo';

export { openHqDatabase, type Db } from './hq-database';
export type { AccountRow, DeviceRow } from './account-repo';
export type { ChangeRow } from './change-log-repo';
export type { ClerkRow } from './clerk-repo';
export type { EventRow } from './event-repo';
export type { AuditAnchorRow, TerminalLedgerRow } from './ledger-repo';
export type { PlanRow } from './plan-repo';
export type { SaleRow, DayCloseRow } from './sale-repo';
export type { StoreRow, StoreKeyRow } from './store-repo';
export type { TerminalRow } from './terminal-repo';

/** Every HQ repository over one connection. */
export interface HqRepos {
  db: Db;
  meta: MetaRepo;
  stores: StoreRepo;
  plans: PlanRepo;
  clerks: ClerkRepo;
  terminals: TerminalRepo;
  accounts: AccountRepo;
  changes: ChangeLogRepo;
  events: EventRepo;
  sales: SaleRepo;
  ledgers: LedgerRepo;
}

/**
 * The repos prepare their SQL where they use it; this hands them a connection whose `prepare` returns
 * the already-prepared statement for a SQL text it has seen (no repo iterates or switches a statement's
 * mode, so sharing statements is safe). Preparing on every call cost more than running the queries.
 */
function withStatementCache(db: Db): Db {
  const cache = new Map<string, ReturnType<Db['prepare']>>();
  const cached = Object.create(db) as Db;
  cached.prepare = ((sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
    return stmt;
  }) as Db['prepare'];
  return cached;
}

export function createRepos(connection: Db): HqRepos {
  const db = withStatementCache(connection);
  return {
    db: connection,
    meta: new MetaRepo(db),
    stores: new StoreRepo(db),
    plans: new PlanRepo(db),
    clerks: new ClerkRepo(db),
    terminals: new TerminalRepo(db),
    accounts: new AccountRepo(db),
    changes: new ChangeLogRepo(db),
    events: new EventRepo(db),
    sales: new SaleRepo(db),
    ledgers: new LedgerRepo(db),
  };
}
