import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { layoutReceipt } from '../../src-shared/receipt/model';
import { buildSaleReceipt } from '../../src-shared/receipt/sale-receipt';
import { sampleSaleReceiptData } from '../../test-support/receipt-fixtures';
import { ReceiptPreview } from './ReceiptPreview';

describe('ReceiptPreview', () => {
  for (const columns of [32, 48] as const) {
    it(`draws every laid-out line in a grid ${columns} cells wide`, () => {
      const lines = layoutReceipt(buildSaleReceipt(sampleSaleReceiptData(), { language: 'zh-CN' }), columns);
      const html = renderToStaticMarkup(createElement(ReceiptPreview, { lines, columns, cellPx: 10 }));
      const rows = html.match(/<div style="display:flex;height:[^"]*"[^>]*>.*?<\/div>/g) ?? [];
      const textLines = lines.filter((l) => l.kind === 'text');
      expect(rows).toHaveLength(textLines.length);
      rows.forEach((row, i) => {
        const widths = [...row.matchAll(/width:(\d+)px/g)].map((m) => Number(m[1]));
        const total = widths.reduce((a, b) => a + b, 0);
        // Each row is exactly the paper width: columns x 10 px (a double-size row has half the cells, twice as wide).
        expect(total, `row ${i}: ${textLines[i]!.kind === 'text' ? textLines[i]!.text : ''}`).toBe(columns * 10);
      });
      expect(html).toContain('星');
      expect(html).toContain(`data-qr-payload="CT1|T01-20240315-0007|`);
    });
  }
});
