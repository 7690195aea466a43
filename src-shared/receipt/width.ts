/**
 * Display width of text on a receipt, in printer columns.
 *
 * A Chinese thermal printer prints every double-byte (GB18030) character in a full-width cell of
 * 2 columns and every ASCII character in 1 column. So: East Asian Wide / Fullwidth characters and
 * CJK punctuation take 2 columns, and so do the East Asian "ambiguous" characters that GB2312
 * encodes as double-byte (× ÷ · — “ ” … ° № → ○ ★, Greek, Cyrillic, pinyin vowels with tones).
 * Combining marks and zero-width characters take 0. Everything else takes 1.
 * Pure: no DOM, no node:*.
 */

// Sorted, non-overlapping [from, to] ranges of code points that take 2 columns.
const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x00a4, 0x00a4], // ¤
  [0x00a7, 0x00a8], // § ¨
  [0x00b0, 0x00b1], // ° ±
  [0x00b7, 0x00b7], // ·
  [0x00d7, 0x00d7], // ×
  [0x00e0, 0x00e1], // à á (pinyin)
  [0x00e8, 0x00ea], // è é ê
  [0x00ec, 0x00ed], // ì í
  [0x00f2, 0x00f3], // ò ó
  [0x00f7, 0x00f7], // ÷
  [0x00f9, 0x00fa], // ù ú
  [0x00fc, 0x00fc], // ü
  [0x0101, 0x0101], // ā
  [0x0113, 0x0113], // ē
  [0x011b, 0x011b], // ě
  [0x012b, 0x012b], // ī
  [0x014d, 0x014d], // ō
  [0x016b, 0x016b], // ū
  [0x01ce, 0x01ce], // ǎ
  [0x01d0, 0x01d0], // ǐ
  [0x01d2, 0x01d2], // ǒ
  [0x01d4, 0x01d4], // ǔ
  [0x01d6, 0x01d6], // ǖ
  [0x01d8, 0x01d8], // ǘ
  [0x01da, 0x01da], // ǚ
  [0x01dc, 0x01dc], // ǜ
  [0x0391, 0x03c9], // Greek
  [0x0401, 0x0451], // Cyrillic
  [0x1100, 0x115f], // Hangul Jamo initials
  [0x2010, 0x2027], // dashes, quotes, ellipsis
  [0x2030, 0x2030], // ‰
  [0x2032, 0x2033], // ′ ″
  [0x203b, 0x203b], // ※
  [0x2103, 0x2103], // ℃
  [0x2116, 0x2116], // №
  [0x2160, 0x216b], // Roman numerals
  [0x2190, 0x2199], // arrows
  [0x2460, 0x24ff], // enclosed alphanumerics
  [0x2500, 0x257f], // box drawing
  [0x25a0, 0x25ff], // geometric shapes
  [0x2605, 0x2606], // ★ ☆
  [0x2640, 0x2642], // ♀ ♂
  [0x2e80, 0x303e], // CJK radicals, Kangxi, CJK symbols and punctuation
  [0x3041, 0x33ff], // kana, bopomofo, Hangul compat, enclosed CJK, CJK compat
  [0x3400, 0x4dbf], // CJK ext A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo ext A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compat forms, small forms
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs (￥ ￡ ...)
  [0x1f300, 0x1f64f], // emoji
  [0x1f900, 0x1f9ff], // emoji
  [0x20000, 0x2fffd], // CJK ext B..F
  [0x30000, 0x3fffd], // CJK ext G..
];

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200f\u2060\ufeff]$/u;

