import { addDays, formatIsoDate, parseIsoDate } from './calendar';

/**
 * The business day a new sale belongs to: the store-local date, unless that day (or a later one) is
 * already closed, in which case the sale opens the day after the last closed one.
 */
export function resolveBusinessDate(localDate: string, lastClosedDate: string | null): string {
  if (lastClosedDate === null || lastClosedDate < localDate) return localDate;
  const closed = parseIsoDate(lastClosedDate);
  if (!closed) throw new Error(`bad business date ${lastClosedDate}`);
  return formatIsoDate(addDays(closed, 1));
}
