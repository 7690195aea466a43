import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page, TestInfo } from '@playwright/test';
import { parseZReportCsv } from '../src-shared/domain/z-report';
import { DEMO, expect, screenshot, signIn, test } from './fixtures';
import { CARD_REF, FLOAT_COUNTS, pay, quoteRenewal, renewCash, WECHAT_REF } from './flows';

/** Screenshots of the same screen in zh-CN and en (the status bar's language switch), back to zh-CN. */
async function shootBoth(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await screenshot(page, testInfo, `${name}-zh-CN`);
  await page.getByTestId('lang-en').first().click();
  await screenshot(page, testInfo, `${name}-en`);
  await page.getByTestId('lang-zh-CN').first().click();
}

function readDb<T>(dataDir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, 'counter.db'), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

test('a full day: shift, three sales, a void, paid-out, count, Z report, CSV, day close, next day', async ({ page, counter }, testInfo) => {
  test.setTimeout(180_000);
  await signIn(page, counter.app.launchUrl, 'zh-CN');
  await expect(page.getByTestId('status-sync')).toHaveAttribute('data-online', 'true');

  // Open the shift with the float counted by denomination: ¥262.00
  await page.keyboard.press('F4');
  await expect(page.getByTestId('shift-screen')).toHaveAttribute('data-open', 'false');
  for (const [d, n] of Object.entries(FLOAT_COUNTS)) await page.getByTestId(`float-${d}`).fill(n);
  await expect(page.getByTestId('float-total')).toHaveText('¥262.00');
  await shootBoth(page, testInfo, 'day-shift-open');
  await page.getByTestId('shift-open-submit').click();
  await expect(page.getByTestId('shift-float')).toHaveText('¥262.00');
  await page.keyboard.press('F1');

  // 1. cash: 3 months ¥84.00, tendered ¥100.00 (change ¥16.00)
  const cashNo = await renewCash(page, 3, '100');
  await page.keyboard.press('Enter');
  // 2. card: 1 month ¥29.00
  await quoteRenewal(page, 1);
  const cardNo = await pay(page, [{ method: 'card', yuan: '29', reference: CARD_REF }]);
  await page.keyboard.press('Enter');
  // 3. split: ¥9.00 cash + ¥20.00 WeChat — then voided
  await quoteRenewal(page, 1);
  const splitNo = await pay(page, [{ method: 'cash', yuan: '9' }, { method: 'wechat', yuan: '20', reference: WECHAT_REF }]);
  await page.keyboard.press('Enter');
  expect(new Set([cashNo, cardNo, splitNo]).size).toBe(3);

  await page.keyboard.press('F3');
  await page.getByTestId(`sale-row-${splitNo}`).click();
  // Void a sale HQ has already confirmed (the reversal then goes to HQ as its own event).
  await expect(page.getByTestId('detail-status')).toHaveText('总部已确认', { timeout: 30_000 });
  await page.getByTestId('void-sale').click();
  await page.getByTestId('void-reason').fill('客户改用其他套餐');
  // the WeChat line was taken on the card terminal: refunded there, its refund reference recorded (issue 14)
  await page.getByTestId('void-refund-ref-2').fill('4200001234202611259999999999');
  await page.getByTestId('supervisor-pin').fill(DEMO.supervisor.pin);
  await page.getByTestId('supervisor-confirm').click();
  await expect(page.getByTestId('detail-status')).toHaveText('已作废');

  // Paid-out ¥50.00 with a reason
  await page.keyboard.press('F4');
  await page.getByTestId('movement-paidOut').click();
  await page.getByTestId('movement-amount').fill('50');
  await page.getByTestId('movement-submit').click();
  await expect(page.getByTestId('shift-error')).toContainText('请填写原因');
  await page.getByTestId('movement-reason').fill('存银行');
  await page.getByTestId('movement-submit').click();
  await expect(page.getByTestId('movement-saved')).toBeVisible();
  await expect(page.getByTestId('shift-paid-out')).toHaveText('¥50.00');

  // Everything reached HQ (the close is then allowed without an override)
  await expect(page.getByTestId('status-sync')).toHaveAttribute('data-pending', '0', { timeout: 30_000 });

  // Count: expected 262 + 100 - 16 + 9 - 9 - 50 = ¥296.00; counted ¥281.00 -> variance -¥15.00 (> ¥10 threshold)
  await page.keyboard.press('F5');
  await expect(page.getByTestId('count-expected')).toHaveText('¥296.00');
  await page.getByTestId('count-10000').fill('2');
  await page.getByTestId('count-1000').fill('8');
  await page.getByTestId('count-100').fill('1');
  await expect(page.getByTestId('count-counted')).toHaveText('¥281.00');
  await expect(page.getByTestId('count-variance')).toContainText('-¥15.00');
  await expect(page.getByTestId('count-reason-needed')).toBeVisible();
  await page.getByTestId('count-save').click();
  await expect(page.getByTestId('day-error')).toContainText('差额');
  await page.getByTestId('count-reason').fill('找零时多找了一张');
  await shootBoth(page, testInfo, 'day-count');
  await page.getByTestId('count-save').click();
  await expect(page.getByTestId('z-report')).toBeVisible();
  await expect(page.getByTestId('z-net')).toContainText('¥113.00');
  await expect(page.getByTestId('z-variance')).toHaveText('-¥15.00');

  // Close the day
  await page.getByTestId('day-close-submit').click();
  // day close asks for confirmation first (issue 14)
  await page.getByTestId('day-close-confirm-yes').click();
  await expect(page.getByTestId('day-closed')).toBeVisible();
  await expect(page.getByTestId('z-report')).toHaveAttribute('data-closed', 'true');
  await expect(page.getByTestId('z-chart-hour')).toBeVisible();
  await expect(page.getByTestId('z-chart-method')).toBeVisible();
  await shootBoth(page, testInfo, 'day-z-report');
  await page.getByTestId('z-by-clerk').scrollIntoViewIfNeeded();
  await screenshot(page, testInfo, 'day-z-report-charts-zh-CN');

  // The Z report at the virtual printer: 3 sales + 1 void receipt + the Z report
  const jobs = await counter.printer.waitForJobs(5, 30_000);
  const z = jobs.find((j) => j.transcript.includes('日结报表'));
  expect(z, 'a Z report job').toBeDefined();
  for (const text of ['¥113.00', '¥296.00', '¥281.00', '-¥15.00', '找零时多找了一张', cashNo, splitNo]) expect(z!.transcript).toContain(text);

  // CSV download; its totals equal the database
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('z-csv').click()]);
  const csvFile = path.join(counter.dir, 'z.csv');
  await download.saveAs(csvFile);
  const csv = parseZReportCsv(fs.readFileSync(csvFile, 'utf8'));
  const businessDate = csv.get('meta.businessDate')!.label;
  const db = readDb(counter.dataDir, (d) => ({
    all: d.prepare('SELECT count(*) n, sum(price_fen) s FROM sales WHERE business_date = ?').get(businessDate) as { n: number; s: number },
    voids: d.prepare('SELECT count(*) n, sum(price_fen) s FROM sales WHERE business_date = ? AND voided_at IS NOT NULL').get(businessDate) as { n: number; s: number },
    methods: d
      .prepare('SELECT p.method m, sum(p.amount_fen) s FROM sale_payments p JOIN sales s USING (sale_id) WHERE s.business_date = ? AND s.voided_at IS NULL GROUP BY p.method')
      .all(businessDate) as { m: string; s: number }[],
    count: d.prepare('SELECT counted_fen, variance_fen, reason FROM cash_counts WHERE business_date = ?').get(businessDate) as { counted_fen: number; variance_fen: number; reason: string },
    day: d.prepare('SELECT closed_at FROM business_days WHERE business_date = ?').get(businessDate) as { closed_at: string | null },
  }));
  expect(csv.get('total.sales')).toMatchObject({ count: db.all.n, amountFen: db.all.s });
  expect(csv.get('total.voids')).toMatchObject({ count: db.voids.n, amountFen: db.voids.s });
  expect(csv.get('total.net')).toMatchObject({ count: 2, amountFen: db.all.s - db.voids.s });
  expect(db.all.s - db.voids.s).toBe(11300);
  for (const m of db.methods) expect(csv.get(`method.${m.m}`)?.amountFen).toBe(m.s);
  expect(csv.get('cash.counted')?.amountFen).toBe(db.count.counted_fen);
  expect(csv.get('cash.variance')?.amountFen).toBe(db.count.variance_fen);
  expect(db.count.reason).toBe('找零时多找了一张');
  expect(db.day.closed_at).not.toBeNull();

  // The next sale needs a new shift (the flow opens one) and lands on the next business day
  await page.keyboard.press('F1');
  const nextNo = await renewCash(page, 1);
  const next = readDb(counter.dataDir, (d) => d.prepare('SELECT business_date FROM sales WHERE receipt_no = ?').get(nextNo) as { business_date: string });
  expect(next.business_date > businessDate).toBe(true);
  expect(nextNo).toContain(next.business_date.replaceAll('-', ''));
  expect(cashNo).toContain(businessDate.replaceAll('-', ''));
});

