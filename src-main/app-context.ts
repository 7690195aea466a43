import type { StoreData, TerminalData } from '../src-shared/hq-protocol/schemas';
import type { Db } from '../src-node/db/connection';
import type { AccountRepo } from './db/repos/account-repo';
import type { CatalogRepo } from './db/repos/catalog-repo';
import type { ClerkRepo } from './db/repos/clerk-repo';
import type { KvRepo } from './db/repos/kv-repo';
import type { OutboxRepo } from './db/repos/outbox-repo';
import type { PrintJobRepo } from './db/repos/print-job-repo';
import type { Logger } from './logger';
import type { AuditLog } from './services/audit';
import type { AuthService } from './services/auth';
import type { LookupService } from './services/lookup';
import type { LedgerGuard } from './services/ledger';
import type { AccountsImporter } from './sync/accounts-import';
import type { AccountCache } from './sync/account-cache';
import type { HqClient } from './sync/hq-client';
import type { Puller } from './sync/puller';
import type { SyncState } from './sync/sync-state';

/** Terminal-local settings that are not from HQ (printer, paper, receipt language). */
export interface LocalSettings {
  printerTarget: string;
  printerType: 'epson' | 'star';
  paperWidth: 58 | 80;
  receiptLanguage: 'zh-CN' | 'en' | 'bilingual';
}

/** Everything a handler group or background worker may use; built once by app.ts. */
export interface AppContext {
  db: Db;
  logger: Logger;
  now: () => Date;
  dataDir: string;
  local: LocalSettings;
  repos: {
    kv: KvRepo;
    clerks: ClerkRepo;
    catalog: CatalogRepo & { invalidate(): void };
    accounts: AccountRepo;
    outbox: OutboxRepo;
    printJobs: PrintJobRepo;
  };
  audit: AuditLog;
  auth: AuthService;
  lookup: LookupService;
  hq: HqClient;
  syncState: SyncState;
  puller: Puller;
  importer: AccountsImporter;
  /** The account cache file (its background check and swaps). */
  cache: AccountCache;
  /** Whether this database is the ledger this terminal had (issue 10 item 5). */
  ledger: LedgerGuard;
  store(): StoreData | undefined;
  terminal(): TerminalData | undefined;
}
