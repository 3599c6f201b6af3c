/** Checks that a forecast stays in the range its history makes plausible, so a model that blows up or collapses is caught. */

/**
 * How far beyond the observed range a forecast may go, in multiples of that range, per
 * history-length of horizon (at least 1). Not tuned: wide enough that a trend continuing at its
 * historical pace never trips it, since a series that crossed its whole range in n steps can
 * cross it again in the next n.
 */
export const PLAUSIBLE_SPAN = 1;

/**
 * True when every forecast value is finite, lies within [min − s·R, max + s·R] of the history
 * (R its range, s = {@link PLAUSIBLE_SPAN} · max(1, h/n)), and, for a history that is strictly
 * positive, stays above zero: a positive series forecast at or below zero has collapsed (a
 * multiplicative seasonal index near zero, or a trend extrapolated through the floor).
 */
export function isPlausibleForecast(forecast: readonly number[], history: readonly number[]): boolean {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of history) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = (max - min) * PLAUSIBLE_SPAN * Math.max(1, forecast.length / Math.max(1, history.length));
  const positive = min > 0;
  return forecast.every(
    (f) => Number.isFinite(f) && f >= min - span && f <= max + span && (!positive || f > 0),
  );
}
