/** Finds the seasonal periods of a series without timestamps, by autocorrelation of the detrended series. */
import { movingAveragesInto } from './classical-decomposition';
import { nestedSeasonalPValue, seasonalFTest } from './seasonal-f-test';

/**
 * Periods worth testing, in observations: quarterly/monthly/weekly/daily cycles of common
 * sampling rates (4 quarters, 5 and 7 days, 12 months, 24 hours, 48 half-hours, 52 weeks,
 * 60 minutes, 96 quarter-hours, 144 ten-minutes, 168 hours a week, 288 five-minutes, 365 days).
 */
export const CANDIDATE_PERIODS: readonly number[] = [
  4, 5, 7, 12, 24, 48, 52, 60, 96, 144, 168, 288, 365, 1440,
];

/** Daily periods of sub-daily data, for which the week (7 × the period) is tested as a second seasonality. */
export const DAILY_PERIODS: readonly number[] = [24, 48, 96, 144, 288, 1440];

/** How far below its neighbours r_m may be and still count as a peak (tuned on M4 Hourly, whose cycles drift). */
export const PEAK_TOLERANCE = 0.1;

/** A period that tested seasonal, and how strongly, so the strongest can be preferred. */
export interface SeasonalityEvidence {
  readonly period: number;
  /** Autocorrelation at lag `period` of the series minus its centred moving average of that order. */
  readonly strength: number;
}

/**
 * Autocorrelations of x[0 … n − 1] at `lags`. Centres x in place (the same differences the
 * products would each take twice per lag).
 */
function autocorrelationsAt(x: Float64Array, n: number, lags: readonly number[]): number[] {
  let sum = 0;
  for (let t = 0; t < n; t++) sum += x[t] as number;
  const mean = sum / n;
  let squares = 0;
  for (let t = 0; t < n; t++) {
    const c = (x[t] as number) - mean;
    x[t] = c;
    squares += c * c;
  }
  return lags.map((k) => {
    if (squares === 0 || k >= n) return 0;
    let s = 0;
    for (let t = 0; t + k < n; t++) s += (x[t] as number) * (x[t + k] as number);
    return s / squares;
  });
}

/** Scratch for {@link detrendedByMovingAverage}, grown as needed (one per candidate period and series otherwise). */
let detrendScratch = new Float64Array(1024);

/**
 * The series minus its centred moving average of order `period` where that average is defined,
 * in a scratch array valid until the next call; returns it and how many values it holds.
 */
function detrendedByMovingAverage(
  values: readonly number[],
  period: number,
): { x: Float64Array; count: number } {
  if (detrendScratch.length < values.length) detrendScratch = new Float64Array(values.length);
  const x = detrendScratch;
  const count = movingAveragesInto(values, period, x);
  const half = Math.floor(period / 2);
  for (let j = 0; j < count; j++) x[j] = (values[half + j] as number) - (x[j] as number);
  return { x, count };
}

/**
 * Evidence for a seasonal period m: detrend by the centred moving average of order m (which
 * removes the trend but keeps period-m seasonality), then take the autocorrelation r_m. A period
 * counts when r_m exceeds both 0.2 and twice the 90% white-noise limit 1.645/√n (M4's test uses
 * Bartlett's limit on the raw series; detrending first keeps trending series from looking
 * seasonal at every lag), is about a local peak (within {@link PEAK_TOLERANCE} of r_{m±1}), the series spans at
 * least three periods, and, over fewer than {@link GATED_CYCLES} cycles, the phase means differ
 * significantly ({@link stableAt}): there the autocorrelation of a random walk detrended by a moving
 * average peaks by chance.
 */
export function seasonalityEvidence(
  values: readonly number[],
  period: number,
): SeasonalityEvidence | undefined {
  const n = values.length;
  if (period < 2 || n < 3 * period) return undefined;
  const { x, count } = detrendedByMovingAverage(values, period);
  const [before = 0, at = 0, after = 0] = autocorrelationsAt(x, count, [period - 1, period, period + 1]);
  const limit = Math.max(0.2, (2 * 1.645) / Math.sqrt(n));
  if (!(at > limit && at >= Math.max(before, after) - PEAK_TOLERANCE)) return undefined;
  return n >= GATED_CYCLES * period || stableAt(values, period) ? { period, strength: at } : undefined;
}

/**
 * The seasonal periods to model, strongest first: the candidate with the largest detrended
 * autocorrelation, and, when that is a daily period of sub-daily data, the week as well if it
 * also tests seasonal (multiple seasonality, as in Taylor 2003 for hourly electricity demand).
 * A caller-given period replaces detection of the first period. Returns `[]` when none is found.
 */
