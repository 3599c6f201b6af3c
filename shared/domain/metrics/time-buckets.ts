/**
 * Series buckets by event time, aligned to the interval in an IANA time zone: minutes, five
 * minutes and hours follow the local clock (so a +05:30 zone's hours start at :30 UTC), and days
 * start at local midnight, so a day with a DST change lasts 23 or 25 hours.
 */
import { ValidationError } from '../errors';

export const intervals = ['1m', '5m', '1h', '1d'] as const;
export type Interval = (typeof intervals)[number];

/** Length of a sub-day interval in seconds (a day's length depends on the zone). */
export const intervalSeconds: Readonly<Record<Interval, number>> = {
  '1m': 60,
  '5m': 300,
  '1h': 3600,
  '1d': 86400,
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's canonical name, or a ValidationError naming `path`. */
export function checkTimeZone(timeZone: string, path = 'tz'): string {
  try {
    return formatterOf(timeZone).resolvedOptions().timeZone;
  } catch {
    throw new ValidationError('INVALID_TIME_ZONE', `"${timeZone}" is not an IANA time zone`, [
      { path, message: 'unknown time zone' },
    ]);
  }
}

/** UTC offset of the zone at the instant, in seconds (east positive). */
export function offsetSecondsAt(epochSeconds: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const name = formatterOf(timeZone)
    .formatToParts(new Date(epochSeconds * 1000))
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?/.exec(name ?? '');
  if (!match) return 0; // "GMT" alone: the zone is at UTC
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0);
  return match[1] === '-' ? -seconds : seconds;
}

/** Days since 1970-01-01 of the local date at the instant. */
export function localDayOf(epochSeconds: number, timeZone: string): number {
  return Math.floor((epochSeconds + offsetSecondsAt(epochSeconds, timeZone)) / 86400);
}

/**
 * First instant of a local date: its midnight, or the end of a DST gap where midnight is
 * skipped. Binary search, since the local date only moves forward through the day's start.
 */
export function dayStart(localDay: number, timeZone: string): number {
  let lo = localDay * 86400 - 15 * 3600;
  let hi = localDay * 86400 + 15 * 3600;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDayOf(mid, timeZone) >= localDay) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Start (epoch seconds) of the bucket holding the instant. */
export function bucketStart(epochSeconds: number, interval: Interval, timeZone: string): number {
  if (interval === '1d') return dayStart(localDayOf(epochSeconds, timeZone), timeZone);
  const width = intervalSeconds[interval];
  const offset = offsetSecondsAt(epochSeconds, timeZone);
  return Math.floor((epochSeconds + offset) / width) * width - offset;
}

/** Start of the bucket after the one starting at `start`. */
export function nextBucketStart(start: number, interval: Interval, timeZone: string): number {
  if (interval === '1d') return dayStart(localDayOf(start, timeZone) + 1, timeZone);
  const width = intervalSeconds[interval];
  const next = bucketStart(start + width, interval, timeZone);
  // A zone whose offset moves by less than the interval could realign backwards.
  return next > start ? next : start + width;
}

/** Bucket starts covering [from, to): the first holds `from`, the last starts before `to`. */
export function bucketStarts(from: number, to: number, interval: Interval, timeZone: string): number[] {
  const starts: number[] = [];
  // Where the zone keeps one offset over the range (almost always), sub-day buckets are evenly
  // spaced: no per-bucket zone lookup (a 24-hour series at 1m would need 2,880).
  const segments = interval === '1d' ? [] : offsetSegments(from, to, timeZone);
  if (segments.length === 1) {
    const width = intervalSeconds[interval];
    for (let t = bucketStart(from, interval, timeZone); t < to; t += width) starts.push(t);
    return starts;
  }
  for (let t = bucketStart(from, interval, timeZone); t < to; t = nextBucketStart(t, interval, timeZone)) {
    starts.push(t);
  }
  return starts;
}

/** The first bucket start at or after the instant. */
export function bucketCeil(epochSeconds: number, interval: Interval, timeZone: string): number {
  const start = bucketStart(epochSeconds, interval, timeZone);
  return start === epochSeconds ? start : nextBucketStart(start, interval, timeZone);
}

/** A constant-offset stretch of the zone: from `since` (inclusive) on, `offset` applies. */
export interface OffsetSegment {
  readonly since: number;
  readonly offset: number;
}

/**
 * The zone's offsets over [from, to), found by sampling hourly and bisecting each change to the
 * second. The series SQL uses them, so the engine needs no time zone database of its own.
 */
export function offsetSegments(from: number, to: number, timeZone: string): OffsetSegment[] {
  const segments: OffsetSegment[] = [
    { since: Number.NEGATIVE_INFINITY, offset: offsetSecondsAt(from, timeZone) },
  ];
  let previous = from;
  for (let t = from + 3600; ; t += 3600) {
    const at = Math.min(t, to);
    const offset = offsetSecondsAt(at, timeZone);
    const current = segments[segments.length - 1]?.offset;
    if (offset !== current) {
      let lo = previous;
      let hi = at;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetSecondsAt(mid, timeZone) === current) lo = mid;
        else hi = mid;
      }
      segments.push({ since: hi, offset });
    }
    previous = at;
    if (at >= to) break;
  }
  return segments;
}