function inWideRanges(cp: number): boolean {
  let lo = 0;
  let hi = WIDE_RANGES.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const range = WIDE_RANGES[mid]!;
    if (cp < range[0]) hi = mid - 1;
    else if (cp > range[1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Columns one character (one code point) takes: 0, 1 or 2. Control characters take 0. */
export function charWidth(ch: string): 0 | 1 | 2 {
  const cp = ch.codePointAt(0);
  if (cp === undefined) return 0;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp < 0x7f) return 1;
  if (ZERO_WIDTH.test(ch)) return 0;
  return inWideRanges(cp) ? 2 : 1;
}

/** Columns a string takes on the paper. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch);
  return width;
}

/**
 * Split into clusters: a base character with the zero-width characters that follow it.
 * A cluster is never split across lines.
 */
function clusters(text: string): string[] {
  const out: string[] = [];
  for (const ch of text) {
    if (charWidth(ch) === 0 && out.length > 0 && ch !== '\n') out[out.length - 1] += ch;
    else out.push(ch);
  }
  return out;
}

/** The longest prefix of `text` that fits in `cols` columns (never half a wide character). */
export function truncateToWidth(text: string, cols: number): string {
  let out = '';
  let width = 0;
  for (const cluster of clusters(text)) {
    const w = displayWidth(cluster);
    if (width + w > cols) break;
    out += cluster;
    width += w;
  }
  return out;
}

export type Align = 'left' | 'center' | 'right';

/**
 * Pad `text` with spaces to exactly `cols` columns. Text wider than `cols` is first cut to fit
 * (a wide character that would straddle the edge is dropped and replaced by a space).
 */
export function padToWidth(text: string, cols: number, align: Align = 'left'): string {
  const fitted = displayWidth(text) > cols ? truncateToWidth(text, cols) : text;
  const gap = cols - displayWidth(fitted);
  if (gap <= 0) return fitted;
  if (align === 'right') return ' '.repeat(gap) + fitted;
  if (align === 'center') {
    const leftGap = Math.floor(gap / 2);
    return ' '.repeat(leftGap) + fitted + ' '.repeat(gap - leftGap);
  }
  return fitted + ' '.repeat(gap);
}

type Token = { text: string; width: number; kind: 'space' | 'word' | 'wide' };

function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  for (const cluster of clusters(line)) {
    const width = displayWidth(cluster);
    const kind: Token['kind'] = cluster.startsWith(' ') ? 'space' : width >= 2 ? 'wide' : 'word';
    const last = tokens[tokens.length - 1];
    if (last && kind !== 'wide' && last.kind === kind) {
      last.text += cluster;
      last.width += width;
    } else {
      tokens.push({ text: cluster, width, kind });
    }
  }
  return tokens;
}

function wrapOneLine(line: string, cols: number): string[] {
  const out: string[] = [];
  let current = '';
  let currentWidth = 0;
  let continuation = false; // true once we have broken: leading spaces of a new line are dropped
  const flush = () => {
    out.push(current.trimEnd());
    current = '';
    currentWidth = 0;
    continuation = true;
  };
  for (const token of tokenize(line)) {
    if (token.kind === 'space') {
      if (current === '' && continuation) continue;
      if (currentWidth + token.width <= cols) {
        current += token.text;
        currentWidth += token.width;
      } else {
        flush();
      }
      continue;
    }
    if (currentWidth + token.width <= cols) {
      current += token.text;
      currentWidth += token.width;
      continue;
    }
    if (token.width <= cols && current.trim() !== '') {
      // Break before this word (Latin) or this wide character.
      flush();
      current = token.text;
      currentWidth = token.width;
      continue;
    }
    // A word longer than a whole line: split it by characters.
    for (const cluster of clusters(token.text)) {
      const w = displayWidth(cluster);
      if (currentWidth + w > cols && current !== '') flush();
      current += cluster;
      currentWidth += w;
    }
  }
  if (current.trim() !== '' || out.length === 0) out.push(current.trimEnd());
  return out;
}

/**
 * Wrap text to lines of at most `cols` columns. Breaks at spaces for Latin words, between any two
 * wide characters, and never inside a wide character or a character + combining mark. A word
 * longer than a line is split by characters. "\n" forces a break. Returns at least one line.
 */
export function wrapToWidth(text: string, cols: number): string[] {
  if (!Number.isInteger(cols) || cols < 2) throw new RangeError(`wrapToWidth: cols must be an integer >= 2, got ${cols}`);
  const out: string[] = [];
  for (const line of text.split('\n')) out.push(...wrapOneLine(line, cols));
  return out;
}

/**
 * A left text and a right-aligned text on one line of exactly `cols` columns, separated by at least
 * one space. When they do not fit: a left text that fits a line by itself gets its own line and the
 * right text follows, right-aligned; a left text longer than a line wraps beside the right text
 * (which stays on the first line) unless the right text is too wide to leave it a fair share. Every returned line is exactly `cols` columns wide.
 */
export function twoColumn(left: string, right: string, cols: number): string[] {
  const rightWidth = displayWidth(right);
  const leftWidth = displayWidth(left);
  if (leftWidth + 1 + rightWidth <= cols) {
    return [left + ' '.repeat(cols - leftWidth - rightWidth) + right];
  }
  const room = cols - rightWidth - 1;
  const minLeft = Math.min(Math.ceil(cols / 3), Math.max(2, leftWidth));
  // A left text that fits a line by itself is not split (a label such as "证件号 / ID No."):
  // it gets its own line and the right text follows, right-aligned.
  if (leftWidth > cols && room >= minLeft && room >= 2) {
    const leftLines = wrapToWidth(left, room);
    return leftLines.map((line, i) =>
      i === 0 ? padToWidth(line, cols - rightWidth) + right : padToWidth(line, cols),
    );
  }
  const leftLines = left === '' ? [] : wrapToWidth(left, cols).map((line) => padToWidth(line, cols));
  const rightLines = wrapToWidth(right, cols).map((line) => padToWidth(line, cols, 'right'));
  return [...leftLines, ...rightLines];
}
