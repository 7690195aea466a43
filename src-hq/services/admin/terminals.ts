/** HQ back-office (/admin): Terminals (tokens, active flag) and clerks (PINs, unlock). Every change is logged for terminals in the same transaction. */
import type { ClerkData, TerminalData } from '../../../src-shared/hq-protocol/schemas';
import type { CreateClerkInput, CreateTerminalInput, UpdateClerkInput } from '../../admin-schemas';
import { hashPin, newTerminalToken, sha256Hex } from '../../crypto';
import { HqError } from '../../errors';
import { recordClerkChange, recordTerminalChange } from '../change-feed';
import type { HqContext } from '../context';
import { clerkData, terminalData } from '../records';

export async function createTerminal(ctx: HqContext, input: CreateTerminalInput, token = newTerminalToken()): Promise<{ terminal: TerminalData; token: string }> {
  return await ctx.repos.db.tx(async () => {
    const store = await ctx.repos.stores.findStoreByCode(input.storeCode);
    if (!store) throw new HqError('NOT_FOUND', `No store ${input.storeCode}.`);
    if (await ctx.repos.terminals.findByStoreAndCode(store.store_id, input.code)) {
      throw new HqError('CONFLICT', `Terminal ${input.code} exists in store ${input.storeCode}.`);
    }
    const terminalId = `${store.code}-${input.code}`;
    await ctx.repos.terminals.insert({
      terminal_id: terminalId,
      store_id: store.store_id,
      code: input.code,
      name: input.name || `${store.name} ${input.code}`,
      token_sha256: sha256Hex(token),
      active: 1,
      config_json: JSON.stringify({ receiptPrefix: `${store.code}${input.code}-`, pullIntervalSeconds: input.pullIntervalSeconds }),
      created_at: ctx.now().toISOString(),
    });
    await recordTerminalChange(ctx, terminalId);
    return { terminal: terminalData((await ctx.repos.terminals.findById(terminalId))!), token };
  });
}

export async function listTerminals(ctx: HqContext): Promise<(TerminalData & { lastSeq: number; contiguousSeq: number })[]> {
  return (await ctx.repos.terminals.listAll()).map((t) => ({ ...terminalData(t), lastSeq: t.last_seq, contiguousSeq: t.contiguous_seq }));
}

export async function setTerminalActive(ctx: HqContext, terminalId: string, active: boolean): Promise<TerminalData> {
  return await ctx.repos.db.tx(async () => {
    if (!await ctx.repos.terminals.findById(terminalId)) throw new HqError('NOT_FOUND', `No terminal ${terminalId}.`);
    await ctx.repos.terminals.setActive(terminalId, active);
    await recordTerminalChange(ctx, terminalId);
    return terminalData((await ctx.repos.terminals.findById(terminalId))!);
  });
}

export async function createClerk(ctx: HqContext, input: CreateClerkInput): Promise<ClerkData> {
  const pinHash = await hashPin(input.pin);
  return await ctx.repos.db.tx(async () => {
    const store = await ctx.repos.stores.findStoreByCode(input.storeCode);
    if (!store) throw new HqError('NOT_FOUND', `No store ${input.storeCode}.`);
    if (await ctx.repos.clerks.findByStoreAndCode(store.store_id, input.code)) {
      throw new HqError('CONFLICT', `Clerk ${input.code} exists in store ${input.storeCode}.`);
    }
    const clerkId = `${store.code}-${input.code}`;
    await ctx.repos.clerks.insert({
      clerk_id: clerkId,
      store_id: store.store_id,
      code: input.code,
      name: input.name,
      role: input.role,
      pin_hash: pinHash,
      active: 1,
      updated_at: ctx.now().toISOString(),
    });
    await recordClerkChange(ctx, clerkId);
    return clerkData((await ctx.repos.clerks.findById(clerkId))!);
  });
}

export async function updateClerk(ctx: HqContext, clerkId: string, patch: UpdateClerkInput): Promise<ClerkData> {
  const pinHash = patch.pin ? await hashPin(patch.pin) : undefined;
  return await ctx.repos.db.tx(async () => {
    const row = await ctx.repos.clerks.findById(clerkId);
    if (!row) throw new HqError('NOT_FOUND', `No clerk ${clerkId}.`);
    await ctx.repos.clerks.update({
      ...row,
      name: patch.name ?? row.name,
      role: patch.role ?? row.role,
      pin_hash: pinHash ?? row.pin_hash,
      active: patch.active === undefined ? row.active : patch.active ? 1 : 0,
      updated_at: ctx.now().toISOString(),
    });
    await recordClerkChange(ctx, clerkId);
    return clerkData((await ctx.repos.clerks.findById(clerkId))!);
  });
}

/**
 * Clears the clerk's PIN lockout on every terminal of the store (issue 10 item 3): a clerk change with a
 * new `unlockedAt`, which each terminal applies once from its next pull.
 */
export async function unlockClerk(ctx: HqContext, clerkId: string): Promise<ClerkData> {
  return await ctx.repos.db.tx(async () => {
    if (!await ctx.repos.clerks.findById(clerkId)) throw new HqError('NOT_FOUND', `No clerk ${clerkId}.`);
    await ctx.repos.clerks.markUnlocked(clerkId, ctx.now().toISOString());
    await recordClerkChange(ctx, clerkId);
    return clerkData((await ctx.repos.clerks.findById(clerkId))!);
  });
}

export async function listClerks(ctx: HqContext): Promise<(ClerkData & { storeId: string })[]> {
  return (await ctx.repos.clerks.listAll()).map((c) => ({ ...clerkData(c), storeId: c.store_id }));
}
