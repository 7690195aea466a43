import type { Change, ConfigSnapshot } from '../../src-shared/hq-protocol/schemas';
import type { Db } from '../../src-node/db/connection';
import type { AccountRepo } from '../db/repos/account-repo';
import type { CatalogRepo } from '../db/repos/catalog-repo';
import type { ClerkRepo } from '../db/repos/clerk-repo';
import type { KvRepo } from '../db/repos/kv-repo';

export const KV_CURSOR = 'hq.cursor';
export const KV_STORE = 'hq.store';
export const KV_TERMINAL = 'hq.terminal';

export interface ChangeApplierDeps {
  db: Db;
  kv: KvRepo;
  catalog: CatalogRepo;
  clerks: ClerkRepo;
  accounts: AccountRepo;
  /** HQ changed a clerk's PIN or sent an unlock: clear the clerk's PIN lockout (inside the pull's transaction). */
  onClerkLockCleared?: (clerkId: string, reason: 'hqPinChange' | 'hqUnlock') => void;
  /** Called after each committed snapshot or page of changes (in-memory caches refresh here). */
  onApplied?: () => void;
}

/** Turns what HQ sends (a config snapshot, a page of changes) into local rows, one transaction each. */
export function createChangeApplier(deps: ChangeApplierDeps) {
  const { kv, catalog, accounts } = deps;
  const clerks = {
    ...deps.clerks,
    /** Upsert, then let the lockout know when HQ changed the PIN or asked for an unlock. */
    upsertClerk(c: Parameters<ClerkRepo['upsertClerk']>[0]): void {
      const effect = deps.clerks.upsertClerk(c);
      if (effect.unlockRequested) deps.onClerkLockCleared?.(c.clerkId, 'hqUnlock');
      else if (effect.pinChanged) deps.onClerkLockCleared?.(c.clerkId, 'hqPinChange');
    },
  };

  function applyChange(c: Change): void {
    switch (c.kind) {
      case 'store':
        kv.set(KV_STORE, c.data);
        return;
      case 'terminal':
        kv.set(KV_TERMINAL, c.data);
        return;
      case 'storeKey':
        if (c.op === 'delete') catalog.deleteStoreKey(c.data.keyId);
        else catalog.upsertStoreKey(c.data);
        return;
      case 'plan':
        catalog.upsertPlan(c.op === 'delete' ? { ...c.data, active: false } : c.data);
        return;
      case 'clerk':
        clerks.upsertClerk(c.op === 'delete' ? { ...c.data, active: false } : c.data);
        return;
      case 'account':
        if (c.op === 'delete') accounts.deleteAccount(c.data.accountId);
        else accounts.saveAccount(c.data);
        return;
      case 'promotion':
        catalog.upsertPromotion(c.data.promotion, c.data.setVersion);
        return;
    }
  }

  const configTx = deps.db.transaction((s: ConfigSnapshot) => {
      kv.set(KV_STORE, s.store);
      kv.set(KV_TERMINAL, s.terminal);
      for (const k of s.storeKeys) catalog.upsertStoreKey(k);
      for (const p of s.plans) catalog.upsertPlan(p);
      catalog.replacePromotions(s.promotions, s.promotionSetVersion);
      const present = new Set(s.clerks.map((c) => c.clerkId));
      for (const c of s.clerks) clerks.upsertClerk(c);
      for (const old of clerks.listActiveClerks()) {
        if (!present.has(old.clerk_id)) {
          clerks.upsertClerk({ clerkId: old.clerk_id, code: old.code, name: old.name, role: old.role, pinHash: old.pin_hash, active: false });
        }
      }
      kv.set(KV_CURSOR, s.snapshotCursor);
  });
  const changesTx = deps.db.transaction((changes: Change[], cursor: number) => {
    for (const c of changes) applyChange(c);
    kv.set(KV_CURSOR, cursor);
  });

  return {
    applyConfigSnapshot(s: ConfigSnapshot): void {
      configTx(s);
      deps.onApplied?.();
    },
    applyChanges(changes: Change[], cursor: number): void {
      changesTx(changes, cursor);
      deps.onApplied?.();
    },
    cursor: (): number | undefined => kv.get<number>(KV_CURSOR),
  };
}
export type ChangeApplier = ReturnType<typeof createChangeApplier>;
