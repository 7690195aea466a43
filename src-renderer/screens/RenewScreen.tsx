import { Fragment, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hqReasonText } from '../hq-reason';
import type { MethodInput, MethodOutput } from '../../src-shared/contract';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { AccountCard } from '../../src-shared/contract/lookup';
import type { PlanOption, RenewalQuoteView, SaleView } from '../../src-shared/contract/sales';
import { formatFen, formatFenPlain, formatLocalDate } from '../../src-shared/domain';
import { useClient } from '../ClientContext';
import { toErrorShape } from '../client/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { draftsToInputs, PaymentPanel, settleDrafts, type PaymentDraft } from '../components/PaymentPanel';
import { CodePaymentWait } from '../components/CodePaymentWait';
import { SupervisorDialog } from '../components/SupervisorDialog';
import { ReceiptPreview } from '../components/ReceiptPreview';
import { useFocusRequest } from '../focus';
import { ReceiptPrintState } from '../components/ReceiptPrintState';
import { publishDisplay } from '../display/channel';

const PENDING_CONFIRM = 'counter-pending-confirm';

/** A confirm was sent but its answer never shown (the page reloaded or crashed). */
export function hasPendingConfirm(): boolean {
  return sessionStorage.getItem(PENDING_CONFIRM) !== null;
}

type ConfirmRequest = MethodInput<'sales.confirm'>;

/**
 * What is kept for a reload: the request without the supervisor override. No PIN is ever stored in the
 * browser (issue 10, item 9). A re-sent confirm with the same sale id gets the sale already committed
 * (the server answers a known sale id before it looks at the override); one that never committed is
 * refused for want of the override and the clerk starts again.
 */
function withoutPin(request: ConfirmRequest): Omit<ConfirmRequest, 'override'> {
  const { override: _override, ...rest } = request;
  // nor the customer's payment code: a re-sent confirm finds its paid payment by the sale id
  return { ...rest, payments: rest.payments.map((p) => (p.method === 'code' ? { ...p, authCode: '' } : p)) };
}

