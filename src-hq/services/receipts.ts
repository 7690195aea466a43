/**
 * Receipts that prove themselves (issue 15 item 6). Each terminal signs its receipts with its own receipt
 * key, derived by HQ from one master key it keeps in `meta` and handed to the terminal with `GET /v1/ledger`;
 * the receipt QR is `<verifyBaseUrl>/r/<saleId>?s=<signature>`. The verify page shows what HQ holds of the
 * sale (status, masked customer, plan, amount, new expiry) to whoever holds the whole URL, and refuses any
 * id without its signature exactly as it refuses an unknown id.
 */
import { randomUUID } from 'node:crypto';
import type { ReceiptKeyData } from '../../src-shared/hq-protocol/schemas';
import { receiptSignatureMatches } from '../../src-node/crypto/receipt-signature';
import { newStoreKeyB64, terminalReceiptKeyB64 } from '../crypto';
import type { SaleRow, TerminalRow } from '../db';
import type { HqContext } from './context';

const MASTER_KEY = 'receipt_master_key_b64';
export const RECEIPT_KEY_ID = 'rk1';
/** Reprint requests HQ records per receipt (the page says "already requested" beyond). */
export const MAX_REPRINT_REQUESTS = 5;

let cachedMaster: { ctx: HqContext; key: string } | null = null;

/** HQ's receipt master key, made by the first HQ process that needs it. */
export async function receiptMasterKey(ctx: HqContext): Promise<string> {
  if (cachedMaster?.ctx === ctx) return cachedMaster.key;
  const existing = await ctx.repos.meta.read(MASTER_KEY);
  const key = existing ?? (await ctx.repos.meta.writeOnce(MASTER_KEY, newStoreKeyB64()));
  cachedMaster = { ctx, key };
  return key;
}

export async function terminalReceiptKey(ctx: HqContext, terminalId: string, verifyBaseUrl: string): Promise<ReceiptKeyData> {
  return { keyId: RECEIPT_KEY_ID, keyBase64: terminalReceiptKeyB64(await receiptMasterKey(ctx), terminalId), verifyBaseUrl };
}

export type SignedReceipt =
  | { kind: 'sale'; sale: SaleRow; terminal: TerminalRow }
  /** Signed by this terminal, but its sale has not reached HQ yet (the terminal was offline). */
  | { kind: 'notReceived'; terminal: TerminalRow };

const SALE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SIGNATURE = /^[A-Za-z0-9_-]{22}$/;

/** The receipt a verify URL names, or null when the id is unknown or the signature is not its terminal's. */
export async function findSignedReceipt(ctx: HqContext, saleId: string, signature: string): Promise<SignedReceipt | null> {
  if (!SALE_ID.test(saleId) || !SIGNATURE.test(signature)) return null;
  const master = await receiptMasterKey(ctx);
  const matches = (terminalId: string) => receiptSignatureMatches(terminalReceiptKeyB64(master, terminalId), saleId, signature);
  const sale = await ctx.repos.sales.findById(saleId);
  if (sale) {
    if (!matches(sale.terminal_id)) return null;
    const terminal = await ctx.repos.terminals.findById(sale.terminal_id);
    return terminal ? { kind: 'sale', sale, terminal } : null;
  }
  for (const terminal of await ctx.repos.terminals.listAll()) {
    if (matches(terminal.terminal_id)) return { kind: 'notReceived', terminal };
  }
  return null;
}

/** Records a customer's reprint request from the verify page; false when the receipt has its maximum already. */
export async function requestReprint(ctx: HqContext, saleId: string, terminalId: string): Promise<boolean> {
  return await ctx.repos.db.tx(async () => {
    if ((await ctx.repos.service.countReprintRequests(saleId)) >= MAX_REPRINT_REQUESTS) return false;
    await ctx.repos.service.insertReprintRequest({ request_id: randomUUID(), sale_id: saleId, terminal_id: terminalId, requested_at: ctx.now().toISOString() });
    ctx.logger.info({ saleId, terminalId }, 'receipt reprint requested on the verify page');
    return true;
  });
}
