import { AccountRepo } from './account-repo';
import { BackupRepo } from './backup-repo';
import { ChangeLogRepo } from './change-log-repo';
import { ClerkRepo } from './clerk-repo';
import { EnrolmentRepo } from './enrolment-repo';
import { UpdateRepo } from './update-repo';
import { EventRepo } from './event-repo';
import { LedgerRepo } from './ledger-repo';
import { MetaRepo } from './meta-repo';
import { PlanRepo } from './plan-repo';
import { PromotionRepo } from './promotion-repo';
import { SaleRepo } from './sale-repo';
import { ServiceRepo } from './service-repo';
import { StoreRepo } from './store-repo';
import { TerminalRepo } from './terminal-repo';
import type { HqStore } from './store';

export type { HqStore, Backend } from './store';
export { openHqStore, type OpenHqStoreOptions } from './open-store';
export type { AccountRow, DeviceRow } from './account-repo';
export type { BackupRow, CrashReportRow } from './backup-repo';
export type { ChangeRow } from './change-log-repo';
export type { ClerkRow } from './clerk-repo';
export type { EnrolmentCodeRow } from './enrolment-repo';
export type { UpdateFileRow, UpdateReleaseRow } from './update-repo';
export type { EventRow } from './event-repo';
export type { AuditAnchorRow, TerminalLedgerRow } from './ledger-repo';
export type { PlanRow } from './plan-repo';
export type { PromotionRow } from './promotion-repo';
export type { SaleRow, DayCloseRow } from './sale-repo';
export type { InvoiceRequestRow, ReprintRequestRow, UsageMonthRow } from './service-repo';
export type { StoreRow, StoreKeyRow, StoreGroupRow } from './store-repo';
export type { TerminalRow } from './terminal-repo';

/** Every HQ repository over one store. */
export interface HqRepos {
  db: HqStore;
  meta: MetaRepo;
  stores: StoreRepo;
  plans: PlanRepo;
  promotions: PromotionRepo;
  clerks: ClerkRepo;
  terminals: TerminalRepo;
  accounts: AccountRepo;
  changes: ChangeLogRepo;
  events: EventRepo;
  sales: SaleRepo;
  ledgers: LedgerRepo;
  service: ServiceRepo;
  enrolments: EnrolmentRepo;
  updates: UpdateRepo;
  backups: BackupRepo;
}

export function createRepos(db: HqStore): HqRepos {
  return {
    db,
    meta: new MetaRepo(db),
    stores: new StoreRepo(db),
    plans: new PlanRepo(db),
    promotions: new PromotionRepo(db),
    clerks: new ClerkRepo(db),
    terminals: new TerminalRepo(db),
    accounts: new AccountRepo(db),
    changes: new ChangeLogRepo(db),
    events: new EventRepo(db),
    sales: new SaleRepo(db),
    ledgers: new LedgerRepo(db),
    service: new ServiceRepo(db),
    backups: new BackupRepo(db),
    enrolments: new EnrolmentRepo(db),
    updates: new UpdateRepo(db),
  };
}
