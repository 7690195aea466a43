import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { charWidth, displayWidth, padToWidth, truncateToWidth, twoColumn, wrapToWidth } from './width';

describe('displayWidth', () => {
  it('counts CJK, fullwidth and CJK punctuation as 2, ASCII as 1, combining marks as 0', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('续费')).toBe(4);
    expect(displayWidth('，。：（）')).toBe(10);
    expect(displayWidth('ＡＢ１')).toBe(6);
    expect(displayWidth('￥')).toBe(2);
    expect(displayWidth('¥238.50')).toBe(7); // U+00A5 prints as one ANK column
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('月享30G流量包')).toBe(13);
    expect(charWidth('\u001b')).toBe(0);
    expect(displayWidth('가')).toBe(2);
    expect(displayWidth('𠀀')).toBe(2); // CJK ext B (astral)
  });
});

describe('padToWidth', () => {
  it('pads in display columns for each alignment', () => {
    expect(padToWidth('收据', 8)).toBe('收据    ');
    expect(padToWidth('收据', 8, 'right')).toBe('    收据');
    expect(padToWidth('收据', 9, 'center')).toBe('  收据   ');
    expect(displayWidth(padToWidth('中文 and English', 30, 'center'))).toBe(30);
  });
  it('cuts text that is too wide without splitting a wide character', () => {
    expect(padToWidth('续费收据', 5)).toBe('续费 ');
    expect(truncateToWidth('ab续费', 3)).toBe('ab');
  });
});

describe('wrapToWidth', () => {
  it('breaks Latin text at spaces', () => {
    expect(wrapToWidth('Keep this receipt as proof of payment.', 16)).toEqual(['Keep this', 'receipt as proof', 'of payment.']);
  });
  it('breaks Chinese between characters, never inside one', () => {
    const lines = wrapToWidth('续费已受理，待总部确认后生效。', 9);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(9);
    expect(lines.join('')).toBe('续费已受理，待总部确认后生效。');
    expect(lines[0]).toBe('续费已受');
  });
  it('handles mixed Chinese and Latin', () => {
    const lines = wrapToWidth('套餐 Monthly 30 GB 月享30G流量包 data plan', 12);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(12);
    expect(lines.join(' ').replace(/\s+/g, '')).toBe('套餐Monthly30GB月享30G流量包dataplan');
  });
  it('splits a word longer than a line', () => {
    expect(wrapToWidth('2024031522001400551234567890', 10)).toEqual(['2024031522', '0014005512', '34567890']);
  });
  it('keeps forced line breaks and returns one empty line for empty text', () => {
    expect(wrapToWidth('甲\n乙', 10)).toEqual(['甲', '乙']);
    expect(wrapToWidth('', 10)).toEqual(['']);
  });
  it('never exceeds the width and loses no non-space character (property)', () => {
    const alphabet = fc.constantFrom('a', 'B', '1', ' ', '续', '费', '。', '（', 'Ｗ', '¥', '-', 'é', 'e\u0301');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 80 }).map((a) => a.join('')), fc.integer({ min: 2, max: 48 }), (text, cols) => {
        const lines = wrapToWidth(text, cols);
        for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(cols);
        expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
      }),
    );
  });
});

describe('twoColumn', () => {
  it('right-aligns the right text on a line of exactly cols columns', () => {
    expect(twoColumn('合计', '¥238.50', 20)).toEqual(['合计         ¥238.50']);
    expect(displayWidth(twoColumn('合计', '¥238.50', 20)[0]!)).toBe(20);
  });
  it('wraps the left text when it does not fit, the amount stays on the first line', () => {
    const lines = twoColumn('月享30G流量包 Monthly 30 GB Data', '¥238.50', 24);
    expect(lines[0]!.endsWith('¥238.50')).toBe(true);
    for (const line of lines) expect(displayWidth(line)).toBe(24);
    expect(lines.join('').replace(/\s+/g, '')).toBe('月享30G流量包¥238.50Monthly30GBData');
  });
  it('puts a very long right text on its own right-aligned lines', () => {
    const lines = twoColumn('交易号', '6f1c2b9e-3d4a-4b8e-9a51-0c7d2e4f8a10', 32);
    for (const line of lines) expect(displayWidth(line)).toBe(32);
    expect(lines[0]!.trim()).toBe('交易号');
    expect(lines.slice(1).join('').replace(/\s/g, '')).toBe('6f1c2b9e-3d4a-4b8e-9a51-0c7d2e4f8a10');
  });
  it('every line is exactly cols wide (property)', () => {
    const alphabet = fc.constantFrom('a', ' ', '续', '。', '¥', '1');
    const text = fc.array(alphabet, { maxLength: 60 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, text, fc.constantFrom(32, 48), (left, right, cols) => {
        for (const line of twoColumn(left, right, cols)) expect(displayWidth(line)).toBe(cols);
      }),
    );
  });
});

describe('twoColumn with a label that fits a line', () => {
  it('does not split the label; the value goes right-aligned on the next line', () => {
    const lines = twoColumn('证件号 / ID No.', '110***********002X', 32);
    expect(lines).toEqual(['证件号 / ID No.' + ' '.repeat(17), ' '.repeat(14) + '110***********002X']);
  });
});
