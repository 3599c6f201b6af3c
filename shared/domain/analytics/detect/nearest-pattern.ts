/** Finds the past sub-sequence closest to the latest one (the kNN step of the detector, with k = 1). */

/** The closest earlier window and how far it is. */
export interface NearestPattern {
  /** Root-mean-square distance per value, in the series' own units. */
  readonly distance: number;
  /** Index in the history buffer of the last value of the closest window. */
  readonly end: number;
}

/**
 * Nearest-neighbour nonconformity of a sub-sequence (Burnaev & Ishimtsev 2016, "Conformalized
 * density- and distance-based anomaly detection in time-series data", k = 1): compares the
 * window made of the last `dim − 1` values of `history` plus `value` with every earlier window
 * of `history` that does not overlap it, abandoning a candidate as soon as it is no closer than
 * the best so far. Returns undefined until the history holds at least one such window.
 */
export function nearestPattern(
  history: readonly number[],
  value: number,
  dim: number,
): NearestPattern | undefined {
  const len = history.length;
  const lastEnd = len - dim;
  if (lastEnd < dim - 1) return undefined;
  let best = Number.POSITIVE_INFINITY;
  let end = -1;
  for (let j = dim - 1; j <= lastEnd; j++) {
    const head = (history[j] ?? 0) - value;
    let sum = head * head;
    for (let m = 1; m < dim && sum < best; m++) {
      const diff = (history[j - m] ?? 0) - (history[len - m] ?? 0);
      sum += diff * diff;
    }
    if (sum < best) {
      best = sum;
      end = j;
    }
  }
  return { distance: Math.sqrt(best / dim), end };
}
