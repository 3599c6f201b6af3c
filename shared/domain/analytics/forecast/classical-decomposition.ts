/** Classical (moving-average) seasonal decomposition, multiplicative or additive. */

/** Seasonal indices of a classical decomposition, aligned to the first observation. */
export interface SeasonalIndices {
  /** One index per position in the period; position 0 is the series' first observation. */
  readonly figure: readonly number[];
  readonly period: number;
  readonly multiplicative: boolean;
}

/**
 * The centred moving average of order m (2×m when m is even) that classical decomposition uses
 * as its trend; positions the window does not cover are `NaN`.
 */
export function centredMovingAverage(values: readonly number[], period: number): number[] {
  const n = values.length;
  const trend = new Array<number>(n).fill(Number.NaN);
  if (averages.length < n) averages = new Float64Array(n);
  const count = movingAveragesInto(values, period, averages);
  const half = Math.floor(period / 2);
  for (let j = 0; j < count; j++) trend[half + j] = averages[j] as number;
  return trend;
}

/** Scratch for {@link centredMovingAverage}, grown as needed. */
let averages = new Float64Array(1024);

/**
 * The {@link centredMovingAverage} at the positions its window covers (⌊m/2⌋ … n − 1 − ⌊m/2⌋),
 * written to `out` from index 0 (which must have room for n values); returns how many. Why
 * separate: the seasonality tests use only these, in a scratch array, per candidate period.
 */
export function movingAveragesInto(values: readonly number[], period: number, out: Float64Array): number {
  const n = values.length;
  const half = Math.floor(period / 2);
  const even = period % 2 === 0;
  if (n <= 2 * half) return 0;
  // A running sum of the window's inner values (all but the two half-weighted ends when even),
  // so each position costs O(1) rather than O(period).
  const inner = even ? half - 1 : half;
  let sum = 0;
  for (let k = half - inner; k <= half + inner; k++) sum += values[k] ?? 0;
  for (let i = half; i < n - half; i++) {
    if (i > half) sum += (values[i + inner] ?? 0) - (values[i - inner - 1] ?? 0);
    const ends = even ? 0.5 * ((values[i - half] ?? 0) + (values[i + half] ?? 0)) : 0;
    out[i - half] = (sum + ends) / period;
  }
  return n - 2 * half;
}

/**
 * Seasonal indices by classical decomposition (Macaulay 1931; as R's `decompose()`, which the M4
 * benchmarks use): detrend by the centred moving average, average the ratios (or differences) per
 * position in the period, then normalise them to mean 1 (or 0).
 */
export function classicalDecomposition(
  values: readonly number[],
  period: number,
  multiplicative = true,
): SeasonalIndices {
  const trend = centredMovingAverage(values, period);
  const sums = new Array<number>(period).fill(0);
  const counts = new Array<number>(period).fill(0);
  values.forEach((v, i) => {
    const t = trend[i] ?? Number.NaN;
    if (Number.isNaN(t)) return;
    const ratio = multiplicative ? v / t : v - t;
    if (!Number.isFinite(ratio)) return;
    const p = i % period;
    sums[p] = (sums[p] ?? 0) + ratio;
    counts[p] = (counts[p] ?? 0) + 1;
  });
  const raw = sums.map((s, p) => ((counts[p] ?? 0) > 0 ? s / (counts[p] ?? 1) : multiplicative ? 1 : 0));
  const average = raw.reduce((a, b) => a + b, 0) / period;
  const figure = raw.map((f) => (multiplicative ? f / average : f - average));
  return { figure, period, multiplicative };
}

/** The seasonal index of observation `t` (0-based, may lie beyond the series). */
export function seasonalIndexAt(indices: SeasonalIndices, t: number): number {
  return indices.figure[t % indices.period] ?? (indices.multiplicative ? 1 : 0);
}

/** Removes the seasonal component: divides (or subtracts) the index of each observation. */
export function deseasonalise(values: readonly number[], indices: SeasonalIndices): number[] {
  return values.map((v, t) => {
    const s = seasonalIndexAt(indices, t);
    return indices.multiplicative ? v / s : v - s;
  });
}

/** Puts the seasonal component back on a forecast of observations n, n+1, ... */
export function reseasonalise(forecast: readonly number[], n: number, indices: SeasonalIndices): number[] {
  return forecast.map((f, h) => {
    const s = seasonalIndexAt(indices, n + h);
    return indices.multiplicative ? f * s : f + s;
  });
}
