/** Sample receipt data for tests, the preview and demos (fictional store, masked customer data). */
import type { SaleReceiptData } from '../src-shared/receipt/sale-receipt';

export function sampleSaleReceiptData(overrides: Partial<SaleReceiptData> = {}): SaleReceiptData {
  return {
    store: { name: '星河随身WiFi营业厅', address: '上海市浦东新区世纪大道100号1层A05', phone: '021-5888 0001' },
    terminalCode: 'T01',
    clerkName: '王小明',
    receiptNo: 'T01-20240315-0007',
    saleId: '6f1c2b9e-3d4a-4b8e-9a51-0c7d2e4f8a10',
    issuedAt: '2024-03-15T06:05:00.000Z',
    timeZone: 'Asia/Shanghai',
    customer: { holderName: '张*', idMasked: '110***********002X', deviceMasked: '4901********7518' },
    plan: { code: 'M30', nameZh: '月享30G流量包', nameEn: 'Monthly 30 GB Data' },
    termMonths: 3,
    previousExpiry: '2024-03-31T15:59:59.000Z',
    newExpiry: '2024-06-30',
    priceFen: 23850,
    payments: [
      { method: 'cash', amountFen: 20000 },
      { method: 'alipay', amountFen: 3850, reference: '2024031522001400551234567890' },
    ],
    cashTenderedFen: 20000,
    changeFen: 0,
    status: 'pending',
    footer: '请妥善保管本收据，凭此办理售后。\nKeep this receipt as proof of payment.',
    ...overrides,
  };
}

/** A verify URL as a terminal prints it (fixed test key; the signature is real for the sample sale id). */
export const SAMPLE_VERIFY_BASE = 'https://hq.example.cn';
export const SAMPLE_RECEIPT_KEY_B64 = Buffer.alloc(32, 0x2a).toString('base64');
