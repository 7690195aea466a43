/**
 * Receipts end to end: the real app (web mode) renews in cash, the print queue sends the receipt to
 * this test's own virtual printer over TCP; printer down during a sale; reprint from the sales
 * history; printer settings behind the supervisor PIN. Receipt images are saved in
 * e2e-artifacts/receipts (58 and 80 mm, zh-CN and en).
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { displayWidth } from '../src-shared/receipt/width';
import { renderPaperPng } from '../tools/virtual-printer/paper-image';
import type { VirtualPrinterJob } from '../tools/virtual-printer/server';
import { ARTIFACTS, DEMO, expect, screenshot, signIn, test } from './fixtures';
import { countSales, renewCash } from './flows';

const STORE_NAME = '星联随身WiFi 中关村店';
const RAW_ID = '11010519491231002X';
const MASKED_ID = '110***********002X';

function saleIdOf(dataDir: string, receiptNo: string): string {
  const db = new Database(path.join(dataDir, 'counter.db'), { readonly: true });
  try {
    return (db.prepare('SELECT sale_id FROM sales WHERE receipt_no = ?').get(receiptNo) as { sale_id: string }).sale_id;
  } finally {
    db.close();
  }
}


/** Keep the paper image of a job; `columns` 32 re-renders it as 58 mm paper (the fixture printer is 80 mm). */
function saveReceiptPng(job: VirtualPrinterJob, name: string, columns: 32 | 48): string {
  const file = path.join(ARTIFACTS, 'receipts', `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (columns === 48 && job.files.png) fs.copyFileSync(job.files.png, file);
  else fs.writeFileSync(file, renderPaperPng(job.decoded, columns));
  return file;
}

function drawerKicks(job: VirtualPrinterJob): number {
  return job.decoded.items.filter((i) => i.kind === 'drawer').length;
}

/** F6 -> change the printer settings, approved by the supervisor's PIN. */
async function changePrinterSettings(page: Page, change: { paper?: '58' | '80'; language?: 'zh-CN' | 'en' | 'bilingual' }): Promise<void> {
  await page.keyboard.press('F6');
  await expect(page.getByTestId('printer-screen')).toBeVisible();
  if (change.paper) await page.getByTestId('settings-paper').selectOption(change.paper);
  if (change.language) await page.getByTestId('settings-language').selectOption(change.language);
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('supervisor-dialog')).toBeVisible();
  await page.getByTestId('supervisor-pin').fill(DEMO.supervisor.pin);
  await page.getByTestId('supervisor-confirm').click();
  await expect(page.getByTestId('supervisor-dialog')).toHaveCount(0);
  await expect(page.getByTestId('printer-notice')).toBeVisible();
}

async function reprintFromHistory(page: Page, receiptNo: string): Promise<void> {
  await page.keyboard.press('F3');
  await expect(page.getByTestId('sales-screen')).toBeVisible();
  await page.getByTestId(`sale-row-${receiptNo}`).click();
  await page.getByTestId('reprint-sale').click();
  await expect(page.getByTestId('reprint-notice')).toBeVisible();
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`a cash renewal prints exactly one receipt with a drawer kick; reprint carries the mark (${lang})`, async ({ page, counter }, testInfo) => {
    await signIn(page, counter.app.launchUrl, lang);
    if (lang === 'en') await changePrinterSettings(page, { language: 'en' });
    await page.keyboard.press('F1');
    const receiptNo = await renewCash(page, 3);
    const saleId = saleIdOf(counter.dataDir, receiptNo);

    const [job] = await counter.printer.waitForJobs(1, 20_000);
    const text = job!.transcript;
    expect(text).toContain(STORE_NAME);
    expect(text).toContain(MASKED_ID);
    expect(text).not.toContain(RAW_ID);
    expect(fs.readFileSync(job!.files.bin).includes(Buffer.from(RAW_ID))).toBe(false);
    expect(text).toContain('¥84.00'); // M30G × 3 months, paid in exact cash
    expect(text).toContain(receiptNo);
    // the QR is HQ's verify page for this sale, signed offline with the terminal's receipt key (issue 15 item 6)
    const verifyUrl = new RegExp(`\\[QR (${counter.hq.url.replace(/[.:/]/g, '\\$&')}/r/${saleId}\\?s=[A-Za-z0-9_-]{22})\\]`).exec(text)?.[1];
    expect(verifyUrl).toBeTruthy();
    expect(verifyUrl).not.toContain(RAW_ID);
    expect(text).not.toContain('CT1|');
    expect(text).toMatch(/\[DRAWER KICK pin 2\]/);
    expect(drawerKicks(job!)).toBe(1);
    expect(text).toContain(lang === 'zh-CN' ? '续费收据' : 'Renewal Receipt');
    saveReceiptPng(job!, `receipt-80mm-${lang}`, 48);
    await page.waitForTimeout(1500);
    expect(counter.printer.jobs()).toHaveLength(1); // exactly one job for the sale

    // the printer screen: ready, nothing waiting, the sale in the recent jobs
    await page.keyboard.press('F6');
    await expect(page.getByTestId('printer-state')).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId('no-open-jobs')).toBeVisible();
    await expect(page.getByTestId('recent-jobs')).toContainText(receiptNo);
    await screenshot(page, testInfo, `printer-screen-${lang}`);

    // 58 mm paper, then reprint from the sales history: the mark, the count, no drawer
    await changePrinterSettings(page, { paper: '58' });
    await reprintFromHistory(page, receiptNo);
    const jobs = await counter.printer.waitForJobs(2, 20_000);
    const reprint = jobs[1]!;
    expect(reprint.transcript).toContain(lang === 'zh-CN' ? '重印 #1' : 'REPRINT #1');
    expect(reprint.transcript).toContain(MASKED_ID);
    expect(reprint.transcript).toContain(`[QR ${verifyUrl}]`);
    expect(drawerKicks(reprint)).toBe(0);
    // laid out for 58 mm: every printed line fits 32 columns (CJK counts 2, double width counts twice)
    const widths = reprint.decoded.items.flatMap((i) => (i.kind === 'text' ? [displayWidth(i.text.trimEnd()) * i.widthMul] : []));
    expect(Math.max(...widths)).toBeLessThanOrEqual(32);
    expect(Math.max(...widths)).toBeGreaterThan(24);
    saveReceiptPng(reprint, `receipt-58mm-reprint-${lang}`, 32);

    // the on-screen preview is the same layout (58 mm = 32 columns now)
    await page.getByTestId('preview-receipt').click();
    await expect(page.getByTestId('receipt-preview-dialog').locator('[data-columns="32"]')).toBeVisible();
    await expect(page.getByTestId('receipt-preview-dialog').locator(`[data-qr-payload="${verifyUrl}"]`)).toHaveCount(1);
    await screenshot(page, testInfo, `receipt-preview-58mm-${lang}`);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('receipt-preview-dialog')).toHaveCount(0);
  });
}

test('printer down during a sale: the sale commits, the job waits, and prints when the printer is back', async ({ page, counter }, testInfo) => {
  await signIn(page, counter.app.launchUrl, 'zh-CN');
  await counter.printer.setMode('refuse');
  const receiptNo = await renewCash(page, 1);
  expect(countSales(counter.dataDir)).toBe(1);

  const printerPill = page.getByTestId('status-printer');
  await expect(printerPill).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });
  await expect(printerPill).toContainText('等待打印 1');

  await page.keyboard.press('F6');
  const row = page.getByTestId('open-jobs').locator('tr[data-kind="sale"]');
  await expect(row).toContainText(receiptNo);
  await expect(row).toContainText('打印机拒绝连接');
  await screenshot(page, testInfo, 'printer-screen-printer-down-zh-CN');
  expect(counter.printer.jobs()).toHaveLength(0);

  await counter.printer.setMode('normal');
  const [job] = await counter.printer.waitForJobs(1, 20_000);
  expect(job!.transcript).toContain(receiptNo);
  await expect(page.getByTestId('no-open-jobs')).toBeVisible({ timeout: 15_000 });
  await expect(printerPill).toHaveAttribute('data-state', 'ready', { timeout: 15_000 });
  await expect(printerPill).not.toContainText('等待打印');
});

test('a failed job can be cancelled from the printer screen, and a test page prints', async ({ page, counter }) => {
  await signIn(page, counter.app.launchUrl, 'en');
  await counter.printer.setMode('refuse');
  await page.keyboard.press('F6');
  await page.getByTestId('test-print').click();
  const row = page.getByTestId('open-jobs').locator('tr[data-kind="test"]');
  await expect(row).toContainText('The printer refused the connection', { timeout: 15_000 });
  const jobId = (await row.getAttribute('data-testid'))!.replace('job-row-', '');
  await page.getByTestId(`cancel-${jobId}`).click();
  await expect(page.getByTestId('cancel-no')).toBeFocused();
  await page.getByTestId('cancel-yes').click();
  await expect(page.getByTestId('no-open-jobs')).toBeVisible();
  await expect(page.getByTestId(`job-row-${jobId}`)).toHaveAttribute('data-state', 'cancelled');

  await counter.printer.setMode('normal');
  await page.getByTestId('test-print').click();
  const [job] = await counter.printer.waitForJobs(1, 20_000);
  expect(job!.transcript).toContain('打印测试'); // receipt language is still zh-CN
  await page.waitForTimeout(1000);
  expect(counter.printer.jobs()).toHaveLength(1); // the cancelled job never printed
});