/** Renewal: plan and term -> quote -> payment -> one committed sale. Enter moves on, Esc goes back. */
export function RenewScreen({ card, onDone }: { card: AccountCard | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [plans, setPlans] = useState<PlanOption[]>([]);
  const [planCode, setPlanCode] = useState<string | null>(null);
  const [quote, setQuote] = useState<RenewalQuoteView | null>(null);
  const [drafts, setDrafts] = useState<PaymentDraft[]>([]);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [sale, setSale] = useState<SaleView | null>(null);
  const [busy, setBusy] = useState(false);
  const [needOverride, setNeedOverride] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<MethodOutput<'printer.preview'> | null>(null);
  /** A code payment waiting for the customer or the gateway (the sale it pays for). */
  const [waiting, setWaiting] = useState<{ saleId: string; messageKey: string } | null>(null);
  const [codeAvailable, setCodeAvailable] = useState<boolean | undefined>(undefined);
  const inFlight = useRef(false);
  const planRefs = useRef(new Map<string, HTMLButtonElement>());
  const termRefs = useRef(new Map<number, HTMLButtonElement>());
  const [termFocus, setTermFocus] = useState<number | null>(null);
  const focusOn = useFocusRequest();
  const saleShown = useRef(false);
  saleShown.current = sale !== null;
  // Leaving a finished sale by any way (a scan of the next customer, a screen key) ends it for a reload too.
  useEffect(
    () => () => {
      if (saleShown.current) sessionStorage.removeItem(PENDING_CONFIRM);
    },
    [],
  );

  // The receipt as it prints, shown beside the result (same layout as the paper).
  useEffect(() => {
    if (!sale) return;
    client
      .call('printer.preview', { saleId: sale.saleId })
      .then(setReceipt)
      .catch(() => setReceipt(null));
  }, [client, sale]);
  const zh = i18n.language === 'zh-CN';

  // The customer display mirrors the sale: plan, new expiry, due, paid, change; then thank-you.
  useEffect(() => {
    const lang = i18n.language;
    if (sale) {
      const paidFen = sale.payments.reduce((sum, p) => sum + (p.method === 'cash' ? p.tenderedFen : p.amountFen), 0);
      publishDisplay(
        {
          kind: 'thanks',
          customer: sale.holderName,
          planZh: sale.planNameZh,
          planEn: sale.planNameEn,
          termMonths: sale.termMonths,
          newExpiry: formatLocalDate(new Date(sale.hqExpiry ?? sale.newExpiry), sale.timeZone),
          dueFen: sale.priceFen,
          paidFen,
          changeFen: sale.changeFen,
        },
        lang,
      );
    } else if (quote && card) {
      const plan = plans.find((p) => p.code === quote.planCode);
      const { inputs } = draftsToInputs(drafts);
      const settled = inputs ? settleDrafts(quote.priceFen, inputs) : null;
      const paidFen = inputs ? inputs.reduce((sum, p) => sum + (p.method === 'cash' ? p.tenderedFen : p.amountFen), 0) : 0;
      publishDisplay(
        {
          kind: 'sale',
          customer: card.holderName,
          planZh: plan?.nameZh ?? quote.planCode,
          planEn: plan?.nameEn ?? quote.planCode,
          termMonths: quote.termMonths,
          newExpiry: formatLocalDate(new Date(quote.newExpiry), quote.timeZone),
          dueFen: quote.priceFen,
          paidFen,
          changeFen: settled?.ok ? settled.changeFen : 0,
        },
        lang,
      );
    } else publishDisplay({ kind: 'idle' }, lang);
  }, [sale, quote, card, plans, drafts, i18n.language]);
  useEffect(() => () => publishDisplay({ kind: 'idle' }, i18n.language), [i18n]);

  // The result stays true: a pending sale turns confirmed (or rejected) here when HQ answers.
  const pendingSaleId = sale?.status === 'pending' ? sale.saleId : null;
  useEffect(() => {
    if (!pendingSaleId) return;
    const timer = setInterval(() => {
      void client
        .call('sales.get', { saleId: pendingSaleId })
        .then((r) => setSale(r.sale))
        .catch(() => undefined);
    }, 2000);
    return () => clearInterval(timer);
  }, [client, pendingSaleId]);

  // A reload after a crash: finish the confirm that was under way (same sale id = the same sale).
  useEffect(() => {
    const saved = sessionStorage.getItem(PENDING_CONFIRM);
    if (!saved) return;
    const request = JSON.parse(saved) as ConfirmRequest;
    void client
      .call('sales.confirm', request)
      .then((r) => setSale(r.sale))
      .catch(() => sessionStorage.removeItem(PENDING_CONFIRM));
  }, [client]);

  useEffect(() => {
    if (!card) return;
    client
      .call('sales.plans', { accountId: card.accountId, deviceId: card.device.deviceId })
      .then((r) => {
        setPlans(r.plans);
        const current = r.plans.find((p) => p.code === card.plan.code) ?? r.plans[0];
        if (current) {
          setPlanCode(current.code);
          // F2 puts focus on the plan.
          focusOn(`plan-${current.code}`);
        }
      })
      .catch((e: unknown) => setError(toErrorShape(e)));
  }, [client, card, focusOn]);

  async function chooseTerm(months: number) {
    if (!card || !planCode) return;
    setError(null);
    try {
      const r = await client.call('sales.quote', { accountId: card.accountId, deviceId: card.device.deviceId, planCode, termMonths: months });
      setQuote(r.quote);
      setDrafts([{ method: 'cash', amount: formatFenPlain(r.quote.priceFen), reference: '' }]);
      // The cash field takes the tendered amount next (its text selected, so typing replaces it).
      focusOn('pay-amount-0', { select: true });
    } catch (e) {
      setError(toErrorShape(e));
    }
  }

  const quoteSaleId = quote?.saleId ?? null;
  useEffect(() => {
    if (!quoteSaleId) return;
    client
      .call('payments.availability', {})
      .then((r) => setCodeAvailable(r.configured && r.online))
      .catch(() => setCodeAvailable(false));
  }, [client, quoteSaleId]);

  /** The code is used up after a refusal: the customer shows a fresh one. */
  function clearCode() {
    setDrafts((ds) => ds.map((d) => (d.method === 'code' ? { ...d, reference: '' } : d)));
    const i = drafts.findIndex((d) => d.method === 'code');
    if (i >= 0) focusOn(`pay-code-${i}`);
  }

  async function confirm(override?: { supervisorId: string; pin: string }) {
    if (!quote || inFlight.current) return;
    const { inputs } = draftsToInputs(drafts);
    if (!inputs) {
      setError(null);
      document.querySelector('[data-testid="pay-error"]')?.scrollIntoView({ block: 'nearest' });
      return;
    }
    // Enter on an incomplete payment says what is missing, next to the payment, and sends nothing.
    const settled = settleDrafts(quote.priceFen, inputs);
    if (!settled.ok) {
      // the payment panel already says why, next to the payment: bring it into view, send nothing
      setError(null);
      document.querySelector('[data-testid="pay-error"]')?.scrollIntoView({ block: 'nearest' });
      return;
    }
    const request: ConfirmRequest = {
      saleId: quote.saleId,
      accountId: quote.accountId,
      deviceId: quote.deviceId,
      planCode: quote.planCode,
      termMonths: quote.termMonths,
      priceFen: quote.priceFen,
      payments: inputs,
      ...(override ? { override } : {}),
    };
    if (quote.overrideReason && !override) {
      setNeedOverride(quote.overrideReason);
      return;
    }
    inFlight.current = true;
    setBusy(true);
    setError(null);
    sessionStorage.setItem(PENDING_CONFIRM, JSON.stringify(withoutPin(request)));
    try {
      const r = await client.call('sales.confirm', request);
      setSale(r.sale);
      setNeedOverride(null);
    } catch (e) {
      sessionStorage.removeItem(PENDING_CONFIRM);
      const shape = toErrorShape(e);
      if (shape.code === 'PAYMENT_PENDING') {
        setNeedOverride(null);
        setWaiting({ saleId: request.saleId, messageKey: shape.messageKey });
        return;
      }
      if (shape.code === 'PAYMENT_DECLINED') clearCode();
      if (override) throw e;
      setError(shape);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  function finish() {
    sessionStorage.removeItem(PENDING_CONFIRM);
    onDone();
  }

  if (sale) {
    return (
      <section
        className="screen sale-done"
        data-testid="sale-done"
        tabIndex={-1}
        ref={(el) => el?.focus()}
        onKeyDown={(e) => {
          if (e.key === 'Escape' || e.key === 'Enter') {
            e.preventDefault();
            finish();
          }
        }}
      >
        <div className="sale-result">
          <h1>{t('renew.done')}</h1>
          <p className="renew-customer" data-testid="renew-customer">
            {sale.holderName} · {sale.deviceMasked}
          </p>
          <p className="receipt-no">
            {t('renew.receiptNo')} <strong data-testid="sale-receipt-no">{sale.receiptNo}</strong>
          </p>
          {sale.changeFen > 0 && (
            <p className="change-due" data-testid="sale-change">
              {t('renew.changeDue')} {formatFen(sale.changeFen)}
            </p>
          )}
          <p data-testid="sale-status" data-status={sale.status} aria-live="polite" className={`pill ${sale.status === 'confirmed' ? 'ok' : sale.status === 'pending' ? 'warn' : 'bad'}`}>
            {t(`sale.status.${sale.status}`)}
          </p>
          {(sale.status === 'pending' || sale.status === 'confirmed') && (
            <p className="muted" data-testid="sale-effect">
              {t(sale.status === 'pending' ? 'counter:sale.effectPending' : 'counter:sale.effectConfirmed')}
            </p>
          )}
          <ReceiptPrintState saleId={sale.saleId} />
          <p>
            {t('renew.newExpiry')} {formatLocalDate(new Date(sale.newExpiry), sale.timeZone)}
          </p>
          <button type="button" className="primary wide" data-testid="sale-next" onClick={finish}>
            {t('renew.next')} <kbd>⏎</kbd>
          </button>
        </div>
        {receipt && (
          <div className="sale-receipt" data-testid="sale-receipt-preview">
            <ReceiptPreview lines={receipt.lines} columns={receipt.columns} />
          </div>
        )}
      </section>
    );
  }

  if (!card) {
    return (
      <section className="screen" data-testid="renew-screen">
        <h1>{t('renew.title')}</h1>
        <p className="muted">{t('renew.noAccount')}</p>
      </section>
    );
  }
  if (!card.renewable) {
    return (
      <section className="screen" data-testid="renew-screen">
        <h1>
          {t('renew.title')} · <span data-testid="renew-customer">{card.holderName} · {card.device.numberMasked}</span>
        </h1>
        <p className="renew-blocked">{t('account.renewBlocked', { status: t(`account.status.${card.status}`), reason: hqReasonText(i18n, card.statusReasonCode, card.statusReason) ?? t('account.noReason') })}</p>
      </section>
    );
  }

  const plan = plans.find((p) => p.code === planCode);
  return (
    <section
      className="screen"
      data-testid="renew-screen"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !needOverride && !waiting) {
          e.preventDefault();
          if (quote) {
            const months = quote.termMonths;
            setQuote(null);
            setError(null);
            focusOn(`term-${months}`);
          } else onDone();
        }
      }}
    >
      <h1>
        {t('renew.title')} · <span data-testid="renew-customer">{card.holderName} · {card.device.numberMasked}</span>
      </h1>
      <div className={`renew-layout ${quote ? 'with-quote' : ''}`}>
      <div className="renew-choice" data-testid="renew-choice">
      <div className="plan-grid" role="radiogroup" aria-label={t('renew.plan')}>
        {plans.map((p) => (
          <button
            key={p.code}
            type="button"
            role="radio"
            aria-checked={p.code === planCode}
            tabIndex={p.code === planCode ? 0 : -1}
            ref={(el) => {
              if (el) planRefs.current.set(p.code, el);
              else planRefs.current.delete(p.code);
            }}
            className={`plan-button ${p.code === planCode ? 'selected' : ''}`}
            data-testid={`plan-${p.code}`}
            onClick={() => {
              setPlanCode(p.code);
              setQuote(null);
              setTermFocus(null);
            }}
            onKeyDown={(e) => {
              const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
              if (step !== 0) {
                e.preventDefault();
                const i = plans.findIndex((x) => x.code === p.code);
                const next = plans[(i + step + plans.length) % plans.length]!;
                setPlanCode(next.code);
                setQuote(null);
                setTermFocus(null);
                planRefs.current.get(next.code)?.focus();
              } else if (e.key === 'Enter') {
                // Enter: plan -> term
                e.preventDefault();
                const months = quote?.termMonths ?? p.terms[0]?.months;
                if (months !== undefined) {
                  setTermFocus(months);
                  termRefs.current.get(months)?.focus();
                }
              }
            }}
          >
            <span className="plan-name">{zh ? p.nameZh : p.nameEn}</span>
            <span className="muted">{Math.round(p.dataQuotaMb / 1024)} GB / {t('renew.perMonth')}</span>
          </button>
        ))}
      </div>
      {plan && (
        <div className="term-grid" role="radiogroup" aria-label={t('renew.term')}>
          {plan.terms.map((term) => (
            <button
              key={term.months}
              type="button"
              role="radio"
              aria-checked={quote?.termMonths === term.months}
              tabIndex={term.months === (termFocus ?? quote?.termMonths ?? plan.terms[0]?.months) ? 0 : -1}
              ref={(el) => {
                if (el) termRefs.current.set(term.months, el);
                else termRefs.current.delete(term.months);
              }}
              className={`term-button ${quote?.termMonths === term.months ? 'selected' : ''}`}
              data-testid={`term-${term.months}`}
              onFocus={() => setTermFocus(term.months)}
              onClick={() => void chooseTerm(term.months)}
              onKeyDown={(e) => {
                const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
                if (step !== 0) {
                  e.preventDefault();
                  const i = plan.terms.findIndex((x) => x.months === term.months);
                  const next = plan.terms[(i + step + plan.terms.length) % plan.terms.length]!;
                  setTermFocus(next.months);
                  termRefs.current.get(next.months)?.focus();
                } else if (e.key === 'Enter') {
                  // Enter: term -> payment (the quote for this term)
                  e.preventDefault();
                  void chooseTerm(term.months);
                } else if (e.key === 'Escape') {
                  e.preventDefault();
                  e.stopPropagation();
                  planRefs.current.get(plan.code)?.focus();
                }
              }}
            >
              <span>{t('renew.months', { count: term.months })}</span>
              <strong>{formatFen(term.priceFen)}</strong>
            </button>
          ))}
        </div>
      )}
      {quote && (
            <dl className="quote-grid" data-testid="quote-summary">
              <dt>{t('renew.price')}</dt>
              <dd data-testid="quote-price" className="big">{formatFen(quote.priceFen)}</dd>
              <dt>{t('renew.currentExpiry')}</dt>
              <dd>{formatLocalDate(new Date(quote.previousExpiry), quote.timeZone)}</dd>
              <dt>{t('renew.newExpiry')}</dt>
              <dd data-testid="quote-new-expiry" className="big">{formatLocalDate(new Date(quote.newExpiry), quote.timeZone)}</dd>
              <dt />
              <dd className="muted">{t(quote.base === 'now' ? 'renew.baseNow' : 'renew.baseExpiry')}</dd>
            </dl>
      )}
      </div>
      {quote && (
        <form
          className="quote"
          data-testid="quote"
          onSubmit={(e) => {
            e.preventDefault();
            void confirm();
          }}
        >
          {quote.promotions.length > 0 && (
            <dl className="promo-lines" data-testid="quote-promotions">
              <dt>{t('renew.listPrice')}</dt>
              <dd data-testid="quote-list-price" className="strike">{formatFen(quote.listPriceFen)}</dd>
              {quote.promotions.map((p) => (
                <Fragment key={p.promotionId}>
                  <dt className="promo-name">{t('renew.promotion', { name: zh ? p.nameZh : p.nameEn })}</dt>
                  <dd data-testid={`quote-promotion-${p.promotionId}`} className="discount">-{formatFen(p.discountFen)}</dd>
                </Fragment>
              ))}
            </dl>
          )}
          <PaymentPanel dueFen={quote.priceFen} quickTenders={quote.quickTenders} drafts={drafts} onChange={setDrafts} codeAvailable={codeAvailable} />
          <ErrorMessage error={error} testId="renew-error" />
          <button type="submit" className="primary wide" data-testid="confirm-sale" disabled={busy}>
            {t('renew.confirm')} <kbd>⏎</kbd>
          </button>
        </form>
      )}
      </div>
      {!quote && <ErrorMessage error={error} testId="renew-error" />}
      {waiting && (
        <CodePaymentWait
          saleId={waiting.saleId}
          messageKey={waiting.messageKey}
          onSale={(s) => {
            setWaiting(null);
            setSale(s);
          }}
          onEnded={(err) => {
            setWaiting(null);
            setError(err);
            clearCode();
          }}
        />
      )}
      {needOverride && (
        <SupervisorDialog
          title={t('renew.overrideTitle')}
          message={t(`sales:override.${needOverride}`)}
          onCancel={() => setNeedOverride(null)}
          onConfirm={(supervisorId, pin) => confirm({ supervisorId, pin })}
        />
      )}
    </section>
  );
}
