import { describe, expect, it } from 'vitest';
import { offlineOverrideReason } from './offline-limits';

const limits = { offlineMaxHours: 24, offlineMaxSaleFen: 100_000 };
const now = new Date('2026-11-25T10:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();

describe('offline limits', () => {
  it('lets a sale through while HQ answered recently, online or briefly offline under the amount', () => {
    expect(offlineOverrideReason({ priceFen: 500_000, now, hqOnline: true, lastHqContactAt: hoursAgo(1), limits })).toBeNull();
    expect(offlineOverrideReason({ priceFen: 100_000, now, hqOnline: false, lastHqContactAt: hoursAgo(23.9), limits })).toBeNull();
  });
  it('needs a supervisor past the hours limit, or when HQ was never reached', () => {
    expect(offlineOverrideReason({ priceFen: 100, now, hqOnline: false, lastHqContactAt: hoursAgo(24.01), limits })).toBe('offlineTooLong');
    expect(offlineOverrideReason({ priceFen: 100, now, hqOnline: false, lastHqContactAt: null, limits })).toBe('offlineTooLong');
  });
  it('needs a supervisor for an amount above the limit while offline (not while online)', () => {
    expect(offlineOverrideReason({ priceFen: 100_001, now, hqOnline: false, lastHqContactAt: hoursAgo(1), limits })).toBe('offlineAmount');
    expect(offlineOverrideReason({ priceFen: 100_001, now, hqOnline: true, lastHqContactAt: hoursAgo(1), limits })).toBeNull();
  });
});
