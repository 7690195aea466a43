/**
 * The change log: every HQ change appends here in the caller's transaction; terminals pull it
 * with a cursor. Changes at or below the floor may have been pruned: a cursor below the floor
 * (or above the head: a terminal that knew another HQ database) gets resetRequired.
 */
import type { Change, ChangeKind, ChangesResponse, ConfigSnapshot } from '../../src-shared/hq-protocol/schemas';
import type { StoreKeyRow, TerminalRow } from '../db';
import type { HqContext } from './context';
import { accountRecord, clerkData, planData, storeData, storeKeyData, terminalData } from './records';

const FLOOR_KEY = 'change_floor';

function append(
  ctx: HqContext,
  kind: ChangeKind,
  entityId: string,
  data: unknown,
  audience: { storeId?: string; terminalId?: string } = {},
  op: 'upsert' | 'delete' = 'upsert',
): number {
  return ctx.repos.changes.append({
    kind,
    op,
    entity_id: entityId,
    store_id: audience.storeId ?? null,
    terminal_id: audience.terminalId ?? null,
    data_json: JSON.stringify(data),
    created_at: ctx.now().toISOString(),
  });
}

export function currentKey(ctx: HqContext): StoreKeyRow {
  const keys = ctx.repos.stores.listKeys();
  const key = keys[keys.length - 1];
  if (!key) throw new Error('HQ has no store key yet');
  return key;
}

export function recordStoreChange(ctx: HqContext, storeId: string): number {
  const row = ctx.repos.stores.findStoreById(storeId);
  if (!row) throw new Error(`unknown store ${storeId}`);
  return append(ctx, 'store', storeId, storeData(row), { storeId });
}

export function recordStoreKeyChange(ctx: HqContext, keyId: string): number {
  const row = ctx.repos.stores.findKey(keyId);
  if (!row) throw new Error(`unknown key ${keyId}`);
  return append(ctx, 'storeKey', keyId, storeKeyData(row));
}

export function recordPlanChange(ctx: HqContext, code: string): number {
  const row = ctx.repos.plans.findByCode(code);
  if (!row) throw new Error(`unknown plan ${code}`);
  return append(ctx, 'plan', code, planData(row));
}

export function recordClerkChange(ctx: HqContext, clerkId: string): number {
  const row = ctx.repos.clerks.findById(clerkId);
  if (!row) throw new Error(`unknown clerk ${clerkId}`);
  return append(ctx, 'clerk', clerkId, clerkData(row), { storeId: row.store_id });
}

export function recordTerminalChange(ctx: HqContext, terminalId: string): number {
  const row = ctx.repos.terminals.findById(terminalId);
  if (!row) throw new Error(`unknown terminal ${terminalId}`);
  return append(ctx, 'terminal', terminalId, terminalData(row), { storeId: row.store_id, terminalId });
}

/** Bumps the account's version and logs its full record (idHash under the current key). */
export function recordAccountChange(ctx: HqContext, accountId: string): number {
  const at = ctx.now();
  ctx.repos.accounts.touchAccount(accountId, at.toISOString());
  const account = ctx.repos.accounts.findAccountById(accountId);
  if (!account) throw new Error(`unknown account ${accountId}`);
  const devices = ctx.repos.accounts.findDevicesByAccount(accountId);
  return append(ctx, 'account', accountId, accountRecord(account, devices, currentKey(ctx), at));
}

export function changeFloor(ctx: HqContext): number {
  return ctx.repos.meta.readInt(FLOOR_KEY);
}

/** Everything up to the current head counts as pruned: every terminal must re-snapshot. */
export function compactAll(ctx: HqContext): number {
  const head = ctx.repos.changes.headSeq();
  ctx.repos.meta.write(FLOOR_KEY, Math.max(head, changeFloor(ctx)));
  return head;
}

/** Keep only the newest `keep` changes; returns how many rows were deleted. */
export function pruneChanges(ctx: HqContext, keep: number): { floor: number; deleted: number } {
  return ctx.repos.db.transaction(() => {
    const head = ctx.repos.changes.headSeq();
    const floor = Math.max(changeFloor(ctx), head - Math.max(0, keep));
    ctx.repos.meta.write(FLOOR_KEY, floor);
    const deleted = ctx.repos.changes.deleteUpTo(floor);
    return { floor, deleted };
  })();
}

export function listChanges(ctx: HqContext, terminal: TerminalRow, cursor: number, limit: number): ChangesResponse {
  return ctx.repos.db.transaction((): ChangesResponse => {
    const head = ctx.repos.changes.headSeq();
    if (cursor < changeFloor(ctx) || cursor > head) {
      return { cursor: head, hasMore: false, resetRequired: true, changes: [] };
    }
    const rows = ctx.repos.changes.listVisibleAfter(cursor, terminal.store_id, terminal.terminal_id, limit + 1);
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    const changes = page.map(
      (r) => ({ seq: r.seq, kind: r.kind, op: r.op, data: JSON.parse(r.data_json) as unknown }) as Change,
    );
    const last = page[page.length - 1];
    return { cursor: hasMore && last ? last.seq : head, hasMore, resetRequired: false, changes };
  })();
}

export function configSnapshot(ctx: HqContext, terminal: TerminalRow): ConfigSnapshot {
  return ctx.repos.db.transaction((): ConfigSnapshot => {
    const store = ctx.repos.stores.findStoreById(terminal.store_id);
    if (!store) throw new Error(`terminal ${terminal.terminal_id} has no store`);
    return {
      snapshotCursor: ctx.repos.changes.headSeq(),
      store: storeData(store),
      storeKeys: ctx.repos.stores.listKeys().map(storeKeyData),
      plans: ctx.repos.plans.listAll().map(planData),
      clerks: ctx.repos.clerks.listByStore(terminal.store_id).map(clerkData),
      terminal: terminalData(terminal),
    };
  })();
}
