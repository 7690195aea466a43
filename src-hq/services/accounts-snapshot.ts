/**
 * The accounts snapshot as NDJSON chunks, read page by page (keyset pagination on accountId), so
 * memory stays flat whatever the number of accounts and other requests are served in between. Scoped
 * to the terminal's store or store group when HQ is set so (services/snapshot-scope.ts); gzip on the
 * wire when the terminal accepts it; a broken download resumes with `after` = the last account received.
 */
import type { SnapshotHeaderLine, SnapshotAccountLine } from '../../src-shared/hq-protocol/schemas';
import type { DeviceRow, StoreKeyRow, TerminalRow } from '../db';
import { HqError } from '../errors';
import type { HqContext } from './context';
import { currentKey } from './change-feed';
import { accountRecord } from './records';
import { scopeStoreIds } from './snapshot-scope';

export const SNAPSHOT_PAGE_SIZE = 1000;

export interface PreparedSnapshot {
  header: SnapshotHeaderLine;
  key: StoreKeyRow;
  after: string | undefined;
  /** The terminal's scope (services/snapshot-scope.ts); null = every account. */
  storeIds: string[] | null;
}

/** Fixes the cursor, the key and the total before the first byte is sent (errors are still HTTP errors here). */
export async function prepareAccountsSnapshot(ctx: HqContext, terminal: TerminalRow, query: { after?: string; keyId?: string }): Promise<PreparedSnapshot> {
  const key = query.keyId ? await ctx.repos.stores.findKey(query.keyId) : await currentKey(ctx);
  if (!key) throw new HqError('UNKNOWN_KEY_ID', `Unknown store key ${query.keyId}; take a config snapshot for the current keys.`);
  const after = query.after === '' ? undefined : query.after;
  // The cursor is read before any account: a change committed later is in the feed after it.
  const snapshotCursor = await ctx.repos.changes.headSeq();
  const storeIds = await scopeStoreIds(ctx, terminal);
  return {
    key,
    after,
    storeIds,
    header: { type: 'header' as const, snapshotCursor, keyId: key.key_id, total: await ctx.repos.accounts.countAccountsAfter(after, storeIds) },
  };
}

/** Header line, account lines in accountId order, end line; one string per page. */
export async function* accountsSnapshotChunks(
  ctx: HqContext,
  prepared: PreparedSnapshot,
  pageSize = SNAPSHOT_PAGE_SIZE,
): AsyncGenerator<string> {
  yield `${JSON.stringify(prepared.header)}\n`;
  let after = prepared.after;
  let count = 0;
  for (;;) {
    const { accounts, devices } = await ctx.repos.accounts.pageAccountsAfter(after, pageSize, prepared.storeIds);
    if (accounts.length === 0) break;
    const byAccount = new Map<string, DeviceRow[]>();
    for (const d of devices) {
      const list = byAccount.get(d.account_id);
      if (list) list.push(d);
      else byAccount.set(d.account_id, [d]);
    }
    const now = ctx.now();
    let chunk = '';
    for (const a of accounts) {
      const line: SnapshotAccountLine = { type: 'account', ...accountRecord(a, byAccount.get(a.account_id) ?? [], prepared.key, now) };
      chunk += `${JSON.stringify(line)}\n`;
    }
    count += accounts.length;
    after = accounts[accounts.length - 1]!.account_id;
    yield chunk;
    if (accounts.length < pageSize) break;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  yield `${JSON.stringify({ type: 'end', count })}\n`;
}