export function detectPeriods(values: readonly number[], given?: number): number[] {
  let primary: number | undefined;
  if (given !== undefined && given > 1) {
    primary = given;
  } else if (given === undefined) {
    const found = CANDIDATE_PERIODS.flatMap((period) => seasonalityEvidence(values, period) ?? []);
    let best: SeasonalityEvidence | undefined;
    for (const evidence of found) if (!best || evidence.strength > best.strength) best = evidence;
    // A multiple of the true period correlates about as well; prefer a divisor it does not improve on.
    const strongest = best;
    const divisor = found.find((e) => {
      if (strongest === undefined || e.period >= strongest.period || strongest.period % e.period !== 0)
        return false;
      const p = nestedSeasonalPValue(values, e.period, strongest.period);
      return p !== undefined && p >= STABLE_SEASONALITY_ALPHA;
    });
    primary = (divisor ?? best)?.period ?? stablePeriod(values);
  }
  if (primary === undefined) return [];
  const daily = primary / 7;
  if (DAILY_PERIODS.includes(daily) && seasonalityEvidence(values, daily)) return [daily, primary];
  const weekly = primary * 7;
  if (DAILY_PERIODS.includes(primary) && seasonalityEvidence(values, weekly)) return [primary, weekly];
  return [primary];
}

/**
 * Below this many cycles an autocorrelation peak must also pass the F test ({@link stableAt}):
 * with few cycles a random walk's detrended autocorrelation peaks by chance (synthetic series), while
 * on long series the F test's assumption of a fixed pattern rejects drifting cycles that forecasting
 * still gains from (M4 Hourly's training series).
 */
export const GATED_CYCLES = 10;

/**
 * Per-test significance of the stable-seasonality F tests. Tuned on synthetic series (white
 * noise, AR(1), random walks, trends with and without patterns; the seasonality detection test),
 * not on benchmark data.
 */
export const STABLE_SEASONALITY_ALPHA = 0.01;

/**
 * Whether period m's phase means differ significantly: in the first differences at
 * {@link STABLE_SEASONALITY_ALPHA}, or, for smooth cycles that differencing damps, overwhelmingly
 * (p below {@link STRONG_SEASONALITY_P}) in the moving-average-detrended series.
 */
export function stableAt(
  values: readonly number[],
  period: number,
  alpha = STABLE_SEASONALITY_ALPHA,
): boolean {
  const differenced = seasonalFTest(values, period, 'difference');
  if (differenced && differenced.pValue < alpha) return true;
  const detrended = seasonalFTest(values, period);
  return detrended !== undefined && detrended.pValue < STRONG_SEASONALITY_P;
}

/** Moving-average F-test p-value that counts as seasonal on its own (synthetic series, as above). */
export const STRONG_SEASONALITY_P = 1e-6;

/**
 * The candidate period whose phase means differ most significantly in both F tests (the larger of
 * the two p-values, below {@link STABLE_SEASONALITY_ALPHA} over the number of periods tested), for
 * series where no autocorrelation peak stands out: short quarterly and monthly series, where a
 * handful of cycles carry the pattern.
 */
function stablePeriod(values: readonly number[]): number | undefined {
  const tests = CANDIDATE_PERIODS.flatMap((period) => {
    const detrended = seasonalFTest(values, period);
    const differenced = seasonalFTest(values, period, 'difference');
    return detrended && differenced
      ? [{ period, pValue: Math.max(detrended.pValue, differenced.pValue) }]
      : [];
  });
  const level = STABLE_SEASONALITY_ALPHA / Math.max(1, tests.length);
  let best: { period: number; pValue: number } | undefined;
  for (const t of tests) if (t.pValue < level && (!best || t.pValue < best.pValue)) best = t;
  return best?.period;
}

/**
 * The lag within ±`width` of `period` where the detrended autocorrelation peaks. Why: some
 * cycles are not exactly the nominal one (an hourly series whose daily shape arrives an hour
 * earlier each day repeats every 23 steps), and a seasonal naive at the true lag then beats
 * every model built on the nominal period.
 */
export function refinePeriod(values: readonly number[], period: number, width: number): number {
  if (values.length < 3 * (period + width)) return period;
  const detrended = detrendedByMovingAverage(values, period);
  const lags: number[] = [];
  for (let k = Math.max(2, period - width); k <= period + width; k++) lags.push(k);
  const r = autocorrelationsAt(detrended.x, detrended.count, lags);
  let best = period;
  let bestR = Number.NEGATIVE_INFINITY;
  lags.forEach((k, i) => {
    const rk = r[i] ?? Number.NEGATIVE_INFINITY;
    if (rk > bestR || (rk === bestR && k === period)) {
      best = k;
      bestR = rk;
    }
  });
  return best;
}
