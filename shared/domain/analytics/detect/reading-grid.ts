/**
 * A series' nominal interval between readings, and how many of those intervals each new reading
 * comes after, so the detector's quiet period after an alert lasts a time rather than a count of
 * readings: a road sensor that skips readings at night, or a travel-time sensor that reports a
 * few times an hour, otherwise stays muted for days after one alert and misses the next incident.
 * The share of intervals that brought a reading (coverage) lets the hour-of-day profile trust an
 * hour after two days of the readings the series delivers (hour-of-day-profile.ts).
 */

/**
 * Spacings whose median is the nominal interval (the first ones of the series; jitter of a
 * minute and gaps of hours leave the median on the grid). Chosen without tuning: two hours of
 * 5-minute data, early enough for the first alert (the probationary period is longer).
 */
export const GRID_SAMPLES = 24;

/** What the grid remembers; part of the detector's JSON state. */
export interface ReadingGridState {
  /** Spacings in ms gathered until GRID_SAMPLES are known (then empty). */
  samples: number[];
  /** The nominal interval in ms; 0 until known. */
  spacing: number;
  /** Wall-clock ms of the last reading. */
  last: number;
  /** Readings and nominal intervals since the interval was known (their ratio is the coverage); absent in older states. */
  readings?: number;
  intervals?: number;
  /** Readings since `last` whose time was not read, and the hour of `last` (−1 when none); absent in older states. */
  pending?: number;
  hour?: number;
}

const DAY_MS = 86_400_000;

/** Days from 1970-01-01 to a proleptic Gregorian date (month 1–12). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The last date read and its day number: consecutive readings mostly share their date. */
const lastDate = { key: -1, days: 0 };

/** The digit at `at` (0–9), or −1 when that character is not a digit. */
function digitAt(text: string, at: number): number {
  const d = text.charCodeAt(at) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

/** Two digits at `at` as a number, or −1 when either is not a digit. */
function twoDigitsAt(text: string, at: number): number {
  const a = digitAt(text, at);
  const b = digitAt(text, at + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * Milliseconds on the clock a timestamp is written in: epoch ms as given; for an ISO-like
 * "YYYY-MM-DD[T ]HH:MM[:SS[.fff]]" string its digits as if in UTC, whatever offset follows (only
 * differences between readings are used, so a fixed offset cancels); other strings via
 * Date.parse. NaN when unknown. Read digit by digit, by hand: it runs at every reading of a quiet
 * period and at each hour's first, and Date.parse took a tenth of the detector's time there (it
 * also reads an offset-less "YYYY-MM-DD HH:MM" in the machine's zone, where a DST change would
 * open a false gap). Not zoned-time.ts's wallClockMs, which converts epoch ms into a zone.
 */
export function writtenClockMs(timestamp: string | number): number {
  if (typeof timestamp === 'number') return timestamp;
  const sep = timestamp.charCodeAt(10);
  if (
    timestamp.length >= 16 &&
    timestamp.charCodeAt(4) === 45 &&
    timestamp.charCodeAt(7) === 45 &&
    (sep === 84 || sep === 32) &&
    timestamp.charCodeAt(13) === 58
  ) {
    const century = twoDigitsAt(timestamp, 0);
    const yy = twoDigitsAt(timestamp, 2);
    const month = twoDigitsAt(timestamp, 5);
    const day = twoDigitsAt(timestamp, 8);
    const hour = twoDigitsAt(timestamp, 11);
    const minute = twoDigitsAt(timestamp, 14);
    if (
      century >= 0 &&
      yy >= 0 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= 31 &&
      hour >= 0 &&
      hour < 24 &&
      minute >= 0 &&
      minute < 60
    ) {
      const key = ((century * 100 + yy) * 100 + month) * 100 + day;
      if (key !== lastDate.key) {
        lastDate.key = key;
        lastDate.days = daysFromCivil(century * 100 + yy, month, day);
      }
      let ms = lastDate.days * DAY_MS + hour * 3_600_000 + minute * 60_000;
      const second = timestamp.charCodeAt(16) === 58 ? twoDigitsAt(timestamp, 17) : -1;
      if (second >= 0) {
        ms += second * 1000;
        const tenths = timestamp.charCodeAt(19) === 46 ? digitAt(timestamp, 20) : -1;
        const rest = tenths >= 0 ? twoDigitsAt(timestamp, 21) : -1;
        if (rest >= 0) ms += tenths * 100 + rest;
      }
      return ms;
    }
  }
  return Date.parse(timestamp);
}

export class ReadingGrid {
  private samples: number[];
  private spacing: number;
  private last: number;
  private readings: number;
  private intervals: number;
  /** Readings after `last` whose time was not read (see {@link pass}). */
  private pending: number;
  /** Hour of the day of the last reading whose time was read; −1 when none. */
  private lastHour: number;

  constructor(state?: ReadingGridState) {
    this.samples = state ? [...state.samples] : [];
    this.spacing = state?.spacing ?? 0;
    this.last = state?.last ?? Number.NaN;
    this.readings = state?.readings ?? 0;
    this.intervals = state?.intervals ?? 0;
    this.pending = state?.pending ?? 0;
    this.lastHour = state?.hour ?? -1;
  }

  /** Share of the nominal intervals that brought a reading (1 until the interval is known). */
  get coverage(): number {
    return this.intervals > 0 ? this.readings / this.intervals : 1;
  }

  /**
   * Whether a reading at `hour` must have its time read: while the interval is being learnt, and
   * at the first reading of each hour (the coverage then counts the hour's readings at once).
   * Reading every timestamp would cost a tenth of the detector's time.
   */
  wants(hour: number): boolean {
    return this.spacing === 0 || hour !== this.lastHour;
  }

  /** Counts a reading whose time is not read; the next time read spans it. */
  pass(): void {
    this.pending++;
  }

  /**
   * Learns a reading at wall-clock `ms` and `hour` and returns the nominal intervals since the
   * previous reading, rounded, at least 1 (1 while the interval is unknown, when time is unknown
   * or does not advance, or when the previous reading's time was not read).
   */
  advance(ms: number, hour: number): number {
    const gap = ms - this.last;
    if (Number.isFinite(ms)) {
      this.last = ms;
      this.lastHour = hour;
    }
    if (!(gap > 0)) return 1;
    if (this.spacing === 0) {
      this.samples.push(gap);
      if (this.samples.length >= GRID_SAMPLES) {
        const sorted = [...this.samples].sort((a, b) => a - b);
        this.spacing = sorted[Math.floor(sorted.length / 2)] as number;
        this.samples = [];
      }
      return 1;
    }
    const span = this.pending + 1;
    const rounded = Math.round(gap / this.spacing);
    this.readings += span;
    this.intervals += Math.max(rounded, span);
    this.pending = 0;
    return span === 1 && rounded > 1 ? rounded : 1;
  }

  /** Reads the time of the last reading after all (it was passed), so the next reading's gap is known. */
  stamp(ms: number, hour: number): void {
    if (this.pending === 0 || !Number.isFinite(ms)) return;
    this.pending--;
    this.advance(ms, hour);
  }

  state(): ReadingGridState | undefined {
    if (!Number.isFinite(this.last)) return undefined;
    return {
      samples: [...this.samples],
      spacing: this.spacing,
      last: this.last,
      readings: this.readings,
      intervals: this.intervals,
      pending: this.pending,
      hour: this.lastHour,
    };
  }
}
