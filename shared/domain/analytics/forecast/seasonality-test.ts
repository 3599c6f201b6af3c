/** Sample autocorrelation and the M4 competition's 90% test for seasonality at a given lag. */

/**
 * Sample autocorrelation r_1..r_maxLag with the mean removed and the biased (1/n) estimator, as
 * R's `acf()` computes it (Box & Jenkins 1976, §2.1.5). Returns `[r_1, ..., r_maxLag]`.
 */
export function autocorrelation(values: readonly number[], maxLag: number): number[] {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  const centred = values.map((v) => v - mean);
  let denominator = 0;
  for (const c of centred) denominator += c * c;
  const result: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    if (k >= n || denominator === 0) {
      result.push(0);
      continue;
    }
    let s = 0;
    for (let t = 0; t + k < n; t++) s += (centred[t] ?? 0) * (centred[t + k] ?? 0);
    result.push(s / denominator);
  }
  return result;
}

/**
 * The seasonality test of the M4 competition's benchmark code (Makridakis, Spiliotis &
 * Assimakopoulos 2020, "The M4 Competition: 100,000 time series and 61 forecasting methods",
 * and the M4 guide): the series is seasonal at period m when |r_m| exceeds
 * 1.645 · sqrt((1 + 2 Σ_{k<m} r_k²) / n), i.e. Bartlett's 90% limit, and only when it spans at
 * least three periods. Why: Naive2, the M4 yardstick, deseasonalises only series that pass it.
 */
export function isSeasonal(values: readonly number[], period: number, criticalValue = 1.645): boolean {
  const n = values.length;
  if (period <= 1 || n < 3 * period) return false;
  const r = autocorrelation(values, period);
  let sum = 1;
  for (let k = 0; k < period - 1; k++) sum += 2 * (r[k] ?? 0) ** 2;
  const limit = (criticalValue * Math.sqrt(sum)) / Math.sqrt(n);
  return Math.abs(r[period - 1] ?? 0) > limit;
}
