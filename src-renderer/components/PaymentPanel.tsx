import { useTranslation } from 'react-i18next';
import type { PaymentLineInput } from '../../src-shared/contract/sales';
import { formatFen, formatFenPlain, settlePayments, tryParseYuanToFen, type PaymentInput, type PaymentMethod } from '../../src-shared/domain';
import { ErrorMessage } from './ErrorMessage';

/** A payment line as the clerk edits it: amounts as typed text (yuan), parsed to fen only by the shared rules. */
export interface PaymentDraft {
  method: PaymentMethod;
  amount: string;
  reference: string;
}

export function draftsToInputs(drafts: PaymentDraft[]): { inputs: PaymentLineInput[] | null; fieldError: { index: number; error: import('../../src-shared/contract/errors').AppErrorShape } | null } {
  const inputs: PaymentLineInput[] = [];
  for (const [index, d] of drafts.entries()) {
    const parsed = tryParseYuanToFen(d.amount, `payments.${index}.amount`);
    if (!parsed.ok) return { inputs: null, fieldError: { index, error: parsed.error } };
    if (d.method === 'cash') inputs.push({ method: 'cash', tenderedFen: parsed.value });
    else inputs.push({ method: d.method, amountFen: parsed.value, reference: d.reference.trim() });
  }
  return { inputs, fieldError: null };
}

function draftFen(d: PaymentDraft): number {
  const p = tryParseYuanToFen(d.amount);
  return p.ok ? p.value : 0;
}

/** Cash, bank card, Alipay, WeChat Pay, or any split; the shared settlement rule decides what is valid. */
export function PaymentPanel(props: { dueFen: number; quickTenders: number[]; drafts: PaymentDraft[]; onChange: (d: PaymentDraft[]) => void }) {
  const { t } = useTranslation();
  const { dueFen, drafts, onChange } = props;
  const { inputs, fieldError } = draftsToInputs(drafts);
  const settled = inputs ? settlePayments(dueFen, inputs as PaymentInput[]) : null;
  const appliedNonCash = drafts.reduce((sum, d) => sum + (d.method === 'cash' ? 0 : draftFen(d)), 0);

  function update(i: number, patch: Partial<PaymentDraft>) {
    onChange(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  }
  function add(method: PaymentMethod) {
    if (method === 'cash' && drafts.some((d) => d.method === 'cash')) return;
    const remaining = Math.max(0, dueFen - drafts.reduce((s, d) => s + draftFen(d), 0));
    onChange([...drafts, { method, amount: formatFenPlain(remaining), reference: '' }]);
  }
  const cashIndex = drafts.findIndex((d) => d.method === 'cash');

  return (
    <section className="payment-panel" data-testid="payment-panel">
      <div className="pay-methods">
        {(['cash', 'card', 'alipay', 'wechat'] as const).map((m) => (
          <button key={m} type="button" data-testid={`add-${m}`} onClick={() => add(m)} disabled={m === 'cash' && cashIndex >= 0}>
            + {t(`pay.method.${m}`)}
          </button>
        ))}
      </div>
      {drafts.map((d, i) => (
        <div className="pay-line" key={i} data-testid={`pay-line-${i}`}>
          <span className="pay-method">{t(`pay.method.${d.method}`)}</span>
          <label className="field">
            <span>{d.method === 'cash' ? t('pay.tendered') : t('pay.amount')}</span>
            <input
              inputMode="decimal"
              data-testid={`pay-amount-${i}`}
              value={d.amount}
              onChange={(e) => update(i, { amount: e.target.value })}
              aria-invalid={fieldError?.index === i}
            />
          </label>
          {d.method === 'cash' && <span />}
          {d.method !== 'cash' && (
            <label className="field">
              <span>{t('pay.reference')}</span>
              <input inputMode="numeric" data-testid={`pay-ref-${i}`} value={d.reference} onChange={(e) => update(i, { reference: e.target.value })} />
            </label>
          )}
          {drafts.length > 1 ? (
            <button type="button" className="remove" aria-label={t('pay.remove')} onClick={() => onChange(drafts.filter((_, j) => j !== i))}>
              ✕
            </button>
          ) : (
            <span />
          )}
        </div>
      ))}
      {cashIndex >= 0 && (
        <div className="quick-tenders">
          <span className="muted">{t('pay.quick')}</span>
          {[...new Set([Math.max(0, dueFen - appliedNonCash), ...props.quickTenders.filter((q) => q > dueFen - appliedNonCash)])].map((fen) => (
            <button key={fen} type="button" data-testid={`quick-${fen}`} onClick={() => update(cashIndex, { amount: formatFenPlain(fen) })}>
              {fen === dueFen - appliedNonCash ? t('pay.exact') : formatFen(fen)}
            </button>
          ))}
        </div>
      )}
      <dl className="pay-summary">
        <dt>{t('pay.due')}</dt>
        <dd data-testid="pay-due">{formatFen(dueFen)}</dd>
        {settled?.ok && (
          <>
            <dt>{t('pay.change')}</dt>
            <dd data-testid="pay-change" className="change">{formatFen(settled.changeFen)}</dd>
          </>
        )}
      </dl>
      <ErrorMessage error={fieldError?.error ?? (settled && !settled.ok ? settled.error : null)} testId="pay-error" />
    </section>
  );
}
