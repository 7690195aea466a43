/**
 * Decodes the printer bytes the app sends (ESC/POS for Epson-compatible printers, or Star Line
 * Mode) into what a person would see on the paper: text lines with alignment / bold / size, QR
 * codes, feeds, cuts and drawer kicks. Unknown commands are skipped by their known length (or 2
 * bytes when unknown) and listed, never crash the decoder. Text in Chinese mode is GB18030.
 */
import iconv from 'iconv-lite';

export type Dialect = 'epson' | 'star';
export type DecodedAlign = 'left' | 'center' | 'right';

export type DecodedItem =
  | { kind: 'text'; text: string; align: DecodedAlign; bold: boolean; widthMul: number; heightMul: number }
  | { kind: 'qr'; payload: string; align: DecodedAlign; cellSize: number }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut'; partial: boolean }
  | { kind: 'drawer'; pin: number }
  | { kind: 'statusQuery'; n: number };

export interface DecodedJob {
  dialect: Dialect;
  items: DecodedItem[];
  /** Commands the decoder does not know, as hex ("1b 7a"), in order (capped at 50). */
  unknownCommands: string[];
}

interface State {
  align: DecodedAlign;
  bold: boolean;
  widthMul: number;
  heightMul: number;
  chinese: boolean;
  intlCharset: number;
  qrData: Buffer;
  qrCellSize: number;
}

function initialState(): State {
  return { align: 'left', bold: false, widthMul: 1, heightMul: 1, chinese: false, intlCharset: 0, qrData: Buffer.alloc(0), qrCellSize: 3 };
}

function alignFrom(n: number): DecodedAlign {
  const v = n >= 48 ? n - 48 : n;
  return v === 1 ? 'center' : v === 2 ? 'right' : 'left';
}

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;
const LF = 0x0a;

