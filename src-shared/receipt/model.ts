/**
 * The receipt document model and its layout onto paper columns.
 *
 * A `ReceiptDocument` says WHAT a receipt holds (typed blocks); `layoutReceipt` turns it into
 * `ReceiptLine[]`, already wrapped and padded to the paper width in display columns. That one
 * layout feeds both the ESC/POS renderer (src-main/printing/escpos.ts) and the on-screen preview
 * (src-renderer/components/ReceiptPreview.tsx), so what the clerk sees is what prints.
 * Pure: no DOM, no node:*.
 */
import { displayWidth, padToWidth, twoColumn, wrapToWidth, type Align } from './width';

export type { Align } from './width';

/** 58 mm paper = 32 columns, 80 mm paper = 48 columns (12x24 font A). */
export type PaperColumns = 32 | 48;
export const PAPER_COLUMNS: readonly PaperColumns[] = [32, 48];

export interface LabelValue {
  label: string;
  value: string;
}

export type ReceiptBlock =
  /** Centered, bold; double size when it fits (doubleSize defaults to true). */
  | { kind: 'title'; text: string; doubleSize?: boolean }
  /** Centered lines under the title (store address, phone). */
  | { kind: 'header'; lines: string[]; bold?: boolean }
  | { kind: 'text'; text: string; align?: Align; bold?: boolean }
  /** Label left, value right. */
  | { kind: 'keyValue'; rows: LabelValue[] }
  /** Item name + amount on one line, the detail (quantity / term) below, indented. */
  | { kind: 'items'; items: { name: string; detail?: string; amount: string }[] }
  /** Label left, value right; `emphasis` rows are bold. */
  | { kind: 'totals'; rows: (LabelValue & { emphasis?: boolean })[] }
  /** Label (method) left, amount right; the reference (if any) on the next line, indented. */
  | { kind: 'payments'; rows: (LabelValue & { reference?: string })[] }
  | { kind: 'separator'; char?: '-' | '=' | '*' }
  /** A QR code (payload), centered, optionally with a caption under it. */
  | { kind: 'qr'; payload: string; caption?: string }
  /** A loud centered mark: "重印 / REPRINT #2", "作废 / VOID", "待总部确认 / PENDING HQ". */
  | { kind: 'mark'; text: string }
  | { kind: 'footer'; lines: string[] }
  | { kind: 'feed'; lines: number };

export interface ReceiptDocument {
  blocks: ReceiptBlock[];
  /** Kick the cash drawer when this document prints (cash sales). */
  openDrawer?: boolean;
  cut: true;
}

export interface ReceiptTextLine {
  kind: 'text';
  /**
   * Exactly the paper width in display columns: `columns` for a normal line, `columns / 2` for a
   * double-size line (each of its characters prints twice as wide). Alignment is already applied
   * with spaces; `align` tells a printer which way to align the trimmed text to get the same result.
   */
  text: string;
  align: Align;
  bold: boolean;
  doubleSize: boolean;
}
export type ReceiptLine = ReceiptTextLine | { kind: 'qr'; payload: string } | { kind: 'feed'; lines: number };

/**
 * Remove what must never reach a printer from document text: control characters (ESC, GS, DLE...
 * would be read as printer commands), tabs become spaces. Newlines stay (they force a line break).
 */
export function sanitizeReceiptText(text: string): string {
  let out = '';
  for (const ch of text.replace(/\r\n?/g, '\n')) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\t') out += ' ';
    else if (ch === '\n' || !(cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))) out += ch;
  }
  return out;
}

function textLine(text: string, columns: number, align: Align, bold = false, doubleSize = false): ReceiptTextLine {
  const cells = doubleSize ? columns / 2 : columns;
  return { kind: 'text', text: padToWidth(text, cells, align), align, bold, doubleSize };
}

function wrapped(text: string, columns: number, align: Align, bold = false, doubleSize = false): ReceiptTextLine[] {
  const cells = doubleSize ? columns / 2 : columns;
  return wrapToWidth(sanitizeReceiptText(text), cells).map((line) => textLine(line, columns, align, bold, doubleSize));
}

function pairLines(label: string, value: string, columns: number, bold = false): ReceiptTextLine[] {
  const left = sanitizeReceiptText(label).replace(/\n/g, ' ');
  const right = sanitizeReceiptText(value).replace(/\n/g, ' ');
  return twoColumn(left, right, columns).map((line) => textLine(line, columns, 'left', bold));
}

function indented(text: string, columns: number, indent = 2): ReceiptTextLine[] {
  const pad = ' '.repeat(indent);
  return wrapToWidth(sanitizeReceiptText(text), columns - indent).map((line) => textLine(pad + line, columns, 'left'));
}

/** Double size only when the whole text fits on one double-size line; otherwise normal size. */
function loud(text: string, columns: number, wantDouble: boolean): ReceiptTextLine[] {
  const clean = sanitizeReceiptText(text);
  const fitsDouble = !clean.includes('\n') && displayWidth(clean) <= columns / 2;
  return wrapped(clean, columns, 'center', true, wantDouble && fitsDouble);
}

function layoutBlock(block: ReceiptBlock, columns: PaperColumns): ReceiptLine[] {
  switch (block.kind) {
    case 'title':
      return loud(block.text, columns, block.doubleSize ?? true);
    case 'header':
      return block.lines.flatMap((line) => wrapped(line, columns, 'center', block.bold ?? false));
    case 'text':
      return wrapped(block.text, columns, block.align ?? 'left', block.bold ?? false);
    case 'keyValue':
      return block.rows.flatMap((row) => pairLines(row.label, row.value, columns));
    case 'items':
      return block.items.flatMap((item) => [
        ...pairLines(item.name, item.amount, columns),
        ...(item.detail ? indented(item.detail, columns) : []),
      ]);
    case 'totals':
      return block.rows.flatMap((row) => pairLines(row.label, row.value, columns, row.emphasis ?? false));
    case 'payments':
      return block.rows.flatMap((row) => [
        ...pairLines(row.label, row.value, columns),
        ...(row.reference ? indented(row.reference, columns) : []),
      ]);
    case 'separator':
      return [textLine((block.char ?? '-').repeat(columns), columns, 'left')];
    case 'qr':
      return [
        { kind: 'qr', payload: block.payload },
        ...(block.caption ? wrapped(block.caption, columns, 'center') : []),
      ];
    case 'mark': {
      const stars = textLine('*'.repeat(columns), columns, 'left');
      return [stars, ...loud(block.text, columns, true), stars];
    }
    case 'footer':
      return block.lines.flatMap((line) => wrapped(line, columns, 'center'));
    case 'feed':
      return block.lines > 0 ? [{ kind: 'feed', lines: Math.min(Math.floor(block.lines), 10) }] : [];
  }
}

/** Lay a document out for 58 mm (32 columns) or 80 mm (48 columns) paper. */
export function layoutReceipt(doc: ReceiptDocument, columns: PaperColumns): ReceiptLine[] {
  if (columns !== 32 && columns !== 48) throw new RangeError(`layoutReceipt: columns must be 32 or 48, got ${String(columns)}`);
  return doc.blocks.flatMap((block) => layoutBlock(block, columns));
}

/** The width in display columns a laid-out text line takes on paper (a double-size line counts double). */
export function printedWidth(line: ReceiptTextLine): number {
  return displayWidth(line.text) * (line.doubleSize ? 2 : 1);
}
