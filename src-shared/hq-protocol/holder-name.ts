/**
 * The holder's name as a clerk may see it: first and last character kept, the middle masked
 * (王小芳 -> 王*芳, 欧阳娜娜 -> 欧**娜); a two-character name keeps its first (王芳 -> 王*).
 */
export function maskHolderName(fullName: string): string {
  const chars = Array.from(fullName.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
