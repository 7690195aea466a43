import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { layoutReceipt } from '../../src-shared/receipt/model';
import { buildSaleReceipt } from '../../src-shared/receipt/sale-receipt';
import { SAMPLE_RECEIPT_KEY_B64, SAMPLE_VERIFY_BASE, sampleSaleReceiptData } from '../../test-support/receipt-fixtures';
import { receiptVerifyUrl } from '../../src-shared/receipt/sale-receipt';
import { receiptSignature } from '../../src-node/crypto/receipt-signature';
import { displayWidth } from '../../src-shared/receipt/width';
import { EPSON_CHINESE_MODE_ON, EPSON_DRAWER_KICK, encodePrinterText, renderEscPos } from './escpos';
import { decodeEscPos, transcriptOf } from '../../tools/virtual-printer/decoder';

const data = sampleSaleReceiptData();
const doc = buildSaleReceipt(data, { language: 'zh-CN' });

describe('renderEscPos (epson)', () => {
  const lines = layoutReceipt(doc, 32);
  const bytes = renderEscPos(lines, { type: 'epson', openDrawer: true, cut: true, columns: 32 });

  it('starts with ESC @, selects Chinese mode and sends Chinese as GB18030', () => {
    expect([...bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]);
    expect(bytes.includes(EPSON_CHINESE_MODE_ON)).toBe(true);
    expect(bytes.includes(iconv.encode('星河随身WiFi营业厅', 'gb18030'))).toBe(true);
    expect(bytes.includes(Buffer.from('星河', 'utf8'))).toBe(false);
  });
  it('sends ¥ as 0x5C under the Japan international set', () => {
    expect([...encodePrinterText('¥1')]).toEqual([0x5c, 0x31]);
    expect(bytes.includes(Buffer.from([0x1b, 0x52, 0x08]))).toBe(true);
  });
  it('has a native QR store command with the payload, a drawer kick and a full cut', () => {
    const payload = `CT1|${data.receiptNo}|${data.saleId}`;
    const len = payload.length + 3;
    expect(bytes.includes(Buffer.concat([Buffer.from([0x1d, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, 0x50, 0x30]), Buffer.from(payload)]))).toBe(true);
    expect(bytes.includes(Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]))).toBe(true);
    expect(bytes.includes(EPSON_DRAWER_KICK)).toBe(true);
    expect(bytes.includes(Buffer.from([0x1d, 0x56, 0x00]))).toBe(true);
  });
  it('omits the drawer kick and the cut when not asked', () => {
    const plain = renderEscPos(lines, { type: 'epson', openDrawer: false, cut: false });
    expect(plain.includes(Buffer.from([0x1b, 0x70]))).toBe(false);
    expect(plain.includes(Buffer.from([0x1d, 0x56]))).toBe(false);
  });
  it('decodes back to the same lines, alignment, bold and size', () => {
    const decoded = decodeEscPos(bytes);
    expect(decoded.unknownCommands).toEqual([]);
    const texts = decoded.items.filter((i) => i.kind === 'text' && i.text !== '');
    const expected = lines.filter((l) => l.kind === 'text' && l.text.trim() !== '');
    expect(texts).toHaveLength(expected.length);
    expected.forEach((line, k) => {
      if (line.kind !== 'text') return;
      const got = texts[k]!;
      if (got.kind !== 'text') return;
      expect(got.text).toBe(line.align === 'left' ? line.text.trimEnd() : line.text.trim());
      expect(got.align).toBe(line.align);
      expect(got.bold).toBe(line.bold);
      expect(got.widthMul).toBe(line.doubleSize ? 2 : 1);
    });
    expect(decoded.items.filter((i) => i.kind === 'drawer')).toHaveLength(1);
    expect(decoded.items.filter((i) => i.kind === 'cut')).toHaveLength(1);
    const transcript = transcriptOf(decoded, 32, displayWidth);
    for (const line of transcript.split('\n')) if (!line.startsWith('[')) expect(displayWidth(line)).toBeLessThanOrEqual(32);
  });
});

