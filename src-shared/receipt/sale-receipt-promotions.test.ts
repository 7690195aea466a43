import { describe, expect, it } from 'vitest';
import { layoutReceipt } from './model';
import { buildSaleReceipt } from './sale-receipt';
import { sampleSaleReceiptData } from '../../test-support/receipt-fixtures';

const paper = (doc: ReturnType<typeof buildSaleReceipt>, columns: 32 | 48 = 48) =>
  layoutReceipt(doc, columns)
    .map((line) => (line.kind === 'text' ? line.text : ''))
    .join('\n');

describe('sale receipt with promotions', () => {
  const base = sampleSaleReceiptData();
  const withPromos = { ...base, listPriceFen: base.priceFen + 2_180, discounts: [{ nameZh: '限时八折', nameEn: '20% off', discountFen: 1_680 }, { nameZh: '满60减5', nameEn: 'Spend 60 save 5', discountFen: 500 }] };

  it('lists the list price and each discount before the total, in the receipt language', () => {
    for (const columns of [32, 48] as const) {
      const zh = paper(buildSaleReceipt(withPromos, { language: 'zh-CN' }), columns);
      expect(zh).toMatch(/原价\s+¥\d/);
      expect(zh).toMatch(/优惠 限时八折\s+-¥16\.80/);
      expect(zh).toMatch(/优惠 满60减5\s+-¥5\.00/);
      expect(zh.indexOf('原价')).toBeLessThan(zh.indexOf('合计'));
    }
    const en = paper(buildSaleReceipt(withPromos, { language: 'en' }));
    expect(en).toMatch(/Discount 20% off\s+-¥16\.80/);
    expect(en).toMatch(/List price/);
  });

  it('without promotions the receipt has no discount lines', () => {
    const zh = paper(buildSaleReceipt(base, { language: 'zh-CN' }));
    expect(zh).not.toContain('优惠');
    expect(zh).not.toContain('原价');
  });
});
