import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { layoutReceipt } from '../src-shared/receipt/model';
import { buildSaleReceipt } from '../src-shared/receipt/sale-receipt';
import { sampleSaleReceiptData } from '../test-support/receipt-fixtures';
import type { LocalSettings } from '../src-main/app-context';
import { openTerminalDb } from '../src-main/db/terminal-db';
import { createAuditRepo } from '../src-main/db/repos/audit-repo';
import { createClerkRepo } from '../src-main/db/repos/clerk-repo';
import { createPrintJobRepo } from '../src-main/db/repos/print-job-repo';
import { renderEscPos } from '../src-main/printing/escpos';
import type { PrintPayload } from '../src-main/printing/print-payload';
import { createPrintService } from '../src-main/printing/print-service';
import { startVirtualPrinter } from '../tools/virtual-printer/server';
import { createAuditLog } from '../src-main/services/audit';
import { createAuthService } from '../src-main/services/auth';
import { percentile, timeSync, type BenchRow } from './lib';

/**
 * Receipts: data -> document -> layout -> ESC/POS bytes (pure CPU), and a committed print job -> the
 * whole job received by the virtual printer over loopback TCP (the queue, the worker's wake-up, render, send).
 */
export async function printingRows(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const data = sampleSaleReceiptData();
  for (const columns of [48, 32] as const) {
    const ns = timeSync(2000, () => {
      const doc = buildSaleReceipt(data, { language: 'bilingual' });
      renderEscPos(layoutReceipt(doc, columns), { type: 'epson', openDrawer: true, cut: true, columns });
    }, 200);
    const mm = columns === 48 ? 80 : 58;
    rows.push({ id: `print.render.${mm}mm.p50`, name: `receipt render, data -> ESC/POS bytes (${mm} mm, bilingual) p50`, value: percentile(ns, 50) / 1e6, unit: 'ms' });
    rows.push({ id: `print.render.${mm}mm.p99`, name: `receipt render, data -> ESC/POS bytes (${mm} mm, bilingual) p99`, value: percentile(ns, 99) / 1e6, unit: 'ms' });
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-bench-print-'));
  const db = openTerminalDb(path.join(dir, 'counter.db'));
  // PNG rendering is the virtual printer's own cost (a real printer has none): left out of the row.
  const printer = await startVirtualPrinter({ port: 0, outDir: path.join(dir, 'printer'), png: false });
  const audit = createAuditLog(createAuditRepo(db));
  const printJobs = createPrintJobRepo(db);
  const local: LocalSettings = { printerTarget: printer.url, printerType: 'epson', paperWidth: 80, receiptLanguage: 'zh-CN' };
  const service = createPrintService({
    db,
    printJobs,
    local,
    audit,
    auth: createAuthService({ db, clerks: createClerkRepo(db), audit }),
    dataDir: dir,
    now: () => new Date(),
    startPrinterSetting: 'virtual',
    env: {},
  });
  try {
    service.start();
    const N = 300;
    const samples: number[] = [];
    for (let i = 0; i < N + 5; i++) {
      const started = process.hrtime.bigint();
      db.transaction(() => {
        const payload: PrintPayload = { type: 'sale', data: { ...data, receiptNo: `T01-BENCH-${i}` }, reprintCount: 0 };
        printJobs.enqueuePrintJob({ kind: 'sale', refId: data.saleId, payload, openDrawer: true, createdAt: new Date().toISOString() });
        audit.record('sale.bench', 'bench', { i });
      })();
      service.kick();
      await printer.waitForJobs(i + 1, 10_000);
      if (i >= 5) samples.push(Number(process.hrtime.bigint() - started));
    }
    samples.sort((a, b) => a - b);
    const p50 = percentile(samples, 50) / 1e6;
    const p99 = percentile(samples, 99) / 1e6;
    const note = 'commit (job + audit in one transaction) -> kick -> worker renders -> TCP -> the virtual printer has decoded and saved the job (PNG off); loopback';
    rows.push({ id: 'print.confirm_to_bytes.p50', name: 'confirm -> bytes at the virtual printer p50', value: p50, unit: 'ms', note: `${N} samples; ${note}` });
    rows.push({ id: 'print.confirm_to_bytes.p99', name: 'confirm -> bytes at the virtual printer p99', value: p99, unit: 'ms', target: '< 50 ms', met: p99 < 50, note: `${N} samples` });
  } finally {
    await service.stop();
    await printer.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
