/**
 * On-screen preview of a receipt: the same laid-out lines the printer gets (layoutReceipt), drawn
 * as paper. Each character sits in a grid of fixed-width cells (a CJK character takes two), so the
 * columns line up whatever font the browser picks. QR lines show a real QR code.
 */
import { useEffect, useState, type CSSProperties } from 'react';
import QRCode from 'qrcode';
import type { PaperColumns, ReceiptLine, ReceiptTextLine } from '../../src-shared/receipt/model';
import { charWidth } from '../../src-shared/receipt/width';

export interface ReceiptPreviewProps {
  lines: ReceiptLine[];
  columns: PaperColumns;
  /** Width of one column in px (default 11). */
  cellPx?: number;
  /** Accessible name of the preview (default "Receipt preview"). */
  label?: string;
}

const FONT = "'Noto Sans Mono CJK SC', 'Noto Sans CJK SC', 'Sarasa Mono SC', 'PingFang SC', 'Microsoft YaHei', monospace";

function TextRow({ line, cellPx }: { line: ReceiptTextLine; cellPx: number }) {
  const scale = line.doubleSize ? 2 : 1;
  const rowStyle: CSSProperties = {
    display: 'flex',
    height: cellPx * 2.2 * scale,
    alignItems: 'center',
    fontSize: cellPx * 1.7 * scale,
    fontWeight: line.bold ? 700 : 400,
    whiteSpace: 'pre',
  };
  const cells: { ch: string; width: number }[] = [];
  for (const ch of line.text) {
    const w = charWidth(ch);
    const last = cells[cells.length - 1];
    if (w === 0 && last) last.ch += ch; // combining mark joins its base character
    else if (w > 0) cells.push({ ch, width: w });
  }
  return (
    <div style={rowStyle} data-align={line.align}>
      {cells.map((cell, i) => (
        <span
          key={i}
          style={{ display: 'inline-block', width: cell.width * cellPx * scale, textAlign: 'center', overflow: 'visible' }}
        >
          {cell.ch}
        </span>
      ))}
    </div>
  );
}

function QrRow({ payload, columns, cellPx }: { payload: string; columns: number; cellPx: number }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    QRCode.toDataURL(payload, { errorCorrectionLevel: 'M', margin: 2, width: 240 })
      .then((url) => {
        if (alive) setSrc(url);
      })
      .catch(() => {
        if (alive) setSrc(null);
      });
    return () => {
      alive = false;
    };
  }, [payload]);
  const size = Math.min(columns * cellPx * 0.6, 200);
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: `${cellPx / 2}px 0` }}>
      {src ? (
        <img src={src} width={size} height={size} alt={payload} data-qr-payload={payload} style={{ imageRendering: 'pixelated' }} />
      ) : (
        <div style={{ width: size, height: size, background: '#eee' }} data-qr-payload={payload} aria-label={payload} />
      )}
    </div>
  );
}

/** A paper-like preview of laid-out receipt lines, `columns` wide (32 = 58 mm, 48 = 80 mm). */
export function ReceiptPreview({ lines, columns, cellPx = 11, label = 'Receipt preview' }: ReceiptPreviewProps) {
  const paper: CSSProperties = {
    width: columns * cellPx + 2 * cellPx,
    padding: cellPx,
    background: '#fffef8',
    color: '#111',
    fontFamily: FONT,
    boxShadow: '0 2px 10px rgba(0,0,0,0.35)',
    borderRadius: 2,
    lineHeight: 1,
    fontVariantNumeric: 'tabular-nums',
  };
  return (
    <figure role="group" aria-label={label} style={{ margin: 0 }} data-columns={columns} className="receipt-preview">
      <div style={paper}>
        {lines.map((line, i) => {
          if (line.kind === 'text') return <TextRow key={i} line={line} cellPx={cellPx} />;
          if (line.kind === 'qr') return <QrRow key={i} payload={line.payload} columns={columns} cellPx={cellPx} />;
          return <div key={i} style={{ height: line.lines * cellPx * 2.2 }} />;
        })}
        <div style={{ borderTop: '2px dashed #999', marginTop: cellPx }} aria-hidden="true" />
      </div>
    </figure>
  );
}

export default ReceiptPreview;
