import type { AccountLookupRequest, AccountRecord } from '../../src-shared/hq-protocol/schemas';
import { equalHex, nationalIdHash } from '../crypto';
import { HqError } from '../errors';
import type { HqContext } from './context';
import { accountRecord } from './records';

/**
 * Live lookup of one account by (idHash, device number). Answers null when the pair does not
 * match, without saying which of the two exists.
 */
export async function lookupAccount(ctx: HqContext, req: AccountLookupRequest): Promise<AccountRecord | null> {
  const key = await ctx.repos.stores.findKey(req.keyId);
  if (!key) throw new HqError('UNKNOWN_KEY_ID', `Unknown store key ${req.keyId}; take a config snapshot for the current keys.`);
  const device = await ctx.repos.accounts.findDeviceByNumber(req.deviceNumber);
  if (!device) return null;
  const account = await ctx.repos.accounts.findAccountById(device.account_id);
  if (!account) return null;
  if (!equalHex(nationalIdHash(key.key_b64, account.national_id), req.idHash)) return null;
  return accountRecord(account, await ctx.repos.accounts.findDevicesByAccount(account.account_id), key, ctx.now());
}
