/**
 * A print job's payload -> the receipt document -> laid-out lines -> printer bytes, for the printer
 * settings in force when the job prints (language, paper width, printer type). The preview uses the
 * same `linesForPayload`, so screen and paper agree.
 */
import type { LocalSettings } from '../app-context';
import { layoutReceipt, type PaperColumns, type ReceiptDocument, type ReceiptLine } from '../../src-shared/receipt/model';
import {
  buildReportReceipt,
  buildSaleReceipt,
  buildVoidReceipt,
  receiptLabeler,
  type ReceiptLanguage,
  type ReportReceiptData,
} from '../../src-shared/receipt/sale-receipt';
import { formatLocalDateTime } from '../../src-shared/domain/time';
import { renderEscPos } from './escpos';
import type { PrintPayload } from './print-payload';

export type PrintSettings = Pick<LocalSettings, 'printerType' | 'paperWidth' | 'receiptLanguage'> & {
  /** The store's zone for the test page's time (default Asia/Shanghai). */
  timeZone?: string;
};

/** 58 mm paper = 32 columns, 80 mm = 48. */
export function columnsForPaper(paperWidth: 58 | 80): PaperColumns {
  return paperWidth === 58 ? 32 : 48;
}

function reportData(payload: Extract<PrintPayload, { type: 'report' }>): ReportReceiptData {
  const input = payload.input as Partial<ReportReceiptData> | null | undefined;
  return {
    title: payload.title,
    sections: Array.isArray(input?.sections) ? input.sections : [],
    ...(input?.headerLines ? { headerLines: input.headerLines } : {}),
    ...(input?.mark ? { mark: input.mark } : {}),
    ...(input?.footerLines ? { footerLines: input.footerLines } : {}),
    ...(input?.qrPayload ? { qrPayload: input.qrPayload } : {}),
    ...(input?.opensDrawer === true ? { opensDrawer: true } : {}),
  };
}

/** The test page: proves text in both scripts, the width, alignment, the QR and the cut. */
function testPageDocument(language: ReceiptLanguage, settings: PrintSettings, at: Date): ReceiptDocument {
  const l = receiptLabeler(language);
  const columns = columnsForPaper(settings.paperWidth);
  return buildReportReceipt({
    title: l.pick('打印测试', 'Printer test'),
    headerLines: [formatLocalDateTime(at, settings.timeZone)],
    sections: [
      {
        rows: [
          { label: l.pick('打印机', 'Printer'), value: settings.printerType === 'star' ? 'Star' : 'Epson' },
          { label: l.pick('纸宽', 'Paper'), value: `${settings.paperWidth} mm / ${columns}` },
          { label: l.pick('语言', 'Language'), value: language },
          { label: '中文 ABC 123', value: '¥1,234.50', emphasis: true },
        ],
      },
    ],
    footerLines: ['1234567890'.repeat(Math.ceil(columns / 10)).slice(0, columns), l.pick('测试完成', 'Test complete')],
    qrPayload: 'CT1|TEST|0',
  });
}

/** The document a payload prints as, in the given language. */
export function documentForPayload(payload: PrintPayload, settings: PrintSettings, at: Date): ReceiptDocument {
  const language = settings.receiptLanguage;
  switch (payload.type) {
    case 'sale':
      return buildSaleReceipt(payload.data, { language, reprintCount: payload.reprintCount });
    case 'void':
      return buildVoidReceipt(payload.data, { language });
    case 'report':
      return buildReportReceipt(reportData(payload));
    case 'test':
      return testPageDocument(language, settings, at);
  }
}

/** Laid-out lines of a payload for the configured paper. */
export function linesForPayload(payload: PrintPayload, settings: PrintSettings, at: Date): { columns: PaperColumns; lines: ReceiptLine[]; document: ReceiptDocument } {
  const columns = columnsForPaper(settings.paperWidth);
  const document = documentForPayload(payload, settings, at);
  return { columns, lines: layoutReceipt(document, columns), document };
}

/**
 * The bytes of a job. The drawer opens only when the job asks for it (`openDrawer`, set by the sale
 * for cash taken) AND the document allows it (a reprint never opens it).
 */
export function bytesForPayload(payload: PrintPayload, openDrawer: boolean, settings: PrintSettings, at: Date): Buffer {
  const { columns, lines, document } = linesForPayload(payload, settings, at);
  return renderEscPos(lines, {
    type: settings.printerType,
    openDrawer: openDrawer && document.openDrawer !== false && !(payload.type === 'sale' && payload.reprintCount > 0),
    cut: document.cut,
    columns,
  });
}
