/** Seasonality of one series: its period (given or found from autocorrelation peaks) and the strength of the seasonal pattern. */
import { autocorrelation } from './fft';

/** Seasonal period, where it came from, the autocorrelation at that lag and the seasonal strength. */
export interface SeasonalitySummary {
  /** Period in steps; null when none was given and no autocorrelation peak stands out. */
  readonly period: number | null;
  readonly periodSource: 'given' | 'detected' | null;
  /** Autocorrelation of the linearly detrended series at lag `period`; null without a period or when period ≥ n. */
  readonly autocorrelation: number | null;
  /**
   * Seasonal strength in [0, 1] (Wang, Smith & Hyndman 2006; Hyndman & Athanasopoulos, "Forecasting:
   * Principles and Practice", §4.3 STL features): max(0, 1 − Var(R)/Var(S + R)) from a classical
   * additive decomposition. Null without a period or with fewer than two full periods of data.
   */
  readonly strength: number | null;
}

/** Standard errors a peak must clear (Bartlett bands at 3 s.e., as in correlogram plots but stricter). */
const PEAK_Z = 3;

/** A peak below this autocorrelation is never called a season, however long the series. */
const MIN_PEAK = 0.1;

/**
 * The seasonal period read from the autocorrelation function, or null. A lag k in [2, ⌊n/2⌋] is a
 * candidate when r_k is a local maximum, exceeds max(0.1, 3·se_k) with Bartlett's (1946) large-lag
 * standard error se_k = √((1 + 2·Σ_{j<k} r_j²)/n) (so an autocorrelated but aseasonal series, AR(1)
 * or a random walk, does not pass on its slow decay), and rises at least as much above the lowest
 * autocorrelation at a shorter lag. The highest candidate wins, except that a shorter candidate of
 * which it is a multiple (±1 step) and which reaches 80% of its height is preferred: a season of 12
 * also peaks at 24 and 36, sometimes higher by noise.
 */
function detectPeriod(acf: Float64Array, n: number): number | null {
  const maxLag = Math.floor(n / 2);
  const peaks: number[] = [];
  let best: number | null = null;
  let bestValue = Number.NEGATIVE_INFINITY;
  let lowest = acf[1] ?? 0;
  let bartlett = 1 + 2 * (acf[1] ?? 0) ** 2;
  for (let k = 2; k <= maxLag; k++) {
    const r = acf[k] as number;
    const prev = acf[k - 1] as number;
    const next = k + 1 < acf.length ? (acf[k + 1] as number) : Number.NEGATIVE_INFINITY;
    const threshold = Math.max(MIN_PEAK, PEAK_Z * Math.sqrt(bartlett / n));
    if (r > prev && r >= next && r > threshold && r - lowest >= threshold) {
      peaks.push(k);
      if (r > bestValue) {
        best = k;
        bestValue = r;
      }
    }
    if (r < lowest) lowest = r;
    bartlett += 2 * r * r;
  }
  if (best === null) return null;
  for (const k of peaks) {
    const multiple = best / k;
    if (Math.abs(multiple - Math.round(multiple)) * k <= 1 && (acf[k] as number) >= 0.8 * bestValue) return k;
  }
  return best;
}

/**
 * Seasonal strength from a classical additive decomposition (Kendall & Stuart; Hyndman &
 * Athanasopoulos §3.4): trend by a centred moving average of order `period` (2×m when even),
 * seasonal indices as the mean detrended value per season position (centred to sum to zero),
 * remainder = detrended − seasonal, over the steps where the moving average is defined.
 * 0 when nothing is left once the trend is removed.
 */
function seasonalStrength(centred: Float64Array, period: number): number {
  const n = centred.length;
  const half = Math.floor(period / 2);
  const even = period % 2 === 0;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = (prefix[i] as number) + (centred[i] as number);
  const first = half;
  const last = n - 1 - half;
  const detrended = new Float64Array(n);
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  for (let t = first; t <= last; t++) {
    let trend: number;
    if (even) {
      const inner = (prefix[t + half] as number) - (prefix[t - half + 1] as number);
      trend = (inner + 0.5 * ((centred[t - half] as number) + (centred[t + half] as number))) / period;
    } else {
      trend = ((prefix[t + half + 1] as number) - (prefix[t - half] as number)) / period;
    }
    const d = (centred[t] as number) - trend;
    detrended[t] = d;
    sums[t % period] = (sums[t % period] as number) + d;
    counts[t % period] = (counts[t % period] as number) + 1;
  }
  const seasonal = new Float64Array(period);
  let seasonalMean = 0;
  for (let j = 0; j < period; j++) {
    seasonal[j] = (counts[j] as number) > 0 ? (sums[j] as number) / (counts[j] as number) : 0;
    seasonalMean += (seasonal[j] as number) / period;
  }
  let count = 0;
  let sumD = 0;
  let sumR = 0;
  for (let t = first; t <= last; t++) {
    const d = detrended[t] as number;
    sumD += d;
    sumR += d - ((seasonal[t % period] as number) - seasonalMean);
    count++;
  }
  const meanD = sumD / count;
  const meanR = sumR / count;
  let varD = 0;
  let varR = 0;
  let varX = 0;
  for (let t = first; t <= last; t++) {
    const d = detrended[t] as number;
    const r = d - ((seasonal[t % period] as number) - seasonalMean);
    varD += (d - meanD) ** 2;
    varR += (r - meanR) ** 2;
    varX += (centred[t] as number) ** 2;
  }
  if (!(varD > 1e-12 * varX)) return 0;
  return Math.min(1, Math.max(0, 1 - varR / varD));
}

/**
 * Computes {@link SeasonalitySummary}. The autocorrelation is taken after removing the
 * least-squares line (slope, intercept at step 0), so a trend does not mask the seasonal peaks.
 */
export function seasonalityOf(
  values: readonly number[],
  mean: number,
  line: { readonly slope: number; readonly intercept: number },
  givenPeriod: number | undefined,
): SeasonalitySummary {
  const n = values.length;
  const detrended = new Float64Array(n);
  let residualSquares = 0;
  let totalSquares = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - line.intercept - line.slope * i;
    detrended[i] = d;
    residualSquares += d * d;
    totalSquares += ((values[i] as number) - mean) ** 2;
  }
  // An exact line leaves only rounding noise, whose autocorrelation means nothing.
  if (residualSquares <= 1e-24 * totalSquares) detrended.fill(0);
  const maxLag = Math.min(n - 1, Math.max(Math.floor(n / 2) + 1, givenPeriod ?? 0));
  const acf = autocorrelation(detrended, maxLag);
  const period = givenPeriod ?? detectPeriod(acf, n);
  if (period === null) return { period: null, periodSource: null, autocorrelation: null, strength: null };
  const centred = Float64Array.from(values, (v) => v - mean);
  return {
    period,
    periodSource: givenPeriod === undefined ? 'detected' : 'given',
    autocorrelation: period < n ? (acf[period] as number) : null,
    strength: n >= 2 * period ? seasonalStrength(centred, period) : null,
  };
}
