/**
 * The validity dates printed on a resident ID card (有效期限), as an ID card reader reports them:
 * `YYYYMMDD` (also `YYYY.MM.DD` or `YYYY-MM-DD`) for the start and the end, or 长期 (long-term) for
 * the end. A card is usable through its end date, in the store's time zone.
 */
import { compareCalendarDates, type CalendarDate, parseCompactDate } from './calendar';
import { fail, type Failure } from './domain-errors';
import { DEFAULT_TIME_ZONE, localParts } from './time';

export interface IdCardValidity {
  from: CalendarDate;
  /** null: long-term (长期). */
  until: CalendarDate | null;
}

function parseDate(text: string): CalendarDate | null {
  return parseCompactDate(text.trim().replace(/[.\-/]/g, ''));
}

function iso(d: CalendarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Reads the two dates; `until` may be 长期 / long-term. null when either cannot be read. */
export function parseIdCardValidity(fromText: string, untilText: string): IdCardValidity | null {
  const from = parseDate(fromText);
  if (!from) return null;
  const u = untilText.trim();
  if (u === '长期' || u.toLowerCase() === 'long-term' || u.toLowerCase() === 'longterm') return { from, until: null };
  const until = parseDate(u);
  if (!until || compareCalendarDates(until, from) < 0) return null;
  return { from, until };
}

/** Whether a card with these dates may be used now: refused past its end date or before its start date. */
export function checkIdCardValidity(
  fromText: string,
  untilText: string,
  now: Date,
  timeZone: string = DEFAULT_TIME_ZONE,
): { ok: true; validity: IdCardValidity } | Failure {
  const v = parseIdCardValidity(fromText, untilText);
  if (!v) return fail('idCardValidityFormat', { field: 'idCard' });
  const p = localParts(now, timeZone);
  const today = { year: p.year, month: p.month, day: p.day };
  if (compareCalendarDates(today, v.from) < 0) return fail('idCardNotYetValid', { field: 'idCard', params: { from: iso(v.from) } });
  if (v.until && compareCalendarDates(today, v.until) > 0) return fail('idCardExpired', { field: 'idCard', params: { until: iso(v.until) } });
  return { ok: true, validity: v };
}
