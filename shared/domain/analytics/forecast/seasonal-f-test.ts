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
  const residuals: [number, number][] = [];
  values.forEach((v, t) => {
    const level = trend[t] ?? Number.NaN;
    if (Number.isNaN(level)) return;
    const phase = t % period;
    residuals.push([phase, v - level]);
    sums[phase] = (sums[phase] ?? 0) + v - level;
    counts[phase] = (counts[phase] ?? 0) + 1;
  });
  const total = residuals.length;
  const grand = sums.reduce((a, b) => a + b, 0) / total;
  const means = sums.map((s, j) => s / Math.max(1, counts[j] ?? 0));
  let between = 0;
  for (let j = 0; j < period; j++) between += (counts[j] ?? 0) * ((means[j] ?? 0) - grand) ** 2;
  let within = 0;
  for (const [phase, r] of residuals) within += (r - (means[phase] ?? 0)) ** 2;
  const d1 = period - 1;
  const d2 = total - period;
  if (d2 < 1) return undefined;
  if (within <= 0) return between > 0 ? { f: Number.POSITIVE_INFINITY, pValue: 0 } : undefined;
  const f = between / d1 / (within / d2);
  return { f, pValue: regularizedIncompleteBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2) };
}
