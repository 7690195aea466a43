/**
 * Draws a decoded print job as an image of the paper roll (PNG): text in a grid of 12-dot columns
 * (a wide character takes 2), 24-dot glyphs on a 30-dot line pitch like a 203 dpi printer's font A,
 * double size drawn 2x, bold drawn twice, QR codes as real QR images, a dashed line where the paper
 * is cut. Uses @napi-rs/canvas and a CJK-capable system font when one is installed.
 */
import { existsSync } from 'node:fs';
import { GlobalFonts, createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import QRCode from 'qrcode';
import { charWidth } from '../../src-shared/receipt/width';
import type { DecodedItem, DecodedJob } from './decoder';

const CELL = 12; // dots per column
const PITCH = 30; // dots per line
const GLYPH = 22; // font size in px for a normal character
const MARGIN = 16;

const FONT_FILES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
  '/usr/share/fonts/truetype/arphic/uming.ttc',
  '/System/Library/Fonts/PingFang.ttc',
  'C:\\Windows\\Fonts\\msyh.ttc',
  'C:\\Windows\\Fonts\\simsun.ttc',
];
const CJK_FAMILIES = [
  'Noto Sans Mono CJK SC',
  'Noto Sans CJK SC',
  'Noto Sans Mono CJK JP',
  'Noto Sans CJK JP',
  'Source Han Sans SC',
  'WenQuanYi Zen Hei Mono',
  'WenQuanYi Micro Hei Mono',
  'WenQuanYi Zen Hei',
  'WenQuanYi Micro Hei',
  'Droid Sans Fallback',
  'AR PL UMing CN',
  'PingFang SC',
  'Microsoft YaHei',
  'SimSun',
];

export interface PaperFont {
  family: string;
  cjk: boolean;
  warning?: string;
}

let chosenFont: PaperFont | null = null;

/** The font the paper image uses (chosen once per process). */
export function paperFont(): PaperFont {
  if (chosenFont) return chosenFont;
  for (const file of FONT_FILES) {
    if (existsSync(file)) {
      try {
        GlobalFonts.registerFromPath(file);
      } catch {
        // an unreadable font file is skipped
      }
    }
  }
  const families = new Set(GlobalFonts.families.map((f) => f.family));
  const cjk =
    CJK_FAMILIES.find((name) => families.has(name)) ??
    [...families].find((name) => /CJK|Hei|Ming|Song|Kai|Han Sans|Gothic|Fallback/i.test(name));
  if (cjk) {
    chosenFont = { family: cjk, cjk: true };
  } else {
    const any = ['DejaVu Sans Mono', 'Liberation Mono'].find((name) => families.has(name)) ?? [...families][0] ?? 'monospace';
    chosenFont = {
      family: any,
      cjk: false,
      warning:
        'No font with Chinese glyphs was found: Chinese text in printer images will show as boxes. ' +
        'Install one (Debian/Ubuntu: apt-get install fonts-noto-cjk).',
    };
  }
  return chosenFont;
}

interface Row {
  height: number;
  draw: (ctx: SKRSContext2D, top: number, width: number) => void;
}

function textRow(item: Extract<DecodedItem, { kind: 'text' }>, columns: number, font: PaperFont): Row {
  const sx = Math.max(1, Math.min(8, item.widthMul));
  const sy = Math.max(1, Math.min(8, item.heightMul));
  const chars = Array.from(item.text);
  const used = chars.reduce((sum, ch) => sum + charWidth(ch), 0) * sx;
  const gap = Math.max(0, columns - used);
  const startCol = item.align === 'center' ? Math.floor(gap / 2) : item.align === 'right' ? gap : 0;
  return {
    height: PITCH * sy,
    draw(ctx, top) {
      ctx.font = `${GLYPH * sy}px "${font.family}"`;
      ctx.textBaseline = 'middle';
      ctx.fillStyle = '#111';
      let col = startCol;
      const midY = top + (PITCH * sy) / 2;
      for (const ch of chars) {
        const w = charWidth(ch);
        if (w === 0) continue;
        const cellW = CELL * w * sx;
        const x = MARGIN + col * CELL;
        if (ch !== ' ') {
          // Squeeze each glyph into its cells so columns stay aligned whatever the font.
          const measured = ctx.measureText(ch).width;
          const scale = measured > cellW ? cellW / measured : 1;
          ctx.save();
          ctx.translate(x + (cellW - measured * scale) / 2, midY);
          ctx.scale(scale, 1);
          ctx.fillText(ch, 0, 0);
          if (item.bold) ctx.fillText(ch, 1, 0);
          ctx.restore();
        }
        col += w * sx;
      }
    },
  };
}

function qrRow(item: Extract<DecodedItem, { kind: 'qr' }>, columns: number): Row {
  const qr = QRCode.create(item.payload || ' ', { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const dot = Math.max(1, Math.min(16, item.cellSize));
  const px = size * dot;
  const paper = columns * CELL;
  const left = item.align === 'center' ? Math.floor((paper - px) / 2) : item.align === 'right' ? paper - px : 0;
  return {
    height: px + 4 * dot,
    draw(ctx, top) {
      ctx.fillStyle = '#000';
      for (let r = 0; r < size; r += 1) {
        for (let c = 0; c < size; c += 1) {
          if (qr.modules.get(r, c)) ctx.fillRect(MARGIN + left + c * dot, top + 2 * dot + r * dot, dot, dot);
        }
      }
    },
  };
}

function noteRow(text: string, font: PaperFont): Row {
  return {
    height: 18,
    draw(ctx, top, width) {
      ctx.font = `12px "${font.family}"`;
      ctx.fillStyle = '#888';
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'right';
      ctx.fillText(text, width - 4, top + 9);
      ctx.textAlign = 'left';
    },
  };
}

function cutRow(partial: boolean): Row {
  return {
    height: 24,
    draw(ctx, top, width) {
      ctx.strokeStyle = '#999';
      ctx.setLineDash([8, 6]);
      ctx.beginPath();
      ctx.moveTo(0, top + 12);
      ctx.lineTo(partial ? width * 0.9 : width, top + 12);
      ctx.stroke();
      ctx.setLineDash([]);
    },
  };
}

/** Render a decoded job as a PNG of the paper, `columns` wide (32 for 58 mm, 48 for 80 mm). */
export function renderPaperPng(job: DecodedJob, columns: number): Buffer {
  const font = paperFont();
  const rows: Row[] = [];
  for (const item of job.items) {
    if (item.kind === 'text') rows.push(textRow(item, columns, font));
    else if (item.kind === 'qr') rows.push(qrRow(item, columns));
    else if (item.kind === 'feed') rows.push({ height: PITCH * Math.min(item.lines, 20), draw: () => undefined });
    else if (item.kind === 'cut') rows.push(cutRow(item.partial));
    else if (item.kind === 'drawer') rows.push(noteRow(`drawer kick (pin ${item.pin})`, font));
  }
  const width = columns * CELL + 2 * MARGIN;
  const height = Math.max(PITCH, rows.reduce((sum, row) => sum + row.height, 0) + 2 * MARGIN);
  const canvas = createCanvas(width, Math.min(height, 32000));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fffef8';
  ctx.fillRect(0, 0, width, height);
  let top = MARGIN;
  for (const row of rows) {
    if (top > 32000) break;
    row.draw(ctx, top, width);
    top += row.height;
  }
  return canvas.toBuffer('image/png');
}
