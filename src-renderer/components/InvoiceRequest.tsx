import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { InvoiceView } from '../../src-shared/contract/cardinfo';
import { useClient } from '../ClientContext';
import { toErrorShape } from '../client/client';
import { ErrorMessage } from './ErrorMessage';

/**
 * In the sale detail (F3 list): request an e-invoice (发票) for the sale (issue 15 item 7). The form is a
 * dialog: Tab between fields, Enter submits, Esc cancels; the field HQ's check names gets the focus.
 */
export function InvoiceRequest({ saleId, voided }: { saleId: string; voided: boolean }) {
  const { t } = useTranslation('cardinfo');
  const client = useClient();
  const [invoice, setInvoice] = useState<InvoiceView | null>(null);
  const [open, setOpen] = useState(false);
  const [buyerType, setBuyerType] = useState<'company' | 'personal'>('company');
  const [title, setTitle] = useState('');
  const [taxNumber, setTaxNumber] = useState('');
  const [email, setEmail] = useState('');
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const openRef = useRef<HTMLButtonElement>(null);
  const firstRef = useRef<HTMLSelectElement>(null);
  const fields = { title: useRef<HTMLInputElement>(null), taxNumber: useRef<HTMLInputElement>(null), email: useRef<HTMLInputElement>(null) };

  useEffect(() => {
    setInvoice(null);
    setOpen(false);
    setError(null);
    let live = true;
    void client.call('sales.invoice', { saleId }).then(
      (r) => live && setInvoice(r.invoice),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, saleId]);
  useEffect(() => {
    if (open) firstRef.current?.focus();
  }, [open]);

  const close = () => {
    setOpen(false);
    setError(null);
    openRef.current?.focus();
  };

  async function submit() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await client.call('sales.requestInvoice', {
        saleId,
        buyerType,
        title,
        ...(buyerType === 'company' || taxNumber.trim() !== '' ? { taxNumber } : {}),
        email,
      });
      setInvoice(r.invoice);
      setOpen(false);
      openRef.current?.focus();
    } catch (e) {
      const shape = toErrorShape(e);
      setError(shape);
      const f = shape.field as keyof typeof fields | undefined;
      if (f && fields[f]) fields[f].current?.focus();
    } finally {
      setBusy(false);
    }
  }

  if (invoice) {
    return (
      <span className="pill ok" role="status" data-testid="invoice-requested">
        {t('invoice.requested', { email: invoice.email })}
      </span>
    );
  }
  if (voided) return null;
  return (
    <>
      <button type="button" ref={openRef} data-testid="open-invoice" onClick={() => setOpen(true)}>
        {t('invoice.open')}
      </button>
      {open && (
        <div
          className="dialog-backdrop"
          role="dialog"
          aria-modal="true"
          aria-label={t('invoice.title')}
          data-testid="invoice-dialog"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              close();
            }
          }}
        >
          <form
            className="dialog"
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <h2>{t('invoice.title')}</h2>
            <label>
              {t('invoice.buyerType')}
              <select ref={firstRef} data-testid="invoice-buyer-type" value={buyerType} onChange={(e) => setBuyerType(e.target.value === 'personal' ? 'personal' : 'company')}>
                <option value="company">{t('invoice.company')}</option>
                <option value="personal">{t('invoice.personal')}</option>
              </select>
            </label>
            <label>
              {t('invoice.titleField')}
              <input ref={fields.title} data-testid="invoice-title" value={title} maxLength={100} onChange={(e) => setTitle(e.target.value)} aria-invalid={error?.field === 'title'} />
            </label>
            <label>
              {t('invoice.taxNumber')}
              <input ref={fields.taxNumber} data-testid="invoice-tax-number" value={taxNumber} maxLength={32} onChange={(e) => setTaxNumber(e.target.value)} aria-invalid={error?.field === 'taxNumber'} />
            </label>
            <label>
              {t('invoice.email')}
              <input ref={fields.email} data-testid="invoice-email" type="text" inputMode="email" value={email} maxLength={120} onChange={(e) => setEmail(e.target.value)} aria-invalid={error?.field === 'email'} />
            </label>
            <ErrorMessage error={error} testId="invoice-error" />
            <p className="muted">{t('invoice.sentLater')}</p>
            <div className="row">
              <button type="submit" className="primary" data-testid="invoice-submit" disabled={busy}>
                {t('invoice.submit')} <kbd>Enter</kbd>
              </button>
              <button type="button" data-testid="invoice-cancel" onClick={close}>
                {t('invoice.cancel')} <kbd>Esc</kbd>
              </button>
            </div>
          </form>
        </div>
      )}
    </>
  );
}
