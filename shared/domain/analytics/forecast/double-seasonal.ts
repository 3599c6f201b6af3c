/** Double seasonal exponential smoothing for series with two nested cycles (e.g. the day and the week of hourly data). */
import { classicalDecomposition } from './classical-decomposition';
import { nelderMead } from './nelder-mead';

const logistic = (u: number) => 1 / (1 + Math.exp(-u));

/**
 * Taylor's double seasonal Holt–Winters method, additive and without trend (Taylor 2003,
 * "Short-term electricity demand forecasting using double seasonal exponential smoothing",
 * JORS 54): ŷ_t = l + d_{t−m1} + w_{t−m2}; with e_t = y_t − ŷ_t, l ← l + αe, d ← d + δe,
 * w ← w + ωe. The long cycle starts from the classical additive indices at period m2 (which
 * contain the short cycle), the short-cycle corrections from zero; α, δ, ω minimise the
 * one-step SSE (Nelder–Mead). Requires at least two long cycles.
 */
export function doubleSeasonalForecast(
  values: readonly number[],
  horizon: number,
  shortPeriod: number,
  longPeriod: number,
): number[] {
  const n = values.length;
  const weekly = classicalDecomposition(values, longPeriod, false).figure;
  let start = 0;
  for (let t = 0; t < longPeriod; t++) start += values[t] ?? 0;
  start /= longPeriod;
  const run = (alpha: number, delta: number, omega: number, out?: number[]) => {
    let level = start;
    const d = new Float64Array(shortPeriod);
    const w = Float64Array.from(weekly);
    let sse = 0;
    for (let t = 0; t < n; t++) {
      const i = t % shortPeriod;
      const j = t % longPeriod;
      const e = (values[t] ?? 0) - level - (d[i] ?? 0) - (w[j] ?? 0);
      sse += e * e;
      level += alpha * e;
      d[i] = (d[i] ?? 0) + delta * e;
      w[j] = (w[j] ?? 0) + omega * e;
    }
    if (out) {
      for (let h = 0; h < horizon; h++) {
        out.push(level + (d[(n + h) % shortPeriod] ?? 0) + (w[(n + h) % longPeriod] ?? 0));
      }
    }
    return sse;
  };
  const decode = (u: ArrayLike<number>) =>
    [logistic(u[0] ?? 0), 0.5 * logistic(u[1] ?? 0), 0.5 * logistic(u[2] ?? 0)] as const;
  const { x } = nelderMead((u) => run(...decode(u)), [-1, -3, -3], { step: 1, maxIterations: 300 });
  const out: number[] = [];
  run(...decode(x), out);
  return out;
}