describe('renderEscPos (star)', () => {
  it('uses Star Line Mode commands and still decodes to the same content', () => {
    const lines = layoutReceipt(doc, 48);
    const bytes = renderEscPos(lines, { type: 'star', openDrawer: true, cut: true, columns: 48 });
    expect(bytes.includes(Buffer.from([0x1b, 0x70]))).toBe(true); // ESC p: Kanji mode
    expect(bytes.includes(Buffer.from([0x1b, 0x1d, 0x79, 0x50]))).toBe(true); // QR print
    expect(bytes.includes(Buffer.from([0x1b, 0x64, 0x02]))).toBe(true); // full cut
    const decoded = decodeEscPos(bytes, { dialect: 'star' });
    const transcript = transcriptOf(decoded, 48, displayWidth);
    expect(transcript).toContain('星河随身WiFi营业厅');
    expect(transcript).toContain('110***********002X');
    expect(transcript).toContain('¥238.50');
    expect(transcript).toContain(`[QR CT1|${data.receiptNo}|${data.saleId}]`);
    expect(transcript).toContain('[CUT]');
    expect(transcript).toContain('[DRAWER KICK');
  });
});

describe('the verify-URL QR (issue 15 item 6) on 58 and 80 mm paper', () => {
  const url = receiptVerifyUrl(SAMPLE_VERIFY_BASE, data.saleId, receiptSignature(SAMPLE_RECEIPT_KEY_B64, data.saleId));
  const signed = buildSaleReceipt({ ...data, verifyUrl: url, invoice: { email: 'finance@example.cn' } }, { language: 'bilingual' });
  for (const [columns, type] of [[32, 'epson'], [48, 'epson'], [32, 'star'], [48, 'star']] as const) {
    it(`${columns === 32 ? 58 : 80} mm ${type}: the QR command carries the URL, decoded back; every line fits`, () => {
      const bytes = renderEscPos(layoutReceipt(signed, columns), { type, openDrawer: false, cut: true, columns });
      if (type === 'epson') {
        const len = url.length + 3;
        expect(bytes.includes(Buffer.concat([Buffer.from([0x1d, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, 0x50, 0x30]), Buffer.from(url)]))).toBe(true);
      }
      const transcript = transcriptOf(decodeEscPos(bytes, { dialect: type }), columns, displayWidth);
      expect(transcript).toContain(`[QR ${url}]`);
      expect(transcript).not.toContain('CT1|');
      expect(transcript).toContain('finance@example.cn');
      for (const line of transcript.split('\n')) if (!line.startsWith('[')) expect(displayWidth(line)).toBeLessThanOrEqual(columns);
    });
  }
});

describe('decodeEscPos robustness', () => {
  it('skips unknown commands and keeps decoding', () => {
    const bytes = Buffer.concat([
      Buffer.from([0x1b, 0x40, 0x1c, 0x26]),
      Buffer.from([0x1b, 0x7a]), // unknown ESC z
      iconv.encode('你好', 'gb18030'),
      Buffer.from([0x0a]),
      Buffer.from([0x1d, 0x28, 0x4c, 0x02, 0x00, 0x30, 0x45]), // GS ( L with 2 params: skipped by length
      Buffer.from('ok\n'),
    ]);
    const decoded = decodeEscPos(bytes);
    expect(decoded.items.flatMap((i) => (i.kind === 'text' ? [i.text] : []))).toEqual(['你好', 'ok']);
    expect(decoded.unknownCommands).toEqual(['1b 7a']);
  });
  it('never throws on random bytes', () => {
    let seed = 7;
    for (let run = 0; run < 200; run += 1) {
      const bytes = Buffer.alloc(64);
      for (let k = 0; k < bytes.length; k += 1) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        bytes[k] = seed & 0xff;
      }
      expect(() => decodeEscPos(bytes)).not.toThrow();
      expect(() => decodeEscPos(bytes, { dialect: 'star' })).not.toThrow();
    }
  });
});
