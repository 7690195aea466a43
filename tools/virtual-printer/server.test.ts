/**
 * Real TCP on loopback: receipt -> layout -> ESC/POS -> sendToPrinter -> virtual printer job files.
 * Set PRINTER_TEST_KEEP=1 to keep the job folders (printed at the end) for a look at the PNGs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { layoutReceipt, type PaperColumns } from '../../src-shared/receipt/model';
import { buildSaleReceipt } from '../../src-shared/receipt/sale-receipt';
import { sampleSaleReceiptData } from '../../test-support/receipt-fixtures';
import { renderEscPos } from '../../src-main/printing/escpos';
import { queryPrinterStatus, sendToPrinter } from '../../src-main/printing/printer-connection';
import { startVirtualPrinter, type VirtualPrinter } from './server';

const open: VirtualPrinter[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
  if (process.env.PRINTER_TEST_KEEP === '1') console.log(`kept: ${dirs.join(' ')}`);
  else for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function printer(columns: PaperColumns = 48, mode: 'normal' | 'refuse' | 'stall' = 'normal') {
  const outDir = mkdtempSync(path.join(os.tmpdir(), `vprinter-${columns}-`));
  dirs.push(outDir);
  const p = await startVirtualPrinter({ port: 0, outDir, columns, mode });
  open.push(p);
  return p;
}

function saleBytes(columns: PaperColumns) {
  const data = sampleSaleReceiptData();
  const doc = buildSaleReceipt(data, { language: 'zh-CN' });
  const bytes = renderEscPos(layoutReceipt(doc, columns), { type: 'epson', openDrawer: doc.openDrawer ?? false, cut: doc.cut, columns });
  return { data, bytes };
}

describe('virtual printer over real TCP', () => {
  for (const columns of [32, 48] as const) {
    it(`prints a sale receipt at ${columns} columns: transcript, json, bin and png`, async () => {
      const vp = await printer(columns);
      expect(vp.url).toBe(`tcp://127.0.0.1:${vp.port}`);
      const { data, bytes } = saleBytes(columns);
      await sendToPrinter(vp.url, bytes, { timeoutMs: 5000 });
      const [job] = await vp.waitForJobs(1, 5000);
      expect(job!.name).toBe('job-000001');

      const transcript = readFileSync(job!.files.txt, 'utf8');
      expect(transcript).toContain(data.store.name);
      expect(transcript).toContain('110***********002X');
      expect(transcript).toContain('¥238.50');
      expect(transcript).toContain('¥200.00');
      expect(transcript).toContain(`[QR CT1|${data.receiptNo}|${data.saleId}]`);
      expect(transcript).toContain('[CUT]');
      expect(transcript).toMatch(/\[DRAWER KICK pin 2\]/);

      expect(readFileSync(job!.files.bin).equals(bytes)).toBe(true);
      const json = JSON.parse(readFileSync(job!.files.json, 'utf8'));
      expect(json.qrPayloads).toEqual([`CT1|${data.receiptNo}|${data.saleId}`]);
      expect(json.cuts).toBe(1);
      expect(json.drawerKicks).toBe(1);
      // double width: the title at 48 columns; at 32 nothing is double since the pending banner gave way to a calm line
      expect(json.items.some((i: { kind: string; widthMul?: number }) => i.kind === 'text' && i.widthMul === 2)).toBe(columns === 48);

      const png = PNG.sync.read(readFileSync(job!.files.png!));
      expect(png.width).toBe(columns * 12 + 32);
      const textLines = json.items.filter((i: { kind: string }) => i.kind === 'text').length;
      expect(png.height).toBeGreaterThan(textLines * 30);
      expect(png.height).toBeLessThan(textLines * 30 + 2000);
    });
  }

  it('numbers jobs per connection and ignores status-only connections', async () => {
    const vp = await printer();
    await sendToPrinter(vp.url, Buffer.from('\x1b@one\n'), { timeoutMs: 3000 });
    expect((await queryPrinterStatus(vp.url, { timeoutMs: 3000 })).state).toBe('ready');
    await sendToPrinter(vp.url, Buffer.from('\x1b@two\n'), { timeoutMs: 3000 });
    const jobs = await vp.waitForJobs(2, 3000);
    expect(jobs.map((j) => j.name)).toEqual(['job-000001', 'job-000002']);
    expect(jobs[1]!.transcript).toContain('two');
    expect(vp.jobs()).toHaveLength(2);
  });

  it('refuse mode: the send fails fast with PRINTER_REFUSED, and works again in normal mode', async () => {
    const vp = await printer();
    await vp.setMode('refuse');
    const started = Date.now();
    await expect(sendToPrinter(vp.url, Buffer.from('x\n'), { timeoutMs: 5000 })).rejects.toMatchObject({ code: 'PRINTER_REFUSED' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await queryPrinterStatus(vp.url, { timeoutMs: 2000 })).state).toBe('offline');
    await vp.setMode('normal');
    await sendToPrinter(vp.url, Buffer.from('back\n'), { timeoutMs: 3000 });
    expect((await vp.waitForJobs(1, 3000))[0]!.transcript).toContain('back');
  });

  it('stall mode: the send times out with PRINTER_TIMEOUT and the status is unknown, not ready', async () => {
    const vp = await printer(48, 'stall');
    const started = Date.now();
    await expect(sendToPrinter(vp.url, saleBytes(48).bytes, { timeoutMs: 400 })).rejects.toMatchObject({ code: 'PRINTER_TIMEOUT' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    const status = await queryPrinterStatus(vp.url, { timeoutMs: 300 });
    expect(status).toEqual({ state: 'unknown', detail: 'noAnswer' });
    expect(vp.jobs()).toHaveLength(0);
  });

  it('answers DLE EOT with paper out / cover open / near end', async () => {
    const vp = await printer();
    vp.setPaperState({ paperOut: true });
    expect((await queryPrinterStatus(vp.url, { timeoutMs: 2000 })).state).toBe('paperOut');
    vp.setPaperState({ paperOut: false, coverOpen: true });
    expect((await queryPrinterStatus(vp.url, { timeoutMs: 2000 })).state).toBe('coverOpen');
    vp.setPaperState({ coverOpen: false, paperNearEnd: true });
    expect(await queryPrinterStatus(vp.url, { timeoutMs: 2000 })).toEqual({ state: 'ready', detail: 'paperNearEnd' });
  });

  it('answers a raw DLE EOT 1 with one realistic status byte', async () => {
    const vp = await printer();
    const answer = await new Promise<Buffer>((resolve, reject) => {
      const socket = net.connect(vp.port, '127.0.0.1', () => socket.write(Buffer.from([0x10, 0x04, 0x01])));
      socket.once('data', (d) => {
        socket.destroy();
        resolve(d);
      });
      socket.on('error', reject);
    });
    expect([...answer]).toEqual([0x12]);
  });

  it('continues numbering after the jobs already in the folder', async () => {
    const vp = await printer();
    await sendToPrinter(vp.url, Buffer.from('a\n'), { timeoutMs: 3000 });
    await vp.waitForJobs(1, 3000);
    await vp.close();
    const again = await startVirtualPrinter({ port: 0, outDir: vp.outDir, png: false });
    open.push(again);
    await sendToPrinter(again.url, Buffer.from('b\n'), { timeoutMs: 3000 });
    expect((await again.waitForJobs(1, 3000))[0]!.name).toBe('job-000002');
  });
});
