import { useTranslation } from 'react-i18next';
import type { PaymentLineInput } from '../../src-shared/contract/sales';
import { formatFen, formatFenPlain, recognisePaymentCode, settleWithCode, tryParseYuanToFen, type CodePaymentInput, type PaymentInput, type PaymentMethod } from '../../src-shared/domain';
import { ErrorMessage } from './ErrorMessage';
import { useFocusRequest } from '../focus';

/** A payment line as the clerk edits it: amounts as typed text (yuan), parsed to fen only by the shared rules. */
export type DraftMethod = PaymentMethod | 'code';

export interface PaymentDraft {
  method: DraftMethod;
  amount: string;
  reference: string;
}

export function draftsToInputs(drafts: PaymentDraft[]): { inputs: PaymentLineInput[] | null; fieldError: { index: number; error: import('../../src-shared/contract/errors').AppErrorShape } | null } {
  const inputs: PaymentLineInput[] = [];
  for (const [index, d] of drafts.entries()) {
    const parsed = tryParseYuanToFen(d.amount, `payments.${index}.amount`);
    if (!parsed.ok) return { inputs: null, fieldError: { index, error: parsed.error } };
    if (d.method === 'cash') inputs.push({ method: 'cash', tenderedFen: parsed.value });
    else if (d.method === 'code') inputs.push({ method: 'code', amountFen: parsed.value, authCode: d.reference.trim() });
    else inputs.push({ method: d.method, amountFen: parsed.value, reference: d.reference.trim() });
  }
  return { inputs, fieldError: null };
}

function draftFen(d: PaymentDraft): number {
  const p = tryParseYuanToFen(d.amount);
  return p.ok ? p.value : 0;
}

/** Cash, bank card, Alipay, WeChat Pay, or any split; the shared settlement rule decides what is valid. */
const MAX_LINES = 4;
const METHODS = ['cash', 'code', 'card', 'alipay', 'wechat'] as const;

/** Settlement as the server will check it (a payment-code line counts as its provider's line). */
export function settleDrafts(dueFen: number, inputs: PaymentLineInput[]) {
  return settleWithCode(dueFen, inputs as (PaymentInput | CodePaymentInput)[]);
}

