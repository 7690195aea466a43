/**
 * The change log: every HQ change appends here in the caller's transaction; terminals pull it
 * with a cursor (positions in commit order: see db/change-log-repo.ts). Changes at or below the floor may have been pruned: a cursor below the floor
 * (or above the head: a terminal that knew another HQ database) gets resetRequired.
 */
import type { Change, ChangeKind, ChangesResponse, ConfigSnapshot } from '../../src-shared/hq-protocol/schemas';
import type { StoreKeyRow, TerminalRow } from '../db';
import type { HqContext } from './context';
import { promotionSet } from './admin/promotions';
import { accountRecord, clerkData, planData, storeData, storeKeyData, terminalData } from './records';

const FLOOR_KEY = 'change_floor';

function append(
  ctx: HqContext,
  kind: ChangeKind,
  entityId: string,
  data: unknown,
  audience: { storeId?: string; terminalId?: string } = {},
  op: 'upsert' | 'delete' = 'upsert',
): Promise<void> {
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

export async function currentKey(ctx: HqContext): Promise<StoreKeyRow> {
  const keys = await ctx.repos.stores.listKeys();
  const key = keys[keys.length - 1];
  if (!key) throw new Error('HQ has no store key yet');
  return key;
}

export async function recordStoreChange(ctx: HqContext, storeId: string): Promise<void> {
  const row = await ctx.repos.stores.findStoreById(storeId);
  if (!row) throw new Error(`unknown store ${storeId}`);
  await append(ctx, 'store', storeId, storeData(row), { storeId });
}

export async function recordStoreKeyChange(ctx: HqContext, keyId: string): Promise<void> {
  const row = await ctx.repos.stores.findKey(keyId);
  if (!row) throw new Error(`unknown key ${keyId}`);
  await append(ctx, 'storeKey', keyId, storeKeyData(row));
}

export async function recordPlanChange(ctx: HqContext, code: string): Promise<void> {
  const row = await ctx.repos.plans.findByCode(code);
  if (!row) throw new Error(`unknown plan ${code}`);
  await append(ctx, 'plan', code, planData(row));
}

export async function recordClerkChange(ctx: HqContext, clerkId: string): Promise<void> {
  const row = await ctx.repos.clerks.findById(clerkId);
  if (!row) throw new Error(`unknown clerk ${clerkId}`);
  await append(ctx, 'clerk', clerkId, clerkData(row), { storeId: row.store_id });
}

export async function recordTerminalChange(ctx: HqContext, terminalId: string): Promise<void> {
  const row = await ctx.repos.terminals.findById(terminalId);
  if (!row) throw new Error(`unknown terminal ${terminalId}`);
  await append(ctx, 'terminal', terminalId, terminalData(row), { storeId: row.store_id, terminalId });
}

/** Bumps the account's version and logs its full record (idHash under the current key). */
export async function recordAccountChange(ctx: HqContext, accountId: string, key?: StoreKeyRow): Promise<void> {
  const at = ctx.now();
  const account = await ctx.repos.accounts.touchAndGetAccount(accountId, at.toISOString());
  if (!account) throw new Error(`unknown account ${accountId}`);
  const devices = await ctx.repos.accounts.findDevicesByAccount(accountId);
  await append(ctx, 'account', accountId, accountRecord(account, devices, key ?? (await currentKey(ctx)), at));
}

export function changeFloor(ctx: HqContext): Promise<number> {
  return ctx.repos.meta.readInt(FLOOR_KEY);
}

/**
 * Everything up to the head counts as pruned: every terminal must re-snapshot. Called in the
 * caller's transaction: the changes it queued are written first, so they are below the floor too.
 */
export async function compactAll(ctx: HqContext): Promise<number> {
  await ctx.repos.db.flushPending();
  const head = await ctx.repos.changes.headSeq();
  await ctx.repos.meta.write(FLOOR_KEY, Math.max(head, await changeFloor(ctx)));
  return head;
}

/** Keep only the newest `keep` changes; returns how many rows were deleted. */
export function pruneChanges(ctx: HqContext, keep: number): Promise<{ floor: number; deleted: number }> {
  return ctx.repos.db.tx(async () => {
    const head = await ctx.repos.changes.headSeq();
    const floor = Math.max(await changeFloor(ctx), head - Math.max(0, keep));
    await ctx.repos.meta.write(FLOOR_KEY, floor);
    const deleted = await ctx.repos.changes.deleteUpTo(floor);
    return { floor, deleted };
  });
}

/**
 * One page of the feed. The head is read first; rows are served only up to it, and every position up
 * to a committed head is committed, so a page never has a hole that fills in later.
 */
export async function listChanges(ctx: HqContext, terminal: TerminalRow, cursor: number, limit: number): Promise<ChangesResponse> {
  const head = await ctx.repos.changes.headSeq();
  if (cursor < (await changeFloor(ctx)) || cursor > head) {
    return { cursor: head, hasMore: false, resetRequired: true, changes: [] };
  }
  const rows = await ctx.repos.changes.listVisibleAfter(cursor, head, terminal.store_id, terminal.terminal_id, limit + 1);
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const changes = page.map((r) => ({ seq: r.seq, kind: r.kind, op: r.op, data: JSON.parse(r.data_json) as unknown }) as Change);
  const last = page[page.length - 1];
  return { cursor: hasMore && last ? last.seq : head, hasMore, resetRequired: false, changes };
}

export async function configSnapshot(ctx: HqContext, terminal: TerminalRow): Promise<ConfigSnapshot> {
  // The cursor is read first: anything committed after it is also in the feed after it.
  const snapshotCursor = await ctx.repos.changes.headSeq();
  const store = await ctx.repos.stores.findStoreById(terminal.store_id);
  if (!store) throw new Error(`terminal ${terminal.terminal_id} has no store`);
  const set = await promotionSet(ctx);
  return {
    snapshotCursor,
    store: storeData(store),
    storeKeys: (await ctx.repos.stores.listKeys()).map(storeKeyData),
    plans: (await ctx.repos.plans.listAll()).map(planData),
    clerks: (await ctx.repos.clerks.listByStore(terminal.store_id)).map(clerkData),
    terminal: terminalData(terminal),
    promotions: set.promotions,
    promotionSetVersion: set.version,
  };
}
