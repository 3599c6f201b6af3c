/** Seasonal adjustment by classical decomposition of the most recent cycles, so non-seasonal models can forecast the rest. */
import { classicalDecomposition } from './classical-decomposition';

/** A series with its seasonal component removed, and the way to put it back on a forecast. */
export interface SeasonalAdjustment {
  readonly adjusted: number[];
  reseasonalise(forecast: readonly number[]): number[];
}

/**
 * Classical decomposition (as R's `decompose()`, Macaulay 1931) estimated on the last `cycles`
 * periods only, so a slowly drifting seasonal shape, or a period that is not quite an integer
 * (52.18 weeks a year), is tracked by its recent form. The indices are multiplicative when the
 * series is strictly positive and additive otherwise; they are applied to the whole series.
 */
export function seasonalAdjustment(
  values: readonly number[],
  period: number,
  cycles: number,
  multiplicative = values.every((v) => v > 0),
): SeasonalAdjustment {
  const n = values.length;
  const span = Math.min(n, Math.max(2 * period + 1, Math.round(cycles * period)));
  const offset = n - span;
  const { figure } = classicalDecomposition(values.slice(offset), period, multiplicative);
  // The index of observation t is figure[(t − offset) mod period]; walk it with a counter
  // rather than a modulo per point (this runs for every candidate at every origin).
  const indexAt = (t: number) =>
    figure[(((t - offset) % period) + period) % period] ?? (multiplicative ? 1 : 0);
  let p = (((0 - offset) % period) + period) % period;
  const adjusted = values.map((v) => {
    const s = figure[p] ?? (multiplicative ? 1 : 0);
    if (++p === period) p = 0;
    return multiplicative ? v / s : v - s;
  });
  return {
    adjusted,
    reseasonalise: (forecast) =>
      forecast.map((f, h) => (multiplicative ? f * indexAt(n + h) : f + indexAt(n + h))),
  };
}