/** Decode printer bytes. Never throws on malformed input: a truncated command ends decoding. */
export function decodeEscPos(input: Uint8Array, opts: { dialect?: Dialect } = {}): DecodedJob {
  const dialect = opts.dialect ?? 'epson';
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const items: DecodedItem[] = [];
  const unknownCommands: string[] = [];
  let s = initialState();
  let line = '';
  let lineStyle: Omit<Extract<DecodedItem, { kind: 'text' }>, 'kind' | 'text'> | null = null;
  let i = 0;

  const at = (k: number): number | undefined => bytes[k];
  const need = (k: number) => i + k <= bytes.length;
  const unknown = (len: number) => {
    if (unknownCommands.length < 50) unknownCommands.push(Array.from(bytes.subarray(i, Math.min(i + len, bytes.length)), (b) => b.toString(16).padStart(2, '0')).join(' '));
    i += len;
  };
  const styleNow = () => ({ align: s.align, bold: s.bold, widthMul: s.widthMul, heightMul: s.heightMul });
  const addText = (text: string) => {
    if (lineStyle === null) lineStyle = styleNow();
    line += text;
  };
  const flushLine = (force: boolean) => {
    if (line === '' && !force) return;
    items.push({ kind: 'text', text: line, ...(lineStyle ?? styleNow()) });
    line = '';
    lineStyle = null;
  };
  const pushFeed = (n: number) => {
    flushLine(false);
    if (n > 0) items.push({ kind: 'feed', lines: n });
  };
  const printQr = () => {
    flushLine(false);
    items.push({ kind: 'qr', payload: s.qrData.toString('utf8'), align: s.align, cellSize: s.qrCellSize });
  };

  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === LF) {
      flushLine(true);
      i += 1;
      continue;
    }
    if (b === DLE) {
      const n = at(i + 1);
      if (n === 0x04 && need(3)) {
        items.push({ kind: 'statusQuery', n: at(i + 2)! });
        i += 3;
      } else if (n === 0x14 && need(5)) {
        if (at(i + 2) === 1) items.push({ kind: 'drawer', pin: at(i + 3)! });
        i += 5;
      } else if (n === 0x05 && need(3)) {
        i += 3;
      } else {
        unknown(2);
      }
      continue;
    }
    if (b === ESC) {
      if (!need(2)) break;
      const c = at(i + 1)!;
      if (c === 0x40) {
        // ESC @: initialize
        flushLine(false);
        s = initialState();
        i += 2;
        continue;
      }
      if (c === 0x52 && need(3)) {
        s.intlCharset = at(i + 2)!;
        i += 3;
        continue;
      }
      if (dialect === 'epson') {
        const n = at(i + 2);
        switch (c) {
          case 0x61: // ESC a n
            if (!need(3)) break;
            s.align = alignFrom(n!);
            i += 3;
            continue;
          case 0x45: // ESC E n
            if (!need(3)) break;
            s.bold = (n! & 1) === 1;
            i += 3;
            continue;
          case 0x21: // ESC ! n
            if (!need(3)) break;
            s.bold = (n! & 0x08) !== 0;
            s.heightMul = n! & 0x10 ? 2 : 1;
            s.widthMul = n! & 0x20 ? 2 : 1;
            i += 3;
            continue;
          case 0x64: // ESC d n
            if (!need(3)) break;
            pushFeed(n!);
            i += 3;
            continue;
          case 0x70: // ESC p m t1 t2
            if (!need(5)) break;
            items.push({ kind: 'drawer', pin: (n! & 1) === 1 ? 5 : 2 });
            i += 5;
            continue;
          case 0x69: // ESC i / ESC m: partial cut (obsolete)
          case 0x6d:
            flushLine(false);
            items.push({ kind: 'cut', partial: true });
            i += 2;
            continue;
          case 0x32: // ESC 2
          case 0x3c:
            i += 2;
            continue;
          case 0x2a: {
            // ESC * m nL nH d...
            if (!need(5)) break;
            const m = n!;
            const k = at(i + 3)! + at(i + 4)! * 256;
            i += 5 + (m === 32 || m === 33 ? 3 * k : k);
            continue;
          }
          case 0x24: // ESC $ nL nH
          case 0x5c: // ESC \ nL nH
            i += 4;
            continue;
          case 0x63: // ESC c 3/4/5 n
            i += 4;
            continue;
          case 0x44: {
            // ESC D n1..nk NUL
            let j = i + 2;
            while (j < bytes.length && bytes[j] !== 0) j += 1;
            i = j + 1;
            continue;
          }
          case 0x57: // ESC W: 8 params
            i += 10;
            continue;
          case 0x42: // ESC B n t (beeper on some models)
          case 0x28:
            i += 4;
            continue;
          case 0x20: case 0x2d: case 0x33: case 0x47: case 0x4a: case 0x4b: case 0x4d: case 0x54:
          case 0x55: case 0x56: case 0x72: case 0x74: case 0x7b: case 0x25: case 0x3f: case 0x3d: case 0x65:
            i += 3;
            continue;
          case 0x53: case 0x4c: case 0x0c:
            i += 2;
            continue;
          default:
            unknown(2);
            continue;
        }
        break; // truncated
      }
      // Star Line Mode
      switch (c) {
        case 0x1d: {
          // ESC GS ...
          const d = at(i + 2);
          if (d === 0x61 && need(4)) {
            s.align = alignFrom(at(i + 3)!);
            i += 4;
            continue;
          }
          if (d === 0x74 && need(4)) {
            i += 4;
            continue;
          }
          if (d === 0x79 && need(4)) {
            // QR: ESC GS y S 0|1|2 n ; ESC GS y D 1 m nL nH data ; ESC GS y P
            const e = at(i + 3);
            if (e === 0x53 && need(6)) {
              if (at(i + 4) === 0x32) s.qrCellSize = at(i + 5)!;
              i += 6;
              continue;
            }
            if (e === 0x44 && need(8)) {
              const k = at(i + 6)! + at(i + 7)! * 256;
              s.qrData = Buffer.from(bytes.subarray(i + 8, i + 8 + k));
              i += 8 + k;
              continue;
            }
            if (e === 0x50) {
              printQr();
              i += 4;
              continue;
            }
          }
          unknown(3);
          continue;
        }
        case 0x45: // ESC E
          s.bold = true;
          i += 2;
          continue;
        case 0x46: // ESC F
          s.bold = false;
          i += 2;
          continue;
        case 0x69: // ESC i n1 n2 (height, width expansion)
          if (!need(4)) break;
          s.heightMul = (at(i + 2)! % 48) + 1;
          s.widthMul = (at(i + 3)! % 48) + 1;
          i += 4;
          continue;
        case 0x70: // ESC p: Kanji mode
          s.chinese = true;
          i += 2;
          continue;
        case 0x71: // ESC q
          s.chinese = false;
          i += 2;
          continue;
        case 0x61: // ESC a n: feed n lines
          if (!need(3)) break;
          pushFeed(at(i + 2)!);
          i += 3;
          continue;
        case 0x64: {
          // ESC d n: cut
          if (!need(3)) break;
          const n = at(i + 2)! % 48;
          flushLine(false);
          items.push({ kind: 'cut', partial: n === 1 || n === 3 });
          i += 3;
          continue;
        }
        case 0x07: // ESC BEL n1 n2: drawer pulse width
          i += 4;
          continue;
        case 0x1e: // ESC RS F n
          i += 4;
          continue;
        case 0x2d: case 0x5f: case 0x57: case 0x68: case 0x20: case 0x7a: case 0x4a: case 0x49:
          i += 3;
          continue;
        case 0x34: case 0x35: case 0x30: case 0x0e: case 0x14: case 0x4d: case 0x50: case 0x3a:
          i += 2;
          continue;
        default:
          unknown(2);
          continue;
      }
      break;
    }
    if (b === GS && dialect === 'epson') {
      if (!need(2)) break;
      const c = at(i + 1)!;
      if (c === 0x21 && need(3)) {
        const n = at(i + 2)!;
        s.widthMul = (n >> 4) + 1;
        s.heightMul = (n & 0x0f) + 1;
        i += 3;
        continue;
      }
      if (c === 0x56 && need(3)) {
        const m = at(i + 2)!;
        flushLine(false);
        items.push({ kind: 'cut', partial: m === 1 || m === 49 || m === 66 || m === 98 || m === 104 });
        i += m >= 65 ? 4 : 3;
        continue;
      }
      if (c === 0x28 && need(5)) {
        // GS ( fn pL pH params
        const fn = at(i + 2)!;
        const len = at(i + 3)! + at(i + 4)! * 256;
        const params = bytes.subarray(i + 5, i + 5 + len);
        if (fn === 0x6b && params[0] === 0x31) {
          const qrFn = params[1];
          if (qrFn === 0x43 && params.length >= 3) s.qrCellSize = params[2]!;
          else if (qrFn === 0x50) s.qrData = Buffer.from(params.subarray(3));
          else if (qrFn === 0x51) printQr();
        }
        i += 5 + len;
        continue;
      }
      if (c === 0x76 && need(8) && at(i + 2) === 0x30) {
        // GS v 0 m xL xH yL yH d...
        const k = (at(i + 4)! + at(i + 5)! * 256) * (at(i + 6)! + at(i + 7)! * 256);
        i += 8 + k;
        continue;
      }
      if (c === 0x6b && need(3)) {
        // GS k m ...
        const m = at(i + 2)!;
        if (m <= 6) {
          let j = i + 3;
          while (j < bytes.length && bytes[j] !== 0) j += 1;
          i = j + 1;
        } else {
          i += 4 + (at(i + 3) ?? 0);
        }
        continue;
      }
      if (c === 0x38 && need(7) && at(i + 2) === 0x4c) {
        // GS 8 L p1 p2 p3 p4 ...
        const len = at(i + 3)! + at(i + 4)! * 256 + at(i + 5)! * 65536 + at(i + 6)! * 16777216;
        i += 7 + len;
        continue;
      }
      if ([0x42, 0x48, 0x66, 0x68, 0x77, 0x62, 0x61, 0x72, 0x49, 0x45].includes(c)) {
        i += 3;
        continue;
      }
      if ([0x4c, 0x57, 0x50, 0x24, 0x5c].includes(c)) {
        i += 4;
        continue;
      }
      unknown(2);
      continue;
    }
    if (b === FS && dialect === 'epson') {
      if (!need(2)) break;
      const c = at(i + 1)!;
      if (c === 0x26) {
        s.chinese = true;
        i += 2;
      } else if (c === 0x2e) {
        s.chinese = false;
        i += 2;
      } else if (c === 0x21 && need(3)) {
        // FS ! n: Chinese print mode (double width 0x04, double height 0x08)
        const n = at(i + 2)!;
        s.widthMul = n & 0x04 ? 2 : s.widthMul;
        s.heightMul = n & 0x08 ? 2 : s.heightMul;
        i += 3;
      } else if ([0x2d, 0x57, 0x43].includes(c)) {
        i += 3;
      } else if ([0x53, 0x70].includes(c)) {
        i += 4;
      } else if (c === 0x32) {
        i += 4 + 72;
      } else {
        unknown(2);
      }
      continue;
    }
    if (dialect === 'star' && b === 0x07) {
      // BEL: drive drawer 1
      items.push({ kind: 'drawer', pin: 2 });
      i += 1;
      continue;
    }
    if (dialect === 'star' && b === 0x1a) {
      items.push({ kind: 'drawer', pin: 5 });
      i += 1;
      continue;
    }
    if (b === 0x09) {
      addText(' ');
      i += 1;
      continue;
    }
    if (b === 0x0c) {
      flushLine(false);
      i += 1;
      continue;
    }
    if (b < 0x20 || b === 0x7f) {
      i += 1; // other control bytes: ignored
      continue;
    }
    if (b < 0x80 || !s.chinese) {
      if (b === 0x5c && s.intlCharset === 8) addText('\u00a5');
      else if (b < 0x80) addText(String.fromCharCode(b));
      else addText(iconv.decode(Buffer.from([b]), 'cp437'));
      i += 1;
      continue;
    }
    // Chinese mode: GB18030 two- or four-byte character.
    const b2 = at(i + 1);
    const len = b2 !== undefined && b2 >= 0x30 && b2 <= 0x39 ? 4 : 2;
    if (!need(len)) break;
    addText(iconv.decode(Buffer.from(bytes.subarray(i, i + len)), 'gb18030'));
    i += len;
  }
  flushLine(false);
  return { dialect, items, unknownCommands };
}

