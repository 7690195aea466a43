import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { SaleStatus, SaleView } from '../../src-shared/contract/sales';
import { formatFen, formatLocalDate, formatLocalDateTime } from '../../src-shared/domain';
import { useClient } from '../ClientContext';
import { toErrorShape } from '../client/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { SupervisorDialog } from '../components/SupervisorDialog';
import { useFocusRequest } from '../focus';

const STATUSES: (SaleStatus | 'all')[] = ['all', 'pending', 'confirmed', 'rejected', 'voided'];

/** Today's sales: search by receipt number, filter by status, open one, reprint, void. */
export function SalesScreen({ extraActions }: { extraActions?: (sale: SaleView, refresh: () => void) => React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [receiptNo, setReceiptNo] = useState('');
  const [status, setStatus] = useState<SaleStatus | 'all'>('all');
  const [list, setList] = useState<{ businessDate: string; sales: SaleView[] } | null>(null);
  const [selected, setSelected] = useState<SaleView | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [voiding, setVoiding] = useState(false);
  const [voidReason, setVoidReason] = useState('');
  /** The card terminal's refund reference per payment line taken on it. */
  const [refundRefs, setRefundRefs] = useState<Record<number, string>>({});
  const [retryError, setRetryError] = useState<AppErrorShape | null>(null);
  const zh = i18n.language === 'zh-CN';
  const searchRef = useRef<HTMLInputElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const detailRef = useRef<HTMLElement>(null);
  const focusDetail = useRef(false);
  const focusOn = useFocusRequest();

  // F3: the search field has focus; ↓ goes into the list, ↑/↓ between sales, Enter opens one.
  useEffect(() => searchRef.current?.focus(), []);
  useEffect(() => {
    if (selected && focusDetail.current) {
      focusDetail.current = false;
      detailRef.current?.querySelector<HTMLElement>('button')?.focus();
    }
  }, [selected]);

  function rowKey(e: React.KeyboardEvent<HTMLElement>, sale: SaleView | null) {
    const rows = [...(tableRef.current?.querySelectorAll<HTMLElement>('tbody tr[tabindex]') ?? [])];
    const at = rows.indexOf(e.currentTarget);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = e.key === 'ArrowDown' ? rows[at + 1] ?? rows[rows.length - 1] : at <= 0 ? searchRef.current : rows[at - 1];
      next?.focus();
    } else if (e.key === 'Enter' && sale) {
      e.preventDefault();
      focusDetail.current = true;
      setSelected(sale);
    }
  }

  const refresh = useCallback(async () => {
    try {
      const r = await client.call('sales.list', { ...(status !== 'all' ? { status } : {}), ...(receiptNo.trim() ? { receiptNo: receiptNo.trim() } : {}) });
      setList(r);
      setError(null);
      setSelected((cur) => (cur ? (r.sales.find((s) => s.saleId === cur.saleId) ?? cur) : null));
    } catch (e) {
      setError(toErrorShape(e));
    }
  }, [client, status, receiptNo]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 3000);
    return () => clearInterval(timer);
  }, [refresh]);

  return (
    <section className="screen sales-screen" data-testid="sales-screen">
      <h1>
        {t('salesList.title')} {list && <span className="muted">{list.businessDate}</span>}
      </h1>
      <div className="sales-filters">
        <input
          placeholder={t('salesList.searchReceipt')}
          aria-label={t('salesList.searchReceipt')}
          data-testid="sales-search"
          ref={searchRef}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'Enter') {
              e.preventDefault();
              tableRef.current?.querySelector<HTMLElement>('tbody tr[tabindex]')?.focus();
            }
          }}
          value={receiptNo}
          onChange={(e) => setReceiptNo(e.target.value)}
        />
        {STATUSES.map((s) => (
          <button key={s} type="button" className={status === s ? 'selected' : ''} data-testid={`filter-${s}`} onClick={() => setStatus(s)}>
            {s === 'all' ? t('salesList.all') : t(`sale.status.${s}`)}
          </button>
        ))}
      </div>
      <ErrorMessage error={error} testId="sales-error" />
      <div className={`sales-layout ${selected ? 'with-detail' : ''}`}>
        <table className="sales-table" data-testid="sales-table" ref={tableRef}>
          <thead>
            <tr>
              <th>{t('salesList.receiptNo')}</th>
              {!selected && <th>{t('salesList.time')}</th>}
              <th>{t('salesList.customer')}</th>
              {!selected && <th>{t('salesList.plan')}</th>}
              <th className="num">{t('salesList.amount')}</th>
              <th>{t('salesList.status')}</th>
            </tr>
          </thead>
          <tbody>
            {list?.sales.map((s) => (
              <tr
                key={s.saleId}
                tabIndex={0}
                className={selected?.saleId === s.saleId ? 'selected' : ''}
                data-testid={`sale-row-${s.receiptNo}`}
                onClick={() => setSelected(s)}
                aria-selected={selected?.saleId === s.saleId}
                onKeyDown={(e) => rowKey(e, s)}
              >
                <td>{s.receiptNo}</td>
                {!selected && <td>{formatLocalDateTime(new Date(s.createdAt), s.timeZone).slice(11)}</td>}
                <td>{s.holderName}</td>
                {!selected && (
                  <td>
                    {zh ? s.planNameZh : s.planNameEn} × {t('renew.months', { count: s.termMonths })}
                  </td>
                )}
                <td className="num">{formatFen(s.priceFen)}</td>
                <td>
                  <span className={`badge badge-sale-${s.status}`} data-testid="sale-row-status">
                    {t(`sale.status.${s.status}`)}
                  </span>
                  {s.refundPending && (
                    <span className="badge badge-sale-rejected refund-badge" data-testid="sale-row-refund-pending">
                      {t('payments:refundPending')}
                    </span>
                  )}
                </td>
              </tr>
            ))}
            {list?.sales.length === 0 && (
              <tr>
                <td colSpan={selected ? 4 : 6} className="muted">
                  {t('salesList.empty')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
        {selected && (
          <aside
            className="sale-detail"
            data-testid="sale-detail"
            ref={detailRef}
            aria-label={selected.receiptNo}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && !voiding) {
                // Esc: back to the row in the list
                e.preventDefault();
                const id = selected.receiptNo;
                setSelected(null);
                focusOn(`sale-row-${id}`);
              }
            }}
          >
            <h2>{selected.receiptNo}</h2>
            <p className={`badge badge-sale-${selected.status}`} data-testid="detail-status">
              {t(`sale.status.${selected.status}`)}
            </p>
            <div className="detail-actions">
              {extraActions?.(selected, () => void refresh())}
              {selected.status !== 'voided' && (
                <button type="button" data-testid="void-sale" onClick={() => setVoiding(true)}>
                  {t('salesList.void')}
                </button>
              )}
            </div>
            {selected.refundPending && (
              <div className="refund-pending" data-testid="refund-pending">
                <p className="renew-blocked">{t('payments:refundPendingHelp')}</p>
                <button
                  type="button"
                  data-testid="retry-refund"
                  onClick={() => {
                    setRetryError(null);
                    client
                      .call('sales.retryRefund', { saleId: selected.saleId })
                      .then((r) => {
                        setSelected(r.sale);
                        void refresh();
                      })
                      .catch((e: unknown) => setRetryError(toErrorShape(e)));
                  }}
                >
                  {t('payments:retryRefund')}
                </button>
                <ErrorMessage error={retryError} testId="retry-refund-error" />
              </div>
            )}
            {selected.hqReason && (
              <p className="renew-blocked" data-testid="detail-hq-reason">
                {t('salesList.rejectedBecause')} {zh ? selected.hqReason.zh : selected.hqReason.en}
              </p>
            )}
            {selected.voidReason && <p data-testid="detail-void-reason">{t('salesList.voidReason')}: {selected.voidReason}</p>}
            {selected.refunds.length > 0 && (
              <ul className="refund-list" data-testid="detail-refunds">
                {selected.refunds.map((r) => (
                  <li key={r.lineNo} data-testid={`detail-refund-${r.lineNo}`} data-state={r.state}>
                    {t(`pay.method.${r.method}`)} {formatFen(r.amountFen)} · {t(`payments:route.${r.route}`)} · {t(`payments:refundState.${r.state}`)}
                    {r.reference && <span className="muted"> · {r.reference}</span>}
                  </li>
                ))}
              </ul>
            )}
            <dl className="account-grid">
              <dt>{t('salesList.customer')}</dt>
              <dd>
                {selected.holderName} {selected.idMasked}
              </dd>
              <dt>{t('account.device')}</dt>
              <dd>{selected.deviceMasked}</dd>
              <dt>{t('salesList.plan')}</dt>
              <dd>
                {zh ? selected.planNameZh : selected.planNameEn} × {t('renew.months', { count: selected.termMonths })}
              </dd>
              <dt>{t('renew.newExpiry')}</dt>
              <dd>{formatLocalDate(new Date(selected.hqExpiry ?? selected.newExpiry), selected.timeZone)}</dd>
              {selected.promotions.length > 0 && (
                <>
                  <dt>{t('renew.listPrice')}</dt>
                  <dd data-testid="detail-list-price">{formatFen(selected.listPriceFen)}</dd>
                  {selected.promotions.map((p) => (
                    <div key={p.promotionId} className="contents">
                      <dt>{t('renew.promotion', { name: zh ? p.nameZh : p.nameEn })}</dt>
                      <dd data-testid={`detail-promotion-${p.promotionId}`}>-{formatFen(p.discountFen)}</dd>
                    </div>
                  ))}
                </>
              )}
              <dt>{t('salesList.amount')}</dt>
              <dd>{formatFen(selected.priceFen)}</dd>
              {selected.payments.map((p, i) => (
                <div key={i} className="contents">
                  <dt>{t(`pay.method.${p.method}`)}</dt>
                  <dd>
                    {formatFen(p.method === 'cash' ? p.tenderedFen : p.amountFen)}
                    {p.changeFen > 0 && ` (${t('pay.change')} ${formatFen(p.changeFen)})`}
                    {p.reference && <span className="muted"> · {p.reference}</span>}
                  </dd>
                </div>
              ))}
            </dl>
          </aside>
        )}
      </div>
      {voiding && selected && (
        <SupervisorDialog
          title={t('salesList.voidTitle', { receiptNo: selected.receiptNo })}
          onCancel={() => {
            setVoiding(false);
            focusOn('void-sale');
          }}
          onConfirm={async (supervisorId, pin) => {
            const refundReferences = selected.payments
              .filter((p) => p.method !== 'cash' && !p.viaGateway)
              .map((p) => ({ lineNo: p.lineNo, reference: refundRefs[p.lineNo] ?? '' }));
            const r = await client.call('sales.void', { saleId: selected.saleId, reason: voidReason, supervisorId, pin, refundReferences });
            setRefundRefs({});
            focusDetail.current = true;
            setSelected(r.sale);
            setVoiding(false);
            setVoidReason('');
            void refresh();
          }}
        >
          <label className="field">
            <span>{t('salesList.voidReason')}</span>
            <input data-testid="void-reason" data-first-field value={voidReason} onChange={(e) => setVoidReason(e.target.value)} maxLength={200} />
          </label>
          {selected.payments.map((p) => (
            <p key={p.lineNo} className="muted small" data-testid={`void-refund-plan-${p.lineNo}`}>
              {t(`pay.method.${p.method}`)} {formatFen(p.amountFen)} → {t(`payments:route.${p.method === 'cash' ? 'drawer' : p.viaGateway ? 'gateway' : 'cardTerminal'}`)}
            </p>
          ))}
          {selected.payments
            .filter((p) => p.method !== 'cash' && !p.viaGateway)
            .map((p) => (
              <label className="field" key={p.lineNo}>
                <span>{t('payments:cardRefundReference', { method: t(`pay.method.${p.method}`), amount: formatFen(p.amountFen) })}</span>
                <input
                  inputMode="numeric"
                  data-testid={`void-refund-ref-${p.lineNo}`}
                  value={refundRefs[p.lineNo] ?? ''}
                  onChange={(e) => setRefundRefs({ ...refundRefs, [p.lineNo]: e.target.value })}
                  maxLength={64}
                />
              </label>
            ))}
        </SupervisorDialog>
      )}
    </section>
  );
}
