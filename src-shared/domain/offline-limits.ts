import type { Fen } from './money';

export type OfflineOverrideReason = 'offlineTooLong' | 'offlineAmount';

/**
 * The store's offline limits: a sale needs a supervisor when HQ has not answered for longer than
 * `offlineMaxHours` (or never has), or when HQ is unreachable now and the sale is above `offlineMaxSaleFen`.
 */
export function offlineOverrideReason(input: {
  priceFen: Fen;
  now: Date;
  hqOnline: boolean;
  lastHqContactAt: string | null;
  limits: { offlineMaxHours: number; offlineMaxSaleFen: Fen };
}): OfflineOverrideReason | null {
  const last = input.lastHqContactAt === null ? Number.NaN : Date.parse(input.lastHqContactAt);
  const hoursSince = Number.isNaN(last) ? Infinity : (input.now.getTime() - last) / 3_600_000;
  if (hoursSince > input.limits.offlineMaxHours) return 'offlineTooLong';
  if (!input.hqOnline && input.priceFen > input.limits.offlineMaxSaleFen) return 'offlineAmount';
  return null;
}
