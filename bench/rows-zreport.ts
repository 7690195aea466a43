import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openTerminalDb } from '../src-main/db/terminal-db';
import { createReportRepo } from '../src-main/db/repos/report-repo';
import { addDays, formatIsoDate, parseIsoDate } from '../src-shared/domain/calendar';
import { formatReceiptNumber } from '../src-shared/domain/receipt-number';
import { buildZReport } from '../src-shared/domain/z-report';
import { percentile, timeSync, type BenchRow } from './lib';

const SALES = 500_000;
const DAYS = 365;
const ZREPORT_SAMPLES = 2_000;
const PLANS = [
  ['M30G', '月享30G', 'Monthly 30 GB', 2900],
  ['C100G', '畅享100G', 'Unlimited 100 GB', 5900],
  ['SIM15G', '流量卡15G', 'SIM 15 GB', 1500],
] as const;
const METHODS = ['cash', 'card', 'alipay', 'wechat'] as const;

/**
 * Issue 7: the Z report of one business day over a year of synthetic sales (500,000 rows and their
 * payments, bulk-inserted into a temp terminal database): the aggregation SQL (report-repo, index
 * sales_zreport) plus the maths in src-shared, per call.
 */
export async function zreportRows(): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-zreport-'));
  const db = openTerminalDb(path.join(dir, 'counter.db'));
  try {
    const start = parseIsoDate('2025-11-26')!;
    const dates = Array.from({ length: DAYS }, (_, i) => formatIsoDate(addDays(start, i)));
    const began = performance.now();
    db.transaction(() => {
      const clerk = db.prepare("INSERT INTO clerks (clerk_id, code, name, role, pin_hash) VALUES (?, ?, ?, 'clerk', 'x')");
      for (let c = 0; c < 4; c++) clerk.run(`C${c}`, `100${c}`, `店员${c}`);
      const day = db.prepare('INSERT INTO business_days (business_date, opened_at, closed_at) VALUES (?, ?, ?)');
      const shift = db.prepare("INSERT INTO shifts (shift_id, clerk_id, business_date, opened_at, float_fen, float_counts, closed_at) VALUES (?, 'C0', ?, ?, 50000, '{}', ?)");
      const move = db.prepare("INSERT INTO cash_movements (shift_id, kind, amount_fen, reason, clerk_id, at) VALUES (?, 'paidOut', 10000, 'bank', 'C0', ?)");
      for (const d of dates) {
        day.run(d, `${d}T01:00:00.000Z`, `${d}T13:00:00.000Z`);
        shift.run(`S-${d}`, d, `${d}T01:00:00.000Z`, `${d}T13:00:00.000Z`);
        move.run(`S-${d}`, `${d}T08:00:00.000Z`);
      }
      const sale = db.prepare(
        `INSERT INTO sales (sale_id, receipt_seq, receipt_no, business_date, shift_id, clerk_id, account_id, device_id, device_number,
           holder_name, id_masked, plan_code, plan_name_zh, plan_name_en, term_months, price_fen, previous_plan_code, previous_status,
           previous_expiry, new_expiry, cash_tendered_fen, change_fen, hq_status, created_at, voided_at)
         VALUES (?, ?, ?, ?, ?, ?, 'A', 'D', '490154203237518', '张*英', '110***********002X', ?, ?, ?, 1, ?, ?, 'active',
           '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', ?, ?, ?, ?, ?)`,
      );
      const pay = db.prepare('INSERT INTO sale_payments (sale_id, line_no, method, amount_fen, tendered_fen, change_fen, reference) VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (let i = 0; i < SALES; i++) {
        const dayIdx = Math.floor((i * DAYS) / SALES);
        const d = dates[dayIdx]!;
        const perDay = SALES / DAYS;
        const secondOfDay = Math.floor(((i - dayIdx * perDay) / perDay) * 12 * 3600); // 09:00-21:00 local
        const created = new Date(Date.parse(`${d}T01:00:00.000Z`) + secondOfDay * 1000).toISOString();
        const [code, zh, en, price] = PLANS[i % PLANS.length]!;
        const method = METHODS[(i >> 1) % METHODS.length]!;
        const tendered = method === 'cash' ? price + (i % 5) * 100 : 0;
        const id = `sale-${i}`;
        sale.run(id, i + 1, formatReceiptNumber({ storeCode: 'S001', terminalCode: 'T01', businessDate: d, seq: i + 1 }), d, `S-${d}`, `C${i % 4}`,
          code, zh, en, price, code, tendered, method === 'cash' ? tendered - price : 0, i % 50 === 0 ? 'pending' : 'confirmed', created,
          i % 97 === 0 ? created : null);
        pay.run(id, 1, method, price, method === 'cash' ? tendered : price, method === 'cash' ? tendered - price : 0, method === 'cash' ? null : 'REF');
      }
    })();
    const insertS = (performance.now() - began) / 1000;
    db.pragma('optimize');
    const reports = createReportRepo(db);
    const target = dates[200]!;
    let net = 0;
    // a different day for each sample (cycling through the year in a scattered order): no day is warm from the one before
    const dayOf = (i: number) => dates[(i * 137) % DAYS]!;
    const ns = timeSync(ZREPORT_SAMPLES, (i) => {
      const r = buildZReport(reports.zReportFacts(dayOf(i), 1000), { generatedAt: '2026-06-13T12:00:00.000Z', timeZone: 'Asia/Shanghai' });
      if (r.netFen > 0) net = r.netFen;
    }, 50);
    if (net <= 0) throw new Error('the Z report found no sales: the bench measured nothing');
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT count(*) FROM sales INDEXED BY sales_zreport WHERE business_date = ?').all(target) as { detail: string }[];
    const p50 = percentile(ns, 50) / 1e6;
    const p99 = percentile(ns, 99) / 1e6;
    const perDay = Math.round(SALES / DAYS);
    return [
      { id: 'zreport.setup', name: `Z report data set: ${SALES.toLocaleString('en-US')} sales over ${DAYS} days, bulk insert`, value: insertS, unit: 's', note: 'setup, for context' },
      { id: 'zreport.p50', name: `Z report of one day (~${perDay} sales) of ${SALES.toLocaleString('en-US')}: SQL + maths`, value: p50, unit: 'ms p50', note: `${ZREPORT_SAMPLES.toLocaleString('en-US')} samples over ${DAYS} different days` },
      { id: 'zreport.p99', name: `Z report of one day (~${perDay} sales) of ${SALES.toLocaleString('en-US')}: SQL + maths`, value: p99, unit: 'ms p99', target: '< 10 ms', met: p99 < 10, note: `${ZREPORT_SAMPLES.toLocaleString('en-US')} samples over ${DAYS} different days; ${plan.map((p) => p.detail).join('; ')}` },
    ];
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
