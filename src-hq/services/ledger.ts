/**
 * What HQ keeps of each terminal's ledger (issue 10 items 5 and 8): the audit key it signs its audit
 * chain with, the ledger epoch (a supervisor's re-enrolment of a replacement PC starts a new one), the
 * audit-chain anchors its pushes carry, and its last sequences, so a replaced or edited ledger shows.
 */
import { randomUUID } from 'node:crypto';
import type { AuditHead, LedgerState } from '../../src-shared/hq-protocol/schemas';
import type { TerminalLedgerRow } from '../db';
import { newStoreKeyB64 } from '../crypto';
import type { HqContext } from './context';
import { terminalReceiptKey } from './receipts';

const MAX_ANCHORS = 1000;

/** The terminal's ledger record, made (with a new audit key) the first time it is needed. */
export async function terminalLedger(ctx: HqContext, terminalId: string): Promise<TerminalLedgerRow> {
  const { ledgers } = ctx.repos;
  const found = await ledgers.findLedger(terminalId);
  if (found) return found;
  await ledgers.insertLedger({ terminal_id: terminalId, audit_key_id: `ak-${randomUUID()}`, audit_key_b64: newStoreKeyB64(), created_at: ctx.now().toISOString() });
  return (await ledgers.findLedger(terminalId))!;
}

/** Called in the push's transaction: the head and count the terminal had when it sent the batch. */
export async function recordAuditAnchor(ctx: HqContext, terminalId: string, audit: AuditHead): Promise<void> {
  const ledger = await terminalLedger(ctx, terminalId);
  await ctx.repos.ledgers.insertAnchor({
    terminal_id: terminalId,
    epoch: ledger.epoch,
    entry_count: audit.count,
    head_hash: audit.head,
    received_at: ctx.now().toISOString(),
  });
}

export async function ledgerState(ctx: HqContext, terminalId: string): Promise<LedgerState> {
  const ledger = await terminalLedger(ctx, terminalId);
  const terminal = await ctx.repos.terminals.findById(terminalId);
  return {
    terminalId,
    lastEventSeq: terminal?.last_seq ?? 0,
    lastReceiptSeq: await ctx.repos.sales.lastReceiptSeq(terminalId),
    epoch: ledger.epoch,
    auditKey: { keyId: ledger.audit_key_id, keyBase64: ledger.audit_key_b64 },
    ...(ctx.publicUrl ? { receiptKey: await terminalReceiptKey(ctx, terminalId, ctx.publicUrl()) } : {}),
    anchors: (await ctx.repos.ledgers.listAnchors(terminalId, ledger.epoch, MAX_ANCHORS)).map((a) => ({
      count: a.entry_count,
      head: a.head_hash,
      receivedAt: a.received_at,
    })),
  };
}

/**
 * A supervisor confirmed at the terminal that this PC replaces the old one (its ledger is lost): the
 * anchors of the old chain are kept but no longer compared; the new chain's anchors start a new epoch.
 */
export async function reenrolTerminal(ctx: HqContext, terminalId: string): Promise<LedgerState> {
  return await ctx.repos.db.tx(async () => {
    await terminalLedger(ctx, terminalId);
    await ctx.repos.ledgers.startNewEpoch(terminalId, ctx.now().toISOString());
    ctx.logger.warn({ terminalId }, 'terminal re-enrolled: a replacement PC continues this terminal');
    return await ledgerState(ctx, terminalId);
  });
}
