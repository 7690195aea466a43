/**
 * Which accounts a terminal's snapshot carries (issue 16 item 4): the HQ setting `snapshot_scope` —
 * `chain` (every account: the default, as before), `store` (accounts homed at the terminal's store) or
 * `group` (homed at any store of the terminal's store group; a store without a group: its own). Accounts
 * without a home store are in every scope. An account outside the scope is still found by the online
 * lookup (POST /v1/accounts/lookup), as for any account a terminal does not hold.
 */
import type { TerminalRow } from '../db';
import { HqError } from '../errors';
import type { HqContext } from './context';

export const SNAPSHOT_SCOPES = ['chain', 'store', 'group'] as const;
export type SnapshotScope = (typeof SNAPSHOT_SCOPES)[number];
const KEY = 'snapshot_scope';

export function parseSnapshotScope(raw: string): SnapshotScope {
  if ((SNAPSHOT_SCOPES as readonly string[]).includes(raw)) return raw as SnapshotScope;
  throw new HqError('INVALID_INPUT', `snapshot scope must be one of ${SNAPSHOT_SCOPES.join(', ')} (got "${raw}")`);
}

export async function snapshotScope(ctx: HqContext): Promise<SnapshotScope> {
  const v = await ctx.repos.meta.read(KEY);
  return v === undefined ? 'chain' : parseSnapshotScope(v);
}

export async function setSnapshotScope(ctx: HqContext, scope: SnapshotScope): Promise<SnapshotScope> {
  await ctx.repos.meta.write(KEY, scope);
  ctx.logger.info({ scope }, 'snapshot scope set');
  return scope;
}

/** The stores whose accounts this terminal's snapshot carries; null = all. */
export async function scopeStoreIds(ctx: HqContext, terminal: TerminalRow): Promise<string[] | null> {
  const scope = await snapshotScope(ctx);
  if (scope === 'chain') return null;
  if (scope === 'store') return [terminal.store_id];
  const store = await ctx.repos.stores.findStoreById(terminal.store_id);
  if (!store?.group_id) return [terminal.store_id];
  return (await ctx.repos.stores.listStoresInGroup(store.group_id)).map((s) => s.store_id);
}
