import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../src-shared/contract';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { formatFen, formatLocalDateTime } from '../../src-shared/domain';
import { zReportCsv, type ZReport } from '../../src-shared/domain/z-report';
import { useClient } from '../ClientContext';
import { toErrorShape } from '../client/client';
import { ErrorMessage } from '../components/ErrorMessage';

type ReportView = MethodOutput<'day.zReport'>['report'] & {};

/** Horizontal SVG bars: one row per item, the value written at the end of the bar. */
function Bars(props: { items: { label: string; amountFen: number; count: number }[]; testId: string; title: string }) {
  const max = Math.max(1, ...props.items.map((i) => i.amountFen));
  const rowH = 30;
  const width = 560;
  const labelW = 110;
  const barMax = width - labelW - 170;
  return (
    <figure style={{ margin: 0 }}>
      <figcaption className="muted">{props.title}</figcaption>
      <svg width={width} height={Math.max(rowH, props.items.length * rowH)} role="img" aria-label={props.title} data-testid={props.testId}>
        {props.items.map((item, i) => {
          const w = Math.round((item.amountFen / max) * barMax);
          return (
            <g key={item.label} transform={`translate(0, ${i * rowH})`}>
              <text x={0} y={20} fill="currentColor" fontSize={15}>
                {item.label}
              </text>
              <rect x={labelW} y={6} width={Math.max(w, item.amountFen > 0 ? 2 : 0)} height={18} fill="#38bdf8" rx={3} />
              <text x={labelW + w + 8} y={20} fill="currentColor" fontSize={15} style={{ fontVariantNumeric: 'tabular-nums' }}>
                {formatFen(item.amountFen)} · {item.count}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** The Z report on screen: totals, by method / plan / clerk, hours chart, cash; CSV download and (re)print. */
export function ZReportView(props: { report: ReportView; closed: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const r = props.report as ZReport;
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [printed, setPrinted] = useState(false);
  const en = i18n.language === 'en';

  function downloadCsv() {
    // BOM so spreadsheet programs read the Chinese names as UTF-8
    const blob = new Blob(['\uFEFF' + zReportCsv(r)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `z-report-${r.businessDate}.csv`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async function reprint() {
    setError(null);
    setPrinted(false);
    try {
      await client.call('day.reprintZ', { businessDate: r.businessDate });
      setPrinted(true);
    } catch (e) {
      setError(toErrorShape(e));
    }
  }

  const ca = (count: number, fen: number) => `${t('shift:z.count', { count })} · ${formatFen(fen)}`;
  const c = r.cash;
  return (
    <article className="quote" data-testid="z-report" data-closed={props.closed} data-net-fen={r.netFen} style={{ maxWidth: 1200 }}>
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', gap: '1rem', flexWrap: 'wrap' }}>
        <h2 style={{ margin: 0 }}>
          {t('shift:z.title')} · {r.businessDate}
        </h2>
        <span className={`pill ${props.closed ? 'ok' : 'warn'}`} data-testid="z-state">
          {props.closed && r.closedAt ? t('shift:z.closedAt', { at: formatLocalDateTime(new Date(r.closedAt), r.timeZone) }) : t('shift:z.preview')}
        </span>
      </header>
      {r.pendingOverride && (
        <p className="renew-blocked" data-testid="z-pending-override">
          {t('shift:z.pendingOverride', { count: r.pendingEvents })}
        </p>
      )}
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(320px, 1fr) minmax(320px, 1fr)', gap: '1.5rem' }}>
        <dl className="quote-grid">
          <dt>{t('shift:z.sales')}</dt>
          <dd data-testid="z-sales">{ca(r.salesCount, r.grossFen)}</dd>
          <dt>{t('shift:z.voids')}</dt>
          <dd data-testid="z-voids">{ca(r.voidCount, r.voidFen)}</dd>
          <dt>{t('shift:z.net')}</dt>
          <dd className="big" data-testid="z-net">{ca(r.netCount, r.netFen)}</dd>
          <dt>{t('shift:z.pending')}</dt>
          <dd data-testid="z-pending">{ca(r.pendingCount, r.pendingFen)}</dd>
          <dt>{t('shift:z.rejected')}</dt>
          <dd data-testid="z-rejected">{ca(r.rejectedCount, r.rejectedFen)}</dd>
          <dt>{t('shift:z.firstReceipt')}</dt>
          <dd data-testid="z-first">{r.firstReceiptNo ?? '—'}</dd>
          <dt>{t('shift:z.lastReceipt')}</dt>
          <dd data-testid="z-last">{r.lastReceiptNo ?? '—'}</dd>
          <dt>{t('shift:z.gaps')}</dt>
          <dd>{r.receiptGaps.length ? r.receiptGaps.join(', ') : t('shift:z.noGaps')}</dd>
        </dl>
        <dl className="quote-grid" data-testid="z-cash">
          <dt>{t('shift:z.float')}</dt>
          <dd>{formatFen(c.floatFen)}</dd>
          <dt>{t('shift:z.cashTaken')}</dt>
          <dd>{formatFen(c.cashTakenFen)}</dd>
          <dt>{t('shift:z.changeGiven')}</dt>
          <dd>−{formatFen(c.changeGivenFen)}</dd>
          <dt>{t('shift:z.voidedCash')}</dt>
          <dd>−{formatFen(c.voidedCashFen)}</dd>
          <dt>{t('shift:z.paidIn')}</dt>
          <dd>{formatFen(c.paidInFen)}</dd>
          <dt>{t('shift:z.paidOut')}</dt>
          <dd>−{formatFen(c.paidOutFen)}</dd>
          {!!c.floatChangeFen && (
            <>
              <dt>{t('shift:z.floatChange')}</dt>
              <dd data-testid="z-float-change">{formatFen(c.floatChangeFen)}</dd>
            </>
          )}
          <dt>{t('shift:z.expected')}</dt>
          <dd className="big" data-testid="z-expected">{formatFen(c.expectedFen)}</dd>
          <dt>{t('shift:z.counted')}</dt>
          <dd className="big" data-testid="z-counted">{c.countedFen === null ? '—' : formatFen(c.countedFen)}</dd>
          <dt>{t('shift:z.variance')}</dt>
          <dd className={`big ${c.varianceFen ? 'change' : ''}`} data-testid="z-variance" data-fen={c.varianceFen ?? ''}>
            {c.varianceFen === null ? '—' : formatFen(c.varianceFen)}
          </dd>
          {c.reason && (
            <>
              <dt>{t('shift:z.reason')}</dt>
              <dd data-testid="z-reason">{c.reason}</dd>
            </>
          )}
        </dl>
      </div>
      {(r.shifts?.length ?? 0) > 0 && (
        <table className="sales-table" data-testid="z-shifts" style={{ margin: '1rem 0' }}>
          <caption style={{ textAlign: 'left', fontWeight: 600 }}>{t('shift:handover.shifts')}</caption>
          <thead>
            <tr>
              <th>{t('shift:current.clerk')}</th>
              <th>{t('shift:current.openedAt')}</th>
              <th>{t('shift:z.float')}</th>
              <th>{t('shift:z.expected')}</th>
              <th>{t('shift:z.counted')}</th>
              <th>{t('shift:handover.overShort')}</th>
            </tr>
          </thead>
          <tbody>
            {r.shifts!.map((x) => (
              <tr key={x.shiftId} data-testid={`z-shift-${x.shiftId}`}>
                <td>{x.clerkName}</td>
                <td>{formatLocalDateTime(new Date(x.openedAt), r.timeZone)}{x.closedAt ? ` – ${formatLocalDateTime(new Date(x.closedAt), r.timeZone).slice(-5)}` : ''}</td>
                <td>{formatFen(x.floatFen)}</td>
                <td>{formatFen(x.expectedFen)}</td>
                <td>{x.countedFen === null ? '—' : formatFen(x.countedFen)}</td>
                <td className={x.varianceFen ? 'change' : ''} data-fen={x.varianceFen ?? ''}>{x.varianceFen === null ? '—' : formatFen(x.varianceFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(320px, 1fr) minmax(320px, 1fr)', gap: '1.5rem' }}>
        <Bars
          title={t('shift:z.byMethod')}
          testId="z-chart-method"
          items={r.byMethod.map((m) => ({ label: t(`shift:method.${m.method}`, { defaultValue: m.method }), amountFen: m.amountFen, count: m.count }))}
        />
        <Bars
          title={t('shift:z.byHour')}
          testId="z-chart-hour"
          items={r.byHour.map((h) => ({ label: `${String(h.hour).padStart(2, '0')}:00`, amountFen: h.amountFen, count: h.count }))}
        />
        <Bars title={t('shift:z.byPlan')} testId="z-by-plan" items={r.byPlan.map((p) => ({ label: en ? p.nameEn : p.nameZh, amountFen: p.amountFen, count: p.count }))} />
        <Bars title={t('shift:z.byClerk')} testId="z-by-clerk" items={r.byClerk.map((x) => ({ label: x.name, amountFen: x.amountFen, count: x.count }))} />
        {r.byPromotion.length > 0 && (
          <Bars title={t('shift:z.byPromotion')} testId="z-by-promotion" items={r.byPromotion.map((p) => ({ label: en ? p.nameEn : p.nameZh, amountFen: p.amountFen, count: p.count }))} />
        )}
      </div>
      {r.salesCount === 0 && <p className="muted">{t('shift:z.empty')}</p>}
      <ErrorMessage error={error} testId="z-error" />
      {printed && <p className="pill ok" data-testid="z-printed">{t('shift:z.printed')}</p>}
      <div className="detail-actions">
        <button type="button" data-testid="z-csv" onClick={downloadCsv}>
          {t('shift:z.csv')}
        </button>
        <button type="button" data-testid="z-reprint" onClick={() => void reprint()}>
          {props.closed ? t('shift:z.reprint') : t('shift:z.print')}
        </button>
      </div>
    </article>
  );
}
