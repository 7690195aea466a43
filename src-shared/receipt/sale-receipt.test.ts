import { describe, expect, it } from 'vitest';
import { layoutReceipt } from './model';
import { buildReportReceipt, buildSaleReceipt, buildVoidReceipt, receiptQrPayload, receiptVerifyUrl, type VoidReceiptData } from './sale-receipt';
import { sampleSaleReceiptData } from '../../test-support/receipt-fixtures';

function paper(doc: ReturnType<typeof buildSaleReceipt>, columns: 32 | 48 = 48): string {
  return layoutReceipt(doc, columns)
    .map((line) => (line.kind === 'text' ? line.text : line.kind === 'qr' ? `[QR ${line.payload}]` : ''))
    .join('\n');
}

describe('the receipt that proves itself (issue 15 items 6, 7)', () => {
  const data = sampleSaleReceiptData();
  const url = receiptVerifyUrl('https://hq.example.cn/', data.saleId, 'AbCdEfGhIjKlMnOpQrStUv');

  it('the verify URL is <base>/r/<saleId>?s=<signature>, no raw ID in it', () => {
    expect(url).toBe(`https://hq.example.cn/r/${data.saleId}?s=AbCdEfGhIjKlMnOpQrStUv`);
  });

  for (const columns of [32, 48] as const) {
    it(`with a verify URL the QR holds it, at ${columns === 32 ? 58 : 80} mm; without, the offline payload`, () => {
      const signed = layoutReceipt(buildSaleReceipt({ ...data, verifyUrl: url }, { language: 'zh-CN' }), columns);
      expect(signed.filter((l) => l.kind === 'qr').map((l) => (l.kind === 'qr' ? l.payload : ''))).toEqual([url]);
      const offline = layoutReceipt(buildSaleReceipt({ ...data, verifyUrl: null }, { language: 'zh-CN' }), columns);
      expect(offline.filter((l) => l.kind === 'qr').map((l) => (l.kind === 'qr' ? l.payload : ''))).toEqual([receiptQrPayload(data.receiptNo, data.saleId)]);
    });

    it(`says an e-invoice was requested, with the address, at ${columns === 32 ? 58 : 80} mm in both languages`, () => {
      const zh = paper(buildSaleReceipt({ ...data, invoice: { email: 'finance@example.cn' } }, { language: 'zh-CN' }), columns);
      expect(zh).toContain('已申请电子发票');
      expect(zh).toContain('finance@example.cn');
      const en = paper(buildSaleReceipt({ ...data, invoice: { email: 'finance@example.cn' } }, { language: 'en' }), columns);
      expect(en).toContain('E-invoice requested');
      expect(paper(buildSaleReceipt(data, { language: 'zh-CN' }), columns)).not.toContain('发票');
    });
  }

  it('the void slip carries the sale’s verify URL too', () => {
    const slip = buildVoidReceipt(
      { store: data.store, terminalCode: 'T01', clerkName: '王小明', originalReceiptNo: data.receiptNo, saleId: data.saleId, voidedAt: data.issuedAt, timeZone: data.timeZone, reason: '顾客取消', refunds: [], verifyUrl: url },
      { language: 'zh-CN' },
    );
    expect(paper(slip)).toContain(`[QR ${url}]`);
  });
});

