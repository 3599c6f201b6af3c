/**
 * Shifts instants to the wall-clock time of an IANA zone, so a chart drawn on a UTC scale shows
 * local times (Vega formats time in the process's zone otherwise, which is UTC in Lambda but
 * not on a laptop).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when `timeZone` is an IANA zone name this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The instant `epochMs` as milliseconds whose UTC fields read as the wall clock in `timeZone`
 * (for 2026-12-02T10:00Z in Europe/Berlin: 2026-12-02T11:00Z). Only for display on UTC scales.
 */
export function wallClockMs(epochMs: number, timeZone: string): number {
  if (timeZone === 'UTC') return epochMs;
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const field = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value ?? Number.NaN);
  const wholeSeconds = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  return wholeSeconds + (((epochMs % 1000) + 1000) % 1000);
}
