import type { AccountRecord } from '../../src-shared/hq-protocol/schemas';
import type { AccountsByIdRequest } from '../../src-shared/hq-protocol/schemas';
import type { StoreKeyRow } from '../db';
import { equalHex, nationalIdHash } from '../crypto';
import { HqError } from '../errors';
import type { HqContext } from './context';
import { accountRecord } from './records';

const FILL_PAGE = 1000;

/** Hash one account's national ID under every store key (a new account). */
export async function indexAccountIdHashes(ctx: HqContext, accountId: string, nationalId: string): Promise<void> {
  const keys = await ctx.repos.stores.listKeys();
  await ctx.repos.accounts.insertIdHashes(keys.map((k) => ({ key_id: k.key_id, id_hash: nationalIdHash(k.key_b64, nationalId), account_id: accountId })));
}

/** Hash every account that has no hash under `key` yet, one keyset page at a time. Returns how many. */
export async function fillIdHashesForKey(ctx: HqContext, key: StoreKeyRow): Promise<number> {
  let after = '';
  let added = 0;
  for (;;) {
    const page = await ctx.repos.accounts.accountsWithoutIdHash(key.key_id, after, FILL_PAGE);
    if (page.length === 0) return added;
    await ctx.repos.accounts.insertIdHashes(page.map((a) => ({ key_id: key.key_id, id_hash: nationalIdHash(key.key_b64, a.national_id), account_id: a.account_id })));
    added += page.length;
    after = page[page.length - 1]!.account_id;
  }
}

/**
 * Start-up: every key whose index holds fewer accounts than there are (an HQ database from before schema
 * v13, accounts seeded in bulk) is filled. Several HQ processes may do it at once: a pair already there is
 * left alone.
 */
export async function ensureIdHashIndex(ctx: HqContext): Promise<number> {
  const accounts = await ctx.repos.accounts.countAccounts();
  let added = 0;
  for (const key of await ctx.repos.stores.listKeys()) {
    if ((await ctx.repos.accounts.countIdHashes(key.key_id)) < accounts) added += await fillIdHashesForKey(ctx, key);
  }
  return added;
}

/**
 * The ID-only lookup: the accounts of the holder whose national-ID hash (under key `keyId`) the terminal
 * sent, with all their devices. Empty when none.
 */
export async function lookupAccountsById(ctx: HqContext, req: AccountsByIdRequest): Promise<AccountRecord[]> {
  const key = await ctx.repos.stores.findKey(req.keyId);
  if (!key) throw new HqError('UNKNOWN_KEY_ID', `Unknown store key ${req.keyId}; take a config snapshot for the current keys.`);
  const out: AccountRecord[] = [];
  for (const accountId of await ctx.repos.accounts.findAccountIdsByIdHash(req.keyId, req.idHash)) {
    const account = await ctx.repos.accounts.findAccountById(accountId);
    // the index is a copy: the account's own ID decides
    if (!account || !equalHex(nationalIdHash(key.key_b64, account.national_id), req.idHash)) continue;
    const devices = await ctx.repos.accounts.findDevicesByAccount(accountId);
    if (devices.length > 0) out.push(accountRecord(account, devices, key, ctx.now()));
  }
  return out;
}