describe('buildSaleReceipt', () => {
  const data = sampleSaleReceiptData();

  it('holds everything the customer needs, in Chinese', () => {
    const doc = buildSaleReceipt(data, { language: 'zh-CN' });
    const text = paper(doc);
    for (const expected of [
      '星河随身WiFi营业厅',
      '上海市浦东新区世纪大道100号1层A05',
      '021-5888 0001',
      '续费收据',
      'T01-20240315-0007',
      data.saleId,
      '2024-03-15 14:05', // 06:05Z in Asia/Shanghai
      '王小明',
      '张*',
      '110***********002X',
      '4901********7518',
      '月享30G流量包',
      '3个月',
      '2024-03-31', // previous expiry 15:59:59Z = 23:59:59 local
      '2024-06-30',
      '¥238.50',
      '¥200.00',
      '¥38.50',
      '2024031522001400551234567890',
      '找零',
      '已受理',
      '总部确认后几分钟内生效',
      '请妥善保管本收据',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain(`[QR ${receiptQrPayload(data.receiptNo, data.saleId)}]`);
    expect(receiptQrPayload('R1', 'S1')).toBe('CT1|R1|S1');
    expect(text).not.toContain('Renewal');
    // no loud banner inviting questions: a calm line saying when the renewal takes effect
    expect(text).not.toContain('待总部确认');
    expect(doc.cut).toBe(true);
    expect(doc.openDrawer).toBe(true);
  });

  it('uses English labels in English and "中文 / English" labels when bilingual', () => {
    const en = paper(buildSaleReceipt(data, { language: 'en' }));
    expect(en).toContain('Renewal Receipt');
    expect(en).toContain('Monthly 30 GB Data');
    expect(en.replace(/\s+/g, ' ')).toContain('It takes effect within minutes of HQ confirming it.');
    expect(en).not.toContain('PENDING');
    expect(en).not.toContain('收据号');
    const both = paper(buildSaleReceipt(data, { language: 'bilingual' }));
    expect(both).toContain('收据号 / Receipt No.');
    expect(both).toContain('现金 / Cash');
    expect(both).toContain('已受理 / Accepted');
    expect(both).not.toContain('PENDING');
  });

  it('marks reprints, does not open the drawer for them, and drops the pending mark once confirmed', () => {
    const reprint = buildSaleReceipt(sampleSaleReceiptData({ status: 'confirmed' }), { language: 'bilingual', reprintCount: 2 });
    const text = paper(reprint);
    expect(text).toContain('重印 / REPRINT #2');
    expect(text).not.toContain('PENDING');
    expect(text).toContain('已确认 / Confirmed');
    expect(reprint.openDrawer).toBe(false);
  });

  it('opens the drawer only when cash was taken', () => {
    const card = buildSaleReceipt(
      sampleSaleReceiptData({ payments: [{ method: 'card', amountFen: 23850, reference: 'POS-88' }], cashTenderedFen: null, changeFen: null }),
      { language: 'zh-CN' },
    );
    expect(card.openDrawer).toBe(false);
    expect(paper(card)).toContain('银行卡');
    expect(paper(card)).not.toContain('找零');
  });
});

describe('buildVoidReceipt', () => {
  const voidData: VoidReceiptData = {
    store: sampleSaleReceiptData().store,
    terminalCode: 'T01',
    clerkName: '王小明',
    originalReceiptNo: 'T01-20240315-0007',
    saleId: 'sale-9',
    voidedAt: '2024-03-15T08:30:00Z',
    timeZone: 'Asia/Shanghai',
    customer: { holderName: '张*', idMasked: '110***********002X', deviceMasked: '4901********7518' },
    plan: { code: 'M30', nameZh: '月享30G流量包', nameEn: 'Monthly 30 GB Data' },
    termMonths: 3,
    reason: '客户选错套餐',
    refunds: [
      { method: 'cash', amountFen: 20000 },
      { method: 'alipay', amountFen: 3850, reference: 'RF-1' },
    ],
  };
  it('shows the VOID mark, the original receipt, the reason and the refunds', () => {
    const doc = buildVoidReceipt(voidData, { language: 'bilingual' });
    const text = paper(doc, 32);
    expect(text).toContain('作废 / VOID');
    expect(text).toContain('T01-20240315-0007');
    expect(text).toContain('客户选错套餐');
    expect(text).toContain('¥238.50');
    expect(text).toContain('RF-1');
    expect(text).toContain('2024-03-15 16:30');
    expect(doc.openDrawer).toBe(true);
  });
});

describe('buildReportReceipt', () => {
  it('lays out sections of rows', () => {
    const doc = buildReportReceipt({
      title: 'Z 报表',
      headerLines: ['T01  2024-03-15'],
      mark: '重印 / REPRINT #1',
      sections: [{ heading: '现金', rows: [{ label: '应有', value: '¥1,000.00' }, { label: '差额', value: '-¥5.00', emphasis: true }] }],
      footerLines: ['end'],
    });
    const text = paper(doc, 32);
    expect(text).toContain('Z 报表');
    expect(text).toContain('-¥5.00');
    expect(text).toContain('重印 / REPRINT #1');
    expect(doc.openDrawer).toBe(false);
  });
});
