/** HQ back-office (/admin): Stores, store groups and the national-ID store keys. Every change is logged for terminals in the same transaction. */
import type { StoreData, StoreKeyData } from '../../../src-shared/hq-protocol/schemas';
import type { CreateStoreGroupInput, CreateStoreInput, UpdateStoreInput } from '../../admin-schemas';
import { newStoreKeyB64 } from '../../crypto';
import { HqError } from '../../errors';
import { compactAll, recordStoreChange, recordStoreKeyChange } from '../change-feed';
import type { HqContext } from '../context';
import { storeData } from '../records';
import { DEMO_STORE } from '../../demo-data';
import { fillIdHashesForKey } from '../id-hash-index';

export async function listStores(ctx: HqContext): Promise<(StoreData & { groupId: string | null })[]> {
  return (await ctx.repos.stores.listStores()).map((s) => ({ ...storeData(s), groupId: s.group_id ?? null }));
}

/** A new store; its settings start from the demo store's defaults (change them with PATCH). */
export async function createStore(ctx: HqContext, input: CreateStoreInput): Promise<StoreData & { groupId: string | null }> {
  return ctx.repos.db.tx(async () => {
    if (await ctx.repos.stores.findStoreByCode(input.code)) throw new HqError('CONFLICT', `Store ${input.code} exists.`);
    if (input.groupId && !(await ctx.repos.stores.findGroup(input.groupId))) throw new HqError('NOT_FOUND', `No store group ${input.groupId}.`);
    const storeId = `store-${input.code}`;
    await ctx.repos.stores.insertStore({
      store_id: storeId,
      code: input.code,
      name: input.name,
      address: input.address,
      phone: input.phone,
      time_zone: input.timeZone,
      settings_json: JSON.stringify(DEMO_STORE.settings),
      updated_at: ctx.now().toISOString(),
    });
    if (input.groupId) await ctx.repos.db.run('UPDATE stores SET group_id = ? WHERE store_id = ?', [input.groupId, storeId]);
    await recordStoreChange(ctx, storeId);
    const row = (await ctx.repos.stores.findStoreById(storeId))!;
    return { ...storeData(row), groupId: row.group_id ?? null };
  });
}

export async function createStoreGroup(ctx: HqContext, input: CreateStoreGroupInput): Promise<{ groupId: string; name: string }> {
  return ctx.repos.db.tx(async () => {
    if (await ctx.repos.stores.findGroup(input.groupId)) throw new HqError('CONFLICT', `Store group ${input.groupId} exists.`);
    await ctx.repos.stores.insertGroup({ group_id: input.groupId, name: input.name, updated_at: ctx.now().toISOString() });
    return { groupId: input.groupId, name: input.name };
  });
}

export async function listStoreGroups(ctx: HqContext): Promise<{ groupId: string; name: string; storeCodes: string[] }[]> {
  const stores = await ctx.repos.stores.listStores();
  return (await ctx.repos.stores.listGroups()).map((g) => ({
    groupId: g.group_id,
    name: g.name,
    storeCodes: stores.filter((s) => s.group_id === g.group_id).map((s) => s.code),
  }));
}

export async function updateStore(ctx: HqContext, code: string, patch: UpdateStoreInput): Promise<StoreData> {
  return await ctx.repos.db.tx(async () => {
    const row = await ctx.repos.stores.findStoreByCode(code);
    if (!row) throw new HqError('NOT_FOUND', `No store ${code}.`);
    const cur = storeData(row);
    if (patch.groupId && !(await ctx.repos.stores.findGroup(patch.groupId))) throw new HqError('NOT_FOUND', `No store group ${patch.groupId}.`);
    await ctx.repos.stores.updateStore({
      ...row,
      name: patch.name ?? cur.name,
      address: patch.address ?? cur.address,
      phone: patch.phone ?? cur.phone,
      time_zone: patch.timeZone ?? cur.timeZone,
      settings_json: JSON.stringify({ ...cur.settings, ...patch.settings }),
      updated_at: ctx.now().toISOString(),
      group_id: patch.groupId === undefined ? (row.group_id ?? null) : patch.groupId,
    });
    await recordStoreChange(ctx, row.store_id);
    return storeData((await ctx.repos.stores.findStoreById(row.store_id))!);
  });
}

/**
 * Adds a new national-ID key. Every idHash terminals hold is under the old key, so the change
 * log is compacted to here: each terminal's next pull answers resetRequired and it re-snapshots.
 */
export async function rotateStoreKey(ctx: HqContext, keyId?: string): Promise<Omit<StoreKeyData, 'keyBase64'>> {
  return await ctx.repos.db.tx(async () => {
    const createdAt = ctx.now().toISOString();
    const id = keyId ?? `k${await ctx.repos.meta.nextCounter('key_no')}`;
    if (await ctx.repos.stores.findKey(id)) throw new HqError('CONFLICT', `Key ${id} exists.`);
    const key = { key_id: id, key_b64: newStoreKeyB64(), created_at: createdAt };
    await ctx.repos.stores.insertKey(key);
    await fillIdHashesForKey(ctx, key);
    await recordStoreKeyChange(ctx, id);
    await compactAll(ctx);
    return { keyId: id, createdAt };
  });
}
