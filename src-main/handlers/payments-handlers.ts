import type { HandlersOf, PaymentIntentView, paymentsMethods, SaleView } from '../../src-shared/contract';
import type { AppContext } from '../app-context';
import type { PaymentIntentRow } from '../db/repos/payment-intent-repo';
import type { CodePayments } from '../services/pay/code-payments';

function view(i: PaymentIntentRow | undefined): PaymentIntentView | null {
  if (!i) return null;
  return {
    outTradeNo: i.out_trade_no,
    state: i.state,
    provider: i.provider,
    amountFen: i.amount_fen,
    authCodeMasked: i.auth_code_masked,
    transactionId: i.transaction_id,
    confirmDeadline: i.confirm_deadline,
  };
}

export function paymentsHandlers(
  ctx: AppContext,
  pay: CodePayments,
  saleOf: (saleId: string) => SaleView | null,
): HandlersOf<typeof paymentsMethods> {
  return {
    'payments.availability': async () => ({ configured: pay.configured(), online: ctx.syncState.snapshot().online }),
    'payments.status': async ({ saleId }) => ({ intent: view(pay.latest(saleId)), sale: saleOf(saleId) }),
    'payments.cancel': async ({ saleId }) => {
      const intent = await pay.cancel(saleId);
      return { intent: view(intent), sale: saleOf(saleId) };
    },
  };
}
