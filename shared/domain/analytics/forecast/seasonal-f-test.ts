/** An F test for a repeating pattern of a given period in a series detrended by its centred moving average. */
import { regularizedIncompleteBeta } from '../summarize/special-functions';
import { centredMovingAverage } from './classical-decomposition';

/** The F statistic of the between-phase against the within-phase variance, and its upper-tail p-value. */
export interface SeasonalFTest {
  readonly f: number;
  readonly pValue: number;
}

/**
 * How the trend is removed before the test: the centred moving average of order m, or the previous
 * value (first differences), which whitens random walks and strongly autocorrelated noise whose
 * slow wander the moving average leaves in, at the cost of power on smooth long cycles.
 */
export type SeasonalFTestDetrending = 'moving-average' | 'difference';

/**
 * One-way analysis of variance of the detrended series grouped by phase (t mod m), the stable
 * seasonality test of X-11 (Lothian & Morry 1978; Ladiray & Quenneville 2001, §2.6): detrend by
 * the centred moving average of order m (which keeps period-m seasonality and removes the trend),
 * then F = (SS_between/(m − 1)) / (SS_within/(N − m)) with upper-tail probability
 * I_{d2/(d2 + d1·F)}(d2/2, d1/2). Why besides the autocorrelation test: it uses every cycle's
 * phase means at once, so on short quarterly or monthly series (5 or 6 cycles) it finds patterns
 * that a single lag's autocorrelation cannot separate from noise. Needs three full periods.
 * Either detrending works: `difference` tests the pattern of the period-to-period changes.
 */
export function seasonalFTest(
  values: readonly number[],
  period: number,
  detrend: SeasonalFTestDetrending = 'moving-average',
): SeasonalFTest | undefined {
  const n = values.length;
  if (period < 2 || n < 3 * period) return undefined;
  const trend =
    detrend === 'difference'
      ? values.map((_, t) => (t === 0 ? Number.NaN : (values[t - 1] ?? 0)))
      : centredMovingAverage(values, period);
  const sums = new Array<number>(period).fill(0);
  const counts = new Array<number>(period).fill(0);
  // Typed scratch rather than a [phase, residual] pair per point (this runs per candidate period).
  const phases = new Int32Array(n);
  const residuals = new Float64Array(n);
  let total = 0;
  for (let t = 0; t < n; t++) {
    const v = values[t] as number;
    const level = trend[t] ?? Number.NaN;
    if (Number.isNaN(level)) continue;
    const phase = t % period;
    phases[total] = phase;
    residuals[total] = v - level;
    total++;
    sums[phase] = (sums[phase] ?? 0) + v - level;
    counts[phase] = (counts[phase] ?? 0) + 1;
  }
  const grand = sums.reduce((a, b) => a + b, 0) / total;
  const means = sums.map((s, j) => s / Math.max(1, counts[j] ?? 0));
  let between = 0;
  for (let j = 0; j < period; j++) between += (counts[j] ?? 0) * ((means[j] ?? 0) - grand) ** 2;
  let within = 0;
  for (let i = 0; i < total; i++)
    within += ((residuals[i] as number) - (means[phases[i] as number] ?? 0)) ** 2;
  const d1 = period - 1;
  const d2 = total - period;
  if (d2 < 1) return undefined;
  if (within <= 0) return between > 0 ? { f: Number.POSITIVE_INFINITY, pValue: 0 } : undefined;
  const f = between / d1 / (within / d2);
  return { f, pValue: regularizedIncompleteBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2) };
}

/** Sum of squares of `residuals` around their phase means at `period`. */
function withinPhase(residuals: readonly number[], offset: number, period: number): number {
  const sums = new Array<number>(period).fill(0);
  const counts = new Array<number>(period).fill(0);
  residuals.forEach((r, i) => {
    const phase = (i + offset) % period;
    sums[phase] = (sums[phase] ?? 0) + r;
    counts[phase] = (counts[phase] ?? 0) + 1;
  });
  let ss = 0;
  residuals.forEach((r, i) => {
    const phase = (i + offset) % period;
    ss += (r - (sums[phase] ?? 0) / Math.max(1, counts[phase] ?? 0)) ** 2;
  });
  return ss;
}

/**
 * Whether a pattern of period `long` explains significantly more than one of its divisor `short`
 * (nested F test on the series detrended at `long`): p-value of
 * ((SS_short − SS_long)/(long − short)) / (SS_long/(N − long)). Why: a multiple of the true
 * period correlates about as well as the period itself, and the shorter one is the better model.
 */
export function nestedSeasonalPValue(
  values: readonly number[],
  short: number,
  long: number,
): number | undefined {
  if (long % short !== 0 || values.length < 3 * long) return undefined;
  const trend = centredMovingAverage(values, long);
  const offset = Math.floor(long / 2);
  const residuals: number[] = [];
  values.forEach((v, t) => {
    const level = trend[t] ?? Number.NaN;
    if (!Number.isNaN(level)) residuals.push(v - level);
  });
  const ssLong = withinPhase(residuals, offset, long);
  const ssShort = withinPhase(residuals, offset, short);
  const d1 = long - short;
  const d2 = residuals.length - long;
  if (d2 < 1 || ssLong <= 0) return undefined;
  const f = Math.max(0, ssShort - ssLong) / d1 / (ssLong / d2);
  return regularizedIncompleteBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
}