test('the idle lock hides everything after the store setting; the same PIN reopens, or another clerk signs in', async ({ page, counter }, testInfo) => {
  await page.clock.install();
  await signIn(page, counter.app.launchUrl, 'zh-CN');
  await page.keyboard.press('F4');
  await expect(page.getByTestId('shift-screen')).toBeVisible();
  await page.clock.fastForward('05:30'); // demo store: idleLockMinutes = 5
  await expect(page.getByTestId('idle-lock')).toBeVisible();
  // hidden behind the lock (kept for the same clerk, see e2e/boundary.spec.ts), not shown
  await expect(page.getByTestId('top-nav')).toBeHidden();
  await expect(page.getByTestId('shift-screen')).toBeHidden();
  await page.getByTestId('lock-pin').fill('0000');
  await page.getByTestId('lock-unlock').click();
  await expect(page.getByTestId('lock-error')).toContainText('PIN 不正确');
  await screenshot(page, testInfo, 'idle-lock-zh-CN');
  await page.getByTestId('lock-pin').fill(DEMO.clerk.pin);
  await page.getByTestId('lock-unlock').click();
  await expect(page.getByTestId('top-nav')).toBeVisible();
  await expect(page.getByTestId('status-clerk')).toContainText(DEMO.clerk.code);

  await page.clock.fastForward('05:30');
  await expect(page.getByTestId('idle-lock')).toBeVisible();
  await page.getByTestId('lock-other-clerk').click();
  await page.getByTestId(`clerk-${DEMO.clerk2.code}`).click();
  await page.getByTestId('pin-input').fill(DEMO.clerk2.pin);
  await page.getByTestId('pin-input').press('Enter');
  await expect(page.getByTestId('status-clerk')).toContainText(DEMO.clerk2.code);
  const actions = readDb(counter.dataDir, (d) => (d.prepare("SELECT action FROM audit_log WHERE action LIKE 'auth.%' ORDER BY id").all() as { action: string }[]).map((r) => r.action));
  expect(actions.filter((a) => a === 'auth.idleLock')).toHaveLength(2);
});
