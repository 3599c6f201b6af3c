/** Descriptive statistics of one series: location, spread, quantiles and shape. */

/** Count, moments, extremes and quantiles; shape statistics are null where they are undefined. */
export interface DescriptiveStatistics {
  readonly count: number;
  readonly mean: number;
  /** Sample standard deviation (divisor n - 1). */
  readonly standardDeviation: number;
  readonly min: number;
  readonly max: number;
  /** Hyndman & Fan (1996) type 7 quantiles (linear interpolation between order statistics; R's default). */
  readonly quantiles: {
    readonly p05: number;
    readonly p25: number;
    readonly median: number;
    readonly p75: number;
    readonly p95: number;
  };
  /**
   * Adjusted Fisher–Pearson skewness G1 = g1·√(n(n−1))/(n−2), with g1 = m3/m2^1.5 (Joanes & Gill 1998,
   * "type 2"; Excel's SKEW, SAS). Null when the series is constant.
   */
  readonly skewness: number | null;
  /**
   * Adjusted excess kurtosis G2 = ((n+1)·g2 + 6)·(n−1)/((n−2)(n−3)), with g2 = m4/m2² − 3 (Joanes & Gill
   * 1998, "type 2"; Excel's KURT, SAS). 0 for a normal distribution. Null when the series is constant or n < 4.
   */
  readonly excessKurtosis: number | null;
}

/**
 * Quantile of already sorted values by Hyndman & Fan (1996) type 7: h = (n − 1)·p, interpolating
 * linearly between the order statistics around h. Chosen because it is R's and NumPy's default,
 * so figures can be checked by hand or against those tools.
 */
export function sortedQuantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (h - lo) * (b - a);
}

/**
 * Computes {@link DescriptiveStatistics} from the values and the same values sorted ascending
 * (the caller sorts once and reuses the order elsewhere). Two-pass moments about the mean keep
 * the precision of the spread for series with a large offset.
 */
export function describe(values: readonly number[], sorted: Float64Array): DescriptiveStatistics {
  const n = values.length;
  const min = sorted[0] ?? Number.NaN;
  const max = sorted[n - 1] ?? Number.NaN;
  const quantiles = {
    p05: sortedQuantile(sorted, 0.05),
    p25: sortedQuantile(sorted, 0.25),
    median: sortedQuantile(sorted, 0.5),
    p75: sortedQuantile(sorted, 0.75),
    p95: sortedQuantile(sorted, 0.95),
  };
  if (min === max) {
    return {
      count: n,
      mean: min,
      standardDeviation: 0,
      min,
      max,
      quantiles,
      skewness: null,
      excessKurtosis: null,
    };
  }
  let sum = 0;
  for (const v of values) sum += v;
  const mean = Math.min(max, Math.max(min, sum / n));
  let s2 = 0;
  for (const v of values) s2 += (v - mean) ** 2;
  // Third and fourth moments of the standardised deviations, so d⁴ cannot overflow for large values.
  const scale = Math.sqrt(s2 / n);
  let s3 = 0;
  let s4 = 0;
  for (const v of values) {
    const d = (v - mean) / scale;
    const d2 = d * d;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  const m2 = s2 / n;
  const g1 = s3 / n;
  const g2 = s4 / n - 3;
  return {
    count: n,
    mean,
    standardDeviation: Math.sqrt(s2 / (n - 1)),
    min,
    max,
    quantiles,
    skewness: m2 > 0 ? (g1 * Math.sqrt(n * (n - 1))) / (n - 2) : null,
    excessKurtosis: m2 > 0 && n >= 4 ? (((n + 1) * g2 + 6) * (n - 1)) / ((n - 2) * (n - 3)) : null,
  };
}
