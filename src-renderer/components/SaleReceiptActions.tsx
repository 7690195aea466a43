import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { MethodOutput } from '../../src-shared/contract';
import { useClient } from '../ClientContext';
import { toErrorShape } from '../client/client';
import { ErrorMessage } from './ErrorMessage';
import { ReceiptPreview } from './ReceiptPreview';

/** In the sales history: preview the receipt (the same layout as the paper) and reprint it ("重印 / REPRINT #n"). */
export function SaleReceiptActions({ saleId, voided, onReprinted }: { saleId: string; voided: boolean; onReprinted?: () => void }) {
  const { t } = useTranslation('printing');
  const client = useClient();
  const [preview, setPreview] = useState<MethodOutput<'printer.preview'> | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [notice, setNotice] = useState<number | null>(null); // the reprint number: re-rendered on a language switch
  const [busy, setBusy] = useState(false);
  const closeRef = useRef<HTMLButtonElement>(null);
  const previewRef = useRef<HTMLButtonElement>(null);
  const closePreview = () => {
    setPreview(null);
    previewRef.current?.focus();
  };

  useEffect(() => {
    setNotice(null);
    setError(null);
  }, [saleId]);
  useEffect(() => {
    if (preview) closeRef.current?.focus({ preventScroll: true });
  }, [preview]);

  async function run(fn: () => Promise<void>) {
    if (busy) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await fn();
    } catch (e) {
      setError(toErrorShape(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" ref={previewRef} data-testid="preview-receipt" disabled={busy} onClick={() => void run(async () => setPreview(await client.call('printer.preview', { saleId })))}>
        {t('preview')}
      </button>
      {!voided && (
        <button
          type="button"
          data-testid="reprint-sale"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              const r = await client.call('sales.reprint', { saleId });
              setNotice(r.reprintCount);
              onReprinted?.();
            })
          }
        >
          {t('reprint')}
        </button>
      )}
      {notice !== null && (
        <span className="pill ok" role="status" data-testid="reprint-notice">
          {t('reprintQueued', { n: notice })}
        </span>
      )}
      <ErrorMessage error={error} testId="receipt-action-error" />
      {preview && (
        <div
          className="dialog-backdrop"
          role="dialog"
          aria-modal="true"
          data-testid="receipt-preview-dialog"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              closePreview();
            }
          }}
        >
          <div className="dialog" style={{ width: 'auto', maxHeight: '92vh', overflow: 'auto', alignItems: 'center' }}>
            <ReceiptPreview lines={preview.lines} columns={preview.columns} cellPx={preview.columns === 48 ? 10 : 12} label={t('preview')} />
            <button type="button" ref={closeRef} data-testid="close-preview" onClick={closePreview}>
              {t('closePreview')} <kbd>Esc</kbd>
            </button>
          </div>
        </div>
      )}
    </>
  );
}
