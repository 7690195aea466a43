import type { IntentState } from '../../../src-shared/domain/payment-code';
import type { Db } from '../../../src-node/db/connection';

export interface PaymentIntentRow {
  out_trade_no: string;
  sale_id: string;
  attempt: number;
  provider: 'wechat' | 'alipay';
  amount_fen: number;
  auth_code_masked: string;
  state: IntentState;
  transaction_id: string | null;
  sale_request: string;
  last_error: string | null;
  confirm_deadline: string;
  out_refund_no: string | null;
  refund_id: string | null;
  created_at: string;
  updated_at: string;
}

export type NewPaymentIntent = Omit<PaymentIntentRow, 'transaction_id' | 'last_error' | 'out_refund_no' | 'refund_id' | 'updated_at'>;

export function createPaymentIntentRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO payment_intents (out_trade_no, sale_id, attempt, provider, amount_fen, auth_code_masked, state, sale_request, confirm_deadline, created_at, updated_at)
    VALUES (@out_trade_no, @sale_id, @attempt, @provider, @amount_fen, @auth_code_masked, @state, @sale_request, @confirm_deadline, @created_at, @created_at)`);
  const bySale = db.prepare<[string], PaymentIntentRow>('SELECT * FROM payment_intents WHERE sale_id = ? ORDER BY attempt');
  const byNo = db.prepare<[string], PaymentIntentRow>('SELECT * FROM payment_intents WHERE out_trade_no = ?');
  const open = db.prepare<[], PaymentIntentRow>(
    "SELECT * FROM payment_intents i WHERE state IN ('created', 'paying', 'unknown', 'refundPending') OR (state = 'paid' AND NOT EXISTS (SELECT 1 FROM sales s WHERE s.sale_id = i.sale_id)) ORDER BY created_at",
  );
  const setState = db.prepare<{ no: string; state: IntentState; txn: string | null; err: string | null; at: string }>(
    'UPDATE payment_intents SET state = @state, transaction_id = COALESCE(@txn, transaction_id), last_error = @err, updated_at = @at WHERE out_trade_no = @no',
  );
  const setRefund = db.prepare<{ no: string; state: IntentState; refundNo: string; refundId: string | null; err: string | null; at: string }>(
    'UPDATE payment_intents SET state = @state, out_refund_no = @refundNo, refund_id = COALESCE(@refundId, refund_id), last_error = @err, updated_at = @at WHERE out_trade_no = @no',
  );
  return {
    insertIntent(row: NewPaymentIntent): void {
      insert.run(row);
    },
    intentsOfSale(saleId: string): PaymentIntentRow[] {
      return bySale.all(saleId);
    },
    findIntent(outTradeNo: string): PaymentIntentRow | undefined {
      return byNo.get(outTradeNo);
    },
    /** Intents a background pass must look at: money possibly in flight, paid without a sale yet, refunds owed. */
    openIntents(): PaymentIntentRow[] {
      return open.all();
    },
    updateIntentState(outTradeNo: string, state: IntentState, at: string, extra: { transactionId?: string | null; error?: string | null } = {}): void {
      setState.run({ no: outTradeNo, state, txn: extra.transactionId ?? null, err: extra.error ?? null, at });
    },
    updateIntentRefund(outTradeNo: string, state: IntentState, refundNo: string, at: string, extra: { refundId?: string | null; error?: string | null } = {}): void {
      setRefund.run({ no: outTradeNo, state, refundNo, refundId: extra.refundId ?? null, err: extra.error ?? null, at });
    },
  };
}
export type PaymentIntentRepo = ReturnType<typeof createPaymentIntentRepo>;