/** True when the bytes hold nothing but real-time status queries (DLE EOT n): not a print job. */
export function isStatusQueryOnly(job: DecodedJob): boolean {
  return job.items.every((item) => item.kind === 'statusQuery') && job.unknownCommands.length === 0;
}

/** A plain-text transcript: text lines aligned in `columns`, other events in [brackets]. */
export function transcriptOf(job: DecodedJob, columns: number, widthOf: (text: string) => number): string {
  const out: string[] = [];
  for (const item of job.items) {
    switch (item.kind) {
      case 'text': {
        // A double-width line takes twice its width on paper; the transcript keeps its position.
        const gap = Math.max(0, columns - widthOf(item.text) * item.widthMul);
        const left = item.align === 'center' ? Math.floor(gap / 2) : item.align === 'right' ? gap : 0;
        out.push((' '.repeat(left) + item.text).trimEnd());
        break;
      }
      case 'qr':
        out.push(`[QR ${item.payload}]`);
        break;
      case 'feed':
        out.push(`[FEED ${item.lines}]`);
        break;
      case 'cut':
        out.push(item.partial ? '[CUT partial]' : '[CUT]');
        break;
      case 'drawer':
        out.push(`[DRAWER KICK pin ${item.pin}]`);
        break;
      case 'statusQuery':
        out.push(`[STATUS QUERY ${item.n}]`);
        break;
    }
  }
  return out.join('\n') + '\n';
}