export function PaymentPanel(props: { dueFen: number; quickTenders: number[]; drafts: PaymentDraft[]; onChange: (d: PaymentDraft[]) => void; codeAvailable?: boolean }) {
  const { t } = useTranslation();
  const { dueFen, drafts, onChange } = props;
  const focusOn = useFocusRequest();
  const { inputs, fieldError } = draftsToInputs(drafts);
  const settled = inputs ? settleDrafts(dueFen, inputs) : null;
  const appliedNonCash = drafts.reduce((sum, d) => sum + (d.method === 'cash' ? 0 : draftFen(d)), 0);

  function update(i: number, patch: Partial<PaymentDraft>) {
    onChange(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  }
  function add(method: DraftMethod, focusMethod = false) {
    if (method === 'cash' && drafts.some((d) => d.method === 'cash')) return;
    if (method === 'code' && drafts.some((d) => d.method === 'code')) return;
    if (drafts.length >= MAX_LINES) return;
    const remaining = Math.max(0, dueFen - drafts.reduce((s, d) => s + draftFen(d), 0));
    onChange([...drafts, { method, amount: formatFenPlain(remaining), reference: '' }]);
    const index = drafts.length;
    focusOn(`${focusMethod ? 'pay-method' : method === 'code' ? 'pay-code' : 'pay-amount'}-${index}`);
  }
  const cashIndex = drafts.findIndex((d) => d.method === 'cash');
  const cashDue = Math.max(0, dueFen - appliedNonCash);
  const quick = [...new Set([cashDue, ...props.quickTenders.filter((q) => q > cashDue)])];

  /** Keys on any payment field: `+` adds a line for what is still due; on the cash field ↑/↓ step through the quick-cash amounts. */
  function onFieldKey(e: React.KeyboardEvent<HTMLElement>, i: number) {
    if (e.key === '+' || e.key === 'Add') {
      e.preventDefault();
      add(cashIndex >= 0 ? 'wechat' : 'cash', true);
    } else if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && i === cashIndex && e.currentTarget instanceof HTMLInputElement) {
      e.preventDefault();
      const current = draftFen(drafts[i]!);
      const sorted = [...quick].sort((a, b) => a - b);
      const next =
        e.key === 'ArrowDown'
          ? (sorted.find((q) => q > current) ?? sorted[sorted.length - 1]!)
          : ([...sorted].reverse().find((q) => q < current) ?? sorted[0]!);
      update(i, { amount: formatFenPlain(next) });
    }
  }

  return (
    <section className="payment-panel" data-testid="payment-panel">
      <div className="pay-methods">
        {METHODS.map((m) => (
          <button
            key={m}
            type="button"
            data-testid={`add-${m}`}
            onClick={() => add(m)}
            disabled={(m === 'cash' && cashIndex >= 0) || (m === 'code' && (drafts.some((d) => d.method === 'code') || props.codeAvailable === false))}
            title={m === 'code' && props.codeAvailable === false ? t('payments:offline') : undefined}
          >
            + {t(`pay.method.${m}`)}
          </button>
        ))}
      </div>
      {drafts.map((d, i) => (
        <div className="pay-line" key={i} data-testid={`pay-line-${i}`}>
          <label className="field pay-method">
            <span>{t('counter:pay.method')}</span>
            <select
              data-testid={`pay-method-${i}`}
              value={d.method}
              onChange={(e) => update(i, { method: e.target.value as DraftMethod })}
              onKeyDown={(e) => onFieldKey(e, i)}
            >
              {METHODS.map((m) => (
                <option key={m} value={m} disabled={(m === 'cash' && cashIndex >= 0 && cashIndex !== i) || (m === 'code' && props.codeAvailable === false && d.method !== 'code')}>
                  {t(`pay.method.${m}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{d.method === 'cash' ? t('pay.tendered') : t('pay.amount')}</span>
            <input
              inputMode="decimal"
              data-testid={`pay-amount-${i}`}
              value={d.amount}
              onChange={(e) => update(i, { amount: e.target.value.replace(/[+]/g, '') })}
              onKeyDown={(e) => onFieldKey(e, i)}
              aria-invalid={fieldError?.index === i}
            />
          </label>
          {d.method === 'cash' && <span />}
          {d.method === 'code' && (
            <label className="field">
              <span>{t('payments:scanCode')}</span>
              <input
                inputMode="numeric"
                autoComplete="off"
                data-testid={`pay-code-${i}`}
                data-scan-target="payment"
                value={d.reference}
                placeholder={t('payments:codeHint')}
                onChange={(e) => update(i, { reference: e.target.value })}
                onKeyDown={(e) => onFieldKey(e, i)}
                aria-describedby={`pay-code-provider-${i}`}
              />
              <span className="muted small" id={`pay-code-provider-${i}`} data-testid={`pay-code-provider-${i}`}>
                {(() => {
                  const r = d.reference.trim() ? recognisePaymentCode(d.reference) : null;
                  return r?.ok ? t(`payments:provider.${r.provider}`) : '';
                })()}
              </span>
            </label>
          )}
          {d.method !== 'cash' && d.method !== 'code' && (
            <label className="field">
              <span>{t('pay.reference')}</span>
              <input
                inputMode="numeric"
                data-testid={`pay-ref-${i}`}
                data-scan-target="payment"
                value={d.reference}
                onChange={(e) => update(i, { reference: e.target.value })}
                onKeyDown={(e) => onFieldKey(e, i)}
              />
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
          {quick.map((fen) => (
            <button key={fen} type="button" data-testid={`quick-${fen}`} onClick={() => update(cashIndex, { amount: formatFenPlain(fen) })}>
              {fen === cashDue ? t('pay.exact') : formatFen(fen)}
            </button>
          ))}
          <span className="muted small">{t('counter:pay.keys')}</span>
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
