import type { RefundRoute } from '../../../src-shared/domain/refund-plan';
import type { Db } from '../../../src-node/db/connection';

export interface SaleRefundRow {
  sale_id: string;
  line_no: number;
  method: 'cash' | 'card' | 'alipay' | 'wechat';
  route: RefundRoute;
  amount_fen: number;
  state: 'pending' | 'done';
  reference: string | null;
  out_trade_no: string | null;
  last_error: string | null;
  created_at: string;
  done_at: string | null;
}

export function createRefundRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO sale_refunds (sale_id, line_no, method, route, amount_fen, state, reference, out_trade_no, last_error, created_at, done_at)
    VALUES (@sale_id, @line_no, @method, @route, @amount_fen, @state, @reference, @out_trade_no, @last_error, @created_at, @done_at)`);
  const bySale = db.prepare<[string], SaleRefundRow>('SELECT * FROM sale_refunds WHERE sale_id = ? ORDER BY line_no');
  const done = db.prepare<{ sale_id: string; line_no: number; reference: string; at: string }>(
    "UPDATE sale_refunds SET state = 'done', reference = @reference, last_error = NULL, done_at = @at WHERE sale_id = @sale_id AND line_no = @line_no",
  );
  const failed = db.prepare<{ sale_id: string; line_no: number; err: string }>('UPDATE sale_refunds SET last_error = @err WHERE sale_id = @sale_id AND line_no = @line_no');
  return {
    insertRefund(row: SaleRefundRow): void {
      insert.run(row);
    },
    refundsOfSale(saleId: string): SaleRefundRow[] {
      return bySale.all(saleId);
    },
    markRefundDone(saleId: string, lineNo: number, reference: string, at: string): void {
      done.run({ sale_id: saleId, line_no: lineNo, reference, at });
    },
    markRefundFailed(saleId: string, lineNo: number, err: string): void {
      failed.run({ sale_id: saleId, line_no: lineNo, err });
    },
  };
}
export type RefundRepo = ReturnType<typeof createRefundRepo>;
