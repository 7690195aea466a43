/**
 * Laid-out receipt lines -> printer bytes (ESC/POS for Epson-compatible printers, Star Line Mode for
 * Star), built with node-thermal-printer's command builder (no live connection: we only take its
 * buffer). Text is encoded by us as GB18030 in the printer's Chinese (double-byte) mode, because
 * the library's own text path folds by UTF-16 length and encodes Chinese as EUC-CN per character.
 *
 * Conventions the virtual printer's decoder relies on (see virtual-printer/decoder.ts):
 * - ESC R 8 (international character set Japan) is selected, so byte 0x5C prints "¥"; we send
 *   U+00A5 "¥" as 0x5C and a literal backslash as "/".
 * - Epson: FS & enters Chinese mode; Star: ESC p (Kanji mode). Then every byte >= 0x81 starts a
 *   GB18030 character.
 * - Each text line: alignment, size, bold, the text trimmed of its padding, LF.
 */
import iconv from 'iconv-lite';
import { ThermalPrinter, PrinterTypes } from 'node-thermal-printer';
import type { ReceiptLine, ReceiptTextLine } from '../../src-shared/receipt/model';

export type PrinterType = 'epson' | 'star';

export interface EscPosOptions {
  type: PrinterType;
  openDrawer: boolean;
  cut: boolean;
  /** Paper columns (32 = 58 mm, 48 = 80 mm); picks the QR cell size. Default 48. */
  columns?: 32 | 48;
}

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;

/** Epson: ESC p m t1 t2 — pulse on pin 2, 50 ms on, 500 ms off. */
export const EPSON_DRAWER_KICK = Buffer.from([ESC, 0x70, 0x00, 0x19, 0xfa]);
/** Epson: FS & — select Chinese (double-byte) character mode. */
export const EPSON_CHINESE_MODE_ON = Buffer.from([FS, 0x26]);
/** Star Line Mode: ESC p — select Kanji (double-byte) character mode. */
export const STAR_KANJI_MODE_ON = Buffer.from([ESC, 0x70]);
/** ESC R 8: international character set Japan (0x5C prints ¥) — same bytes on Epson and Star. */
export const SELECT_YEN_CHARSET = Buffer.from([ESC, 0x52, 0x08]);

/** Encode one line of text for a printer in Chinese mode. */
export function encodePrinterText(text: string): Buffer {
  const mapped = text.replace(/\\/g, '/').replace(/\u00a5/g, '\\');
  return iconv.encode(mapped, 'gb18030');
}

function newBuilder(type: PrinterType): ThermalPrinter {
  // No interface: node-thermal-printer only builds the buffer; sending is printer-connection.ts.
  return new ThermalPrinter({
    type: type === 'star' ? PrinterTypes.STAR : PrinterTypes.EPSON,
    interface: '',
  });
}

function align(builder: ThermalPrinter, value: ReceiptTextLine['align']): void {
  if (value === 'center') builder.alignCenter();
  else if (value === 'right') builder.alignRight();
  else builder.alignLeft();
}

function setSize(builder: ThermalPrinter, type: PrinterType, double: boolean): void {
  // Epson: GS ! n (applies to ANK and Chinese characters alike); Star: ESC i n1 n2.
  if (type === 'epson') builder.setTextSize(double ? 1 : 0, double ? 1 : 0);
  else if (double) builder.setTextQuadArea();
  else builder.setTextNormal();
}

function feed(builder: ThermalPrinter, type: PrinterType, lines: number): void {
  const n = Math.max(0, Math.min(255, Math.floor(lines)));
  if (n === 0) return;
  // Epson ESC d n (print and feed n lines); Star ESC a n (feed n lines).
  builder.add(Buffer.from([ESC, type === 'epson' ? 0x64 : 0x61, n]));
}

/** The text a printer should get for a laid-out line: its padding removed, the printer aligns it. */
function printableText(line: ReceiptTextLine): string {
  return line.align === 'left' ? line.text.trimEnd() : line.text.trim();
}

function qrCommand(builder: ThermalPrinter, type: PrinterType, payload: string, cellSize: number): void {
  if (type === 'epson' && /^[\x20-\x7e]*$/.test(payload)) {
    builder.printQR(payload, { cellSize, correction: 'M', model: 2 });
    return;
  }
  // Built here: for a non-ASCII payload the library counts UTF-16 units instead of bytes, and its
  // Star QR omits the "ESC GS y D 1" header before the data length (node-thermal-printer 4.6.1), so
  // a Star printer would read the length byte 0x07 as BEL (drawer kick).
  const data = Buffer.from(payload, 'utf8');
  if (type === 'epson') {
    builder.add(Buffer.from([GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00])); // model 2
    builder.add(Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, cellSize])); // module size
    builder.add(Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31])); // correction M
    const len = data.length + 3;
    builder.add(Buffer.concat([Buffer.from([GS, 0x28, 0x6b, len % 256, Math.floor(len / 256), 0x31, 0x50, 0x30]), data]));
    builder.add(Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]));
  } else {
    builder.add(Buffer.from([ESC, GS, 0x79, 0x53, 0x30, 0x02])); // model 2
    builder.add(Buffer.from([ESC, GS, 0x79, 0x53, 0x31, 0x01])); // correction M
    builder.add(Buffer.from([ESC, GS, 0x79, 0x53, 0x32, cellSize])); // cell size
    builder.add(Buffer.concat([Buffer.from([ESC, GS, 0x79, 0x44, 0x31, 0x00, data.length % 256, Math.floor(data.length / 256)]), data]));
    builder.add(Buffer.from([ESC, GS, 0x79, 0x50]));
  }
}

/** Render laid-out receipt lines to the bytes a thermal printer prints. */
export function renderEscPos(lines: ReceiptLine[], opts: EscPosOptions): Buffer {
  const { type } = opts;
  const builder = newBuilder(type);
  const qrCellSize = (opts.columns ?? 48) === 32 ? 5 : 7;

  builder.add(Buffer.from([ESC, 0x40])); // ESC @: initialize
  builder.add(SELECT_YEN_CHARSET);
  builder.add(type === 'epson' ? EPSON_CHINESE_MODE_ON : STAR_KANJI_MODE_ON);
  if (opts.openDrawer) {
    if (type === 'epson') builder.add(EPSON_DRAWER_KICK);
    else builder.openCashDrawer(); // Star: ESC BEL n1 n2 BEL
  }

  let bold = false;
  let double = false;
  for (const line of lines) {
    if (line.kind === 'feed') {
      feed(builder, type, line.lines);
      continue;
    }
    if (line.kind === 'qr') {
      if (double) setSize(builder, type, (double = false));
      builder.alignCenter();
      qrCommand(builder, type, line.payload, qrCellSize);
      builder.newLine();
      builder.alignLeft();
      continue;
    }
    align(builder, line.align);
    if (line.doubleSize !== double) setSize(builder, type, (double = line.doubleSize));
    if (line.bold !== bold) builder.bold((bold = line.bold));
    builder.add(encodePrinterText(printableText(line)));
    builder.newLine();
  }
  if (bold) builder.bold(false);
  if (double) setSize(builder, type, false);
  builder.alignLeft();

  if (opts.cut) {
    feed(builder, type, 4); // bring the last line past the cutter
    builder.cut({ verticalTabAmount: 0 }); // full cut, then ESC @
  } else {
    feed(builder, type, 2);
  }
  return Buffer.from(builder.getBuffer());
}
