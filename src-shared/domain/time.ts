/**
 * Store time zone helpers built on Intl only. A business date is the store-local calendar date.
 * Every function takes the IANA zone; the default is the store default, Asia/Shanghai.
 */
import { AppError } from '../contract/errors';
import { dayNumber, formatIsoDate, fromDayNumber, isValidCalendarDate, parseIsoDate, type CalendarDate } from './calendar';
import { domainError } from './domain-errors';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Wall-clock parts of an instant in a zone. */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** Wall-clock parts to turn into an instant; the time of day defaults to 00:00:00.000. */
export interface ZonedDateTimeParts {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  millisecond?: number;
}

const MS_PER_DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f) return f;
  try {
    if (typeof timeZone !== 'string' || timeZone === '') throw new RangeError('empty');
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new AppError(domainError('timeZoneInvalid', { params: { timeZone: String(timeZone) } }));
  }
  formatters.set(timeZone, f);
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Throws TIME_ZONE_INVALID unless the zone is known to Intl. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

function epochMs(instant: Date): number {
  const t = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(t)) throw new AppError(domainError('timeInvalidInstant'));
  return t;
}

function intlPartsAt(t: number, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  let bc = false;
  for (const p of formatterFor(timeZone).formatToParts(new Date(t))) {
    if (p.type === 'era') bc = p.value === 'BC' || p.value === 'B';
    else if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  const year = out.year ?? Number.NaN;
  return {
    year: bc ? 1 - year : year,
    month: out.month ?? Number.NaN,
    day: out.day ?? Number.NaN,
    hour: out.hour ?? Number.NaN,
    minute: out.minute ?? Number.NaN,
    second: out.second ?? Number.NaN,
    millisecond: ((t % 1000) + 1000) % 1000,
  };
}

/**
 * Zone offsets only change at transitions, which tzdata puts on quarter-hour instants. So the offset is
 * asked of Intl once per zone and UTC day when the day has no transition (checked at both ends), else once
 * per 15-minute bucket of that day (checked at both ends of the bucket; a bucket whose ends disagree is
 * never cached); local parts are then plain arithmetic. Lookups and quotes call this several times per
 * request, on expiry dates spread over years: a day bucket keeps that to a few hundred Intl calls in all.
 */
const OFFSET_BUCKET_MS = 15 * 60_000;
const offsetCache = new Map<string, { days: Map<number, number | null>; buckets: Map<number, number | null> }>();
const CACHE_LIMIT = 8192;

function offsetOver(start: number, end: number, timeZone: string): number | null {
  const a = wallMs(intlPartsAt(start, timeZone)) - start;
  const b = wallMs(intlPartsAt(end, timeZone)) - end;
  return a === b ? a : null;
}

function cached(zone: Map<number, number | null>, key: number, compute: () => number | null): number | null {
  let v = zone.get(key);
  if (v === undefined) {
    v = compute();
    if (zone.size >= CACHE_LIMIT) zone.clear();
    zone.set(key, v);
  }
  return v;
}

function bucketOffset(t: number, timeZone: string): number | null {
  let zone = offsetCache.get(timeZone);
  if (!zone) offsetCache.set(timeZone, (zone = { days: new Map(), buckets: new Map() }));
  const day = Math.floor(t / MS_PER_DAY);
  const daily = cached(zone.days, day, () => offsetOver(day * MS_PER_DAY, (day + 1) * MS_PER_DAY - 1, timeZone));
  if (daily !== null) return daily;
  const bucket = Math.floor(t / OFFSET_BUCKET_MS);
  return cached(zone.buckets, bucket, () => offsetOver(bucket * OFFSET_BUCKET_MS, (bucket + 1) * OFFSET_BUCKET_MS - 1, timeZone));
}

function partsAt(t: number, timeZone: string): LocalParts {
  const offset = bucketOffset(t, timeZone);
  if (offset === null) return intlPartsAt(t, timeZone);
  const wall = t + offset;
  const day = Math.floor(wall / MS_PER_DAY);
  const date = fromDayNumber(day);
  let rest = wall - day * MS_PER_DAY;
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  return { year: date.year, month: date.month, day: date.day, hour, minute, second, millisecond: rest - second * 1000 };
}

/** Wall-clock parts (year, month 1-12, day, hour 0-23, minute, second, millisecond) in the zone. */
export function localParts(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): LocalParts {
  return partsAt(epochMs(instant), timeZone);
}

function wallMs(p: LocalParts): number {
  return dayNumber(p) * MS_PER_DAY + p.hour * 3_600_000 + p.minute * 60_000 + p.second * 1000 + p.millisecond;
}

/** Offset of the zone from UTC at instant t, in ms (e.g. +8 h for Shanghai). */
function offsetAt(t: number, timeZone: string): number {
  return wallMs(partsAt(t, timeZone)) - t;
}

/** The store-local calendar date of an instant, 'YYYY-MM-DD'. */
export function businessDate(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  return formatIsoDate(localParts(instant, timeZone));
}

/** Same as businessDate: 'YYYY-MM-DD' in the zone. */
export function formatLocalDate(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  return formatIsoDate(localParts(instant, timeZone));
}

/** 'YYYY-MM-DD HH:mm' in the zone (24-hour clock). */
export function formatLocalDateTime(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const p = localParts(instant, timeZone);
  return `${formatIsoDate(p)} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

function checkParts(parts: ZonedDateTimeParts): LocalParts {
  const p: LocalParts = {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    millisecond: parts.millisecond ?? 0,
  };
  const inRange = (v: number, max: number) => Number.isInteger(v) && v >= 0 && v <= max;
  const ok =
    isValidCalendarDate(p.year, p.month, p.day) &&
    inRange(p.hour, 23) &&
    inRange(p.minute, 59) &&
    inRange(p.second, 59) &&
    inRange(p.millisecond, 999);
  if (!ok) {
    const value = `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}.${p.millisecond}`;
    throw new AppError(domainError('timeInvalidParts', { params: { value } }));
  }
  return p;
}

/**
 * The instant at which the zone's wall clock shows `parts`. Around DST changes it follows the
 * usual "compatible" rule (as Temporal and most calendars do): a wall time that occurs twice
 * (clocks go back) gives the earlier instant; a wall time that does not exist (clocks go
 * forward) is moved forward by the length of the gap (02:30 -> 03:30 in New York).
 */
export function zonedDateTimeToInstant(parts: ZonedDateTimeParts, timeZone: string = DEFAULT_TIME_ZONE): Date {
  const wall = wallMs(checkParts(parts));
  formatterFor(timeZone);
  const offsets = new Set([
    offsetAt(wall - MS_PER_DAY, timeZone),
    offsetAt(wall, timeZone),
    offsetAt(wall + MS_PER_DAY, timeZone),
  ]);
  const matches: number[] = [];
  for (const o of offsets) {
    const t = wall - o;
    if (offsetAt(t, timeZone) === o) matches.push(t);
  }
  if (matches.length > 0) return new Date(Math.min(...matches));
  // In a gap: use the offset in force before the transition.
  return new Date(wall - offsetAt(wall - MS_PER_DAY, timeZone));
}

/** Start (00:00 local, inclusive) and end (next day's 00:00, exclusive) of a business date. */
export function businessDayBounds(date: string, timeZone: string = DEFAULT_TIME_ZONE): { start: Date; end: Date } {
  const d = parseIsoDate(date);
  if (!d) throw new AppError(domainError('dateFormat'));
  const next: CalendarDate = fromDayNumber(dayNumber(d) + 1);
  return { start: zonedDateTimeToInstant(d, timeZone), end: zonedDateTimeToInstant(next, timeZone) };
}

/**
 * Calendar days from `now` to `expiry` in the zone: 0 when it expires today (local), 1 tomorrow,
 * negative once the local expiry date has passed.
 */
export function daysLeft(expiry: Date, now: Date, timeZone: string = DEFAULT_TIME_ZONE): number {
  return dayNumber(localParts(expiry, timeZone)) - dayNumber(localParts(now, timeZone));
}
