export { startVirtualPrinter, statusByte } from './server';
export type { VirtualPrinter, VirtualPrinterJob, VirtualPrinterMode, VirtualPrinterOptions, VirtualPrinterPaperState } from './server';
export { decodeEscPos, transcriptOf, isStatusQueryOnly } from './decoder';
export type { DecodedItem, DecodedJob, Dialect } from './decoder';
export { renderPaperPng, paperFont } from './paper-image';
export { readVirtualPrinterSettings } from './settings';
export type { VirtualPrinterSettings } from './settings';
