/**
 * The usual level of a series at each hour of the day, for the detector's daily-context signal:
 * a road sensor's speed in an incident at noon, or its occupancy during days of roadworks, stays
 * inside the range rush hours reach, so only the hour it happens at makes it unusual.
 * Settings chosen on the training seeds of `npm run eval:nab-kinds` (traffic shaped after NAB's
 * realTraffic files) and the 35 NAB series; with them NAB standard / low FP / low FN is
 * 70.13 / 63.94 / 74.63 against 68.28 / 61.94 / 72.79 without (art_daily_nojump, a missing daily
 * peak, is found; two artificial daily series lose a false alarm) and training traffic 42.83
 * against 39.08; training tweets and ad exchange unchanged.
 */

/**
 * Points an hour needs before its level is trusted (two days of 5-minute data, or a day of them
 * with gaps). Chosen on the training seeds of `npm run eval:nab-kinds` and the 35 NAB series:
 * 12 ties with 24 on NAB and on training traffic's standard score (its low-FN score 2 points
 * lower), 48 finds none of the extra training traffic anomalies.
 */
const HOUR_LEAST = 24;
/**
 * Values in a judged run: each must lie on the same side of its hour's level, beyond HOUR_Z of
 * its usual deviation. Runs of 10, 12, 15, 20 tried: 10 and 12 leave NAB standard at 68.40 and
 * 68.51 (against 70.13 with 15), 20 finds none of the extra training traffic anomalies.
 */
export const HOUR_RUN = 15;
/** Deviation, in the hour's mean absolute deviations, counted as off the usual level (2 and 2.5 tie; 1.5, tried with a share of 0.7, finds none of the extra training traffic anomalies). */
const HOUR_Z = 2;
/**
 * Points an hour's level and deviation average over once learnt (running means before): 50, 100,
 * 200 tried, 100 the middle of a plateau (50: tweets +0.8, the rest the same).
 */
const HOUR_WINDOW = 100;
/**
 * Share of the kept range added to an hour's deviation, so a near-constant hour does not make
 * every wobble a break (0.01, 0.02, 0.05 tried; 0.05 finds one training traffic anomaly fewer).
 */
const HOUR_FLOOR = 0.02;
/**
 * Share of the spread the hours must explain (between-hour variance over that plus the
 * within-hour variance) before the signal speaks at all: series without a daily shape (most NAB
 * machine metrics, ad-exchange prices) are left to the other signals. With runs of 10: 0 cost
 * NAB 7 points and training ad exchange 4.5, 0.4 cost NAB 1.3, 0.7 and 0.8 find none of the
 * extra training traffic anomalies; with runs of 15: 0.5 cost training tweets 0.5, 0.65 finds one fewer.
 */
const DAILY_SHARE = 0.6;
/** Hours that must be trusted before the share is computed (half a day). */
const HOURS_LEAST = 12;
/** Mean absolute deviation to standard deviation for normal data (sqrt(pi/2)). */
const MAD_TO_SD = 1.25;

/** What the profile remembers; part of the detector's JSON state. */
export interface HourOfDayState {
  /** Per hour of the day (0–23): running level, mean absolute deviation, and points learnt (capped at HOUR_WINDOW). */
  mean: number[];
  dev: number[];
  count: number[];
  /** Points in a row above (below) their hour's usual level. */
  up: number;
  down: number;
}

/** The hour of the day (0–23) of a timestamp: as written in an ISO-like string (its own clock), in UTC for epoch ms; −1 when unknown. */
export function hourOfDay(timestamp: string | number): number {
  if (typeof timestamp === 'number')
    return Number.isFinite(timestamp)
      ? Math.floor((((timestamp % 86_400_000) + 86_400_000) % 86_400_000) / 3_600_000)
      : -1;
  const sep = timestamp.charCodeAt(10);
  const h1 = timestamp.charCodeAt(11) - 48;
  const h2 = timestamp.charCodeAt(12) - 48;
  if ((sep === 84 || sep === 32) && h1 >= 0 && h1 <= 2 && h2 >= 0 && h2 <= 9 && h1 * 10 + h2 < 24)
    return h1 * 10 + h2;
  const ms = Date.parse(timestamp);
  return Number.isFinite(ms) ? hourOfDay(ms) : -1;
}

export class HourOfDayProfile {
  private readonly mean = new Float64Array(24);
  private readonly dev = new Float64Array(24);
  private readonly count = new Float64Array(24);
  private up = 0;
  private down = 0;

  constructor(state?: HourOfDayState) {
    if (!state) return;
    for (let h = 0; h < 24; h++) {
      this.mean[h] = state.mean[h] ?? 0;
      this.dev[h] = state.dev[h] ?? 0;
      this.count[h] = state.count[h] ?? 0;
    }
    this.up = state.up;
    this.down = state.down;
  }

  state(): HourOfDayState {
    return {
      mean: Array.from(this.mean),
      dev: Array.from(this.dev),
      count: Array.from(this.count),
      up: this.up,
      down: this.down,
    };
  }

  /**
   * Judges `value` at `hour` and learns it: +1 (−1) when it ends a run of HOUR_RUN values each
   * well above (below) its hour's usual level in a series with a daily shape, else 0. `range` is
   * the kept history's range; `judged` false (history not yet full) only learns.
   */
  judge(hour: number, value: number, range: number, judged: boolean): number {
    const c = this.count[hour] as number;
    const m = this.mean[hour] as number;
    let verdict = 0;
    if (judged && c >= HOUR_LEAST) {
      const spread = (this.dev[hour] as number) + HOUR_FLOOR * range;
      const z = (value - m) / (spread > 0 ? spread : 1e-12);
      this.up = z > HOUR_Z ? this.up + 1 : 0;
      this.down = z < -HOUR_Z ? this.down + 1 : 0;
      if ((this.up >= HOUR_RUN || this.down >= HOUR_RUN) && this.dailyShare() >= DAILY_SHARE)
        verdict = this.up >= HOUR_RUN ? 1 : -1;
    } else {
      this.up = 0;
      this.down = 0;
    }
    const rate = 1 / Math.min(c + 1, HOUR_WINDOW);
    const dev = this.dev[hour] as number;
    const nextMean = c === 0 ? value : m + rate * (value - m);
    const nextDev = c === 0 ? 0 : dev + rate * (Math.abs(value - m) - dev);
    // Values near ±Number.MAX_VALUE can overflow the arithmetic; such a point teaches nothing.
    if (!Number.isFinite(nextMean) || !Number.isFinite(nextDev)) return verdict;
    this.mean[hour] = nextMean;
    this.dev[hour] = nextDev;
    this.count[hour] = Math.min(c + 1, HOUR_WINDOW);
    return verdict;
  }

  /** Share of the spread explained by the hour of day, over the trusted hours (0 with fewer than HOURS_LEAST). */
  private dailyShare(): number {
    let hours = 0;
    let sum = 0;
    let squares = 0;
    let dev = 0;
    for (let h = 0; h < 24; h++) {
      if ((this.count[h] as number) < HOUR_LEAST) continue;
      const m = this.mean[h] as number;
      hours++;
      sum += m;
      squares += m * m;
      dev += this.dev[h] as number;
    }
    if (hours < HOURS_LEAST) return 0;
    const between = squares / hours - (sum / hours) ** 2;
    const within = ((MAD_TO_SD * dev) / hours) ** 2;
    return between > 0 ? between / (between + within) : 0;
  }
}
