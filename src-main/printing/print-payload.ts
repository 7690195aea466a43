import type { SaleReceiptData, VoidReceiptData } from '../../src-shared/receipt/sale-receipt';

/**
 * What a print job stores (print_jobs.payload): the receipt's data, not its bytes, so the worker lays
 * it out for the printer and language configured when it prints, and a reprint adds its mark.
 */
export type PrintPayload =
  | { type: 'sale'; data: SaleReceiptData; reprintCount: number }
  | { type: 'void'; data: VoidReceiptData }
  | { type: 'report'; title: string; input: unknown }
  | { type: 'test' };
