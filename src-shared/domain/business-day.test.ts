import { describe, expect, it } from 'vitest';
import { resolveBusinessDate } from './business-day';

describe('resolveBusinessDate', () => {
  it('is the local date when nothing is closed', () => {
    expect(resolveBusinessDate('2026-11-25', null)).toBe('2026-11-25');
  });
  it('is the local date when only earlier days are closed', () => {
    expect(resolveBusinessDate('2026-11-25', '2026-11-24')).toBe('2026-11-25');
  });
  it('moves to the next day once today is closed', () => {
    expect(resolveBusinessDate('2026-11-25', '2026-11-25')).toBe('2026-11-26');
  });
  it('crosses month and year ends', () => {
    expect(resolveBusinessDate('2026-12-31', '2026-12-31')).toBe('2027-01-01');
    expect(resolveBusinessDate('2028-02-28', '2028-02-28')).toBe('2028-02-29');
  });
});
