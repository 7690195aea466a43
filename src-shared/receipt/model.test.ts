import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layoutReceipt, printedWidth, sanitizeReceiptText, type ReceiptBlock, type ReceiptDocument } from './model';
import { buildReportReceipt, buildSaleReceipt, buildVoidReceipt } from './sale-receipt';
import { sampleSaleReceiptData } from '../../test-support/receipt-fixtures';
import { displayWidth } from './width';

function textLines(doc: ReceiptDocument, columns: 32 | 48) {
  return layoutReceipt(doc, columns).flatMap((line) => (line.kind === 'text' ? [line] : []));
}

describe('layoutReceipt', () => {
  it('centers a double-size title in half the columns', () => {
    const lines = textLines({ blocks: [{ kind: 'title', text: '星河营业厅' }], cut: true }, 32);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ bold: true, doubleSize: true, align: 'center' });
    expect(displayWidth(lines[0]!.text)).toBe(16);
    expect(lines[0]!.text.trim()).toBe('星河营业厅');
  });
  it('falls back to normal size when a title is too wide for double size', () => {
    const lines = textLines({ blocks: [{ kind: 'mark', text: '待总部确认 / PENDING HQ' }], cut: true }, 32);
    const mark = lines.find((l) => l.text.includes('PENDING'))!;
    expect(mark.doubleSize).toBe(false);
    expect(mark.bold).toBe(true);
  });
  it('strips control characters so data cannot inject printer commands', () => {
    expect(sanitizeReceiptText('张\u001bp\u0000三\t!')).toBe('张p三 !');
    const lines = textLines({ blocks: [{ kind: 'text', text: 'A\u001d\u0056\u0000B' }], cut: true }, 32);
    expect(lines[0]!.text.trim()).toBe('AVB');
  });
  it('keeps QR and feed lines as their own kinds', () => {
    const out = layoutReceipt({ blocks: [{ kind: 'qr', payload: 'CT1|R|S', caption: '扫码' }, { kind: 'feed', lines: 3 }], cut: true }, 48);
    expect(out[0]).toEqual({ kind: 'qr', payload: 'CT1|R|S' });
    expect(out.at(-1)).toEqual({ kind: 'feed', lines: 3 });
  });
  it('rejects a paper width other than 32 or 48', () => {
    expect(() => layoutReceipt({ blocks: [], cut: true }, 40 as 32)).toThrow(RangeError);
  });

  for (const columns of [32, 48] as const) {
    it(`every line of the real receipts is exactly ${columns} printed columns`, () => {
      const docs = [
        buildSaleReceipt(sampleSaleReceiptData(), { language: 'zh-CN' }),
        buildSaleReceipt(sampleSaleReceiptData({ status: 'confirmed' }), { language: 'en', reprintCount: 3 }),
        buildSaleReceipt(sampleSaleReceiptData(), { language: 'bilingual', reprintCount: 1 }),
        buildVoidReceipt(
          {
            store: sampleSaleReceiptData().store,
            terminalCode: 'T01',
            clerkName: '王小明',
            originalReceiptNo: 'T01-20240315-0007',
            saleId: 'sale-1',
            voidedAt: '2024-03-15T07:00:00Z',
            timeZone: 'Asia/Shanghai',
            reason: '客户选错套餐，当日撤销',
            refunds: [{ method: 'cash', amountFen: 23850 }],
          },
          { language: 'bilingual' },
        ),
        buildReportReceipt({ title: 'Z 报表', sections: [{ heading: '现金', rows: [{ label: '应有', value: '¥1,000.00' }] }] }),
      ];
      for (const doc of docs) {
        for (const line of textLines(doc, columns)) expect(printedWidth(line)).toBe(columns);
      }
    });

    it(`never exceeds ${columns} columns for any text (property)`, () => {
      const alphabet = fc.constantFrom('a', 'W', '9', ' ', ' ', '续', '费', '，', '¥', '\n', 'ｘ', '—');
      const text = fc.array(alphabet, { maxLength: 120 }).map((a) => a.join(''));
      const block: fc.Arbitrary<ReceiptBlock> = fc.oneof(
        fc.record({ kind: fc.constant('title' as const), text }),
        fc.record({ kind: fc.constant('text' as const), text, align: fc.constantFrom('left' as const, 'center' as const, 'right' as const) }),
        fc.record({ kind: fc.constant('mark' as const), text }),
        fc.record({ kind: fc.constant('keyValue' as const), rows: fc.array(fc.record({ label: text, value: text }), { maxLength: 3 }) }),
        fc.record({
          kind: fc.constant('items' as const),
          items: fc.array(fc.record({ name: text, detail: text, amount: text }), { maxLength: 3 }),
        }),
        fc.record({ kind: fc.constant('payments' as const), rows: fc.array(fc.record({ label: text, value: text, reference: text }), { maxLength: 2 }) }),
        fc.record({ kind: fc.constant('footer' as const), lines: fc.array(text, { maxLength: 3 }) }),
      );
      fc.assert(
        fc.property(fc.array(block, { maxLength: 6 }), (blocks) => {
          for (const line of textLines({ blocks, cut: true }, columns)) {
            expect(printedWidth(line)).toBe(columns);
            expect([...line.text].some((ch) => ch.charCodeAt(0) < 0x20)).toBe(false);
          }
        }),
        { numRuns: 150 },
      );
    });
  }
});
