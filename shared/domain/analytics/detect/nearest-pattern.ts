/** Finds, for each new value, the past sub-sequence closest to the one it ends (the kNN step of the detector, with k = 1). */
import { simdTile } from './nearest-pattern-simd';

/** Values per compared window: three blocks of four. */
export const WINDOW = 12;
/** Time steps handled per pass over the lags, so each pass's values and answers stay in the L1 cache. */
const TILE = 1024;

/**
 * Nearest-neighbour nonconformity of a sub-sequence (Burnaev & Ishimtsev 2016, "Conformalized
 * density- and distance-based anomaly detection in time-series data", k = 1) over a sliding
 * history: for every t in [from, to), the window of the WINDOW values ending at `values[t]` is
 * compared with every earlier window that does not overlap it and ends at most `history` − WINDOW
 * + 1 steps back (lags WINDOW … min(t, history) − WINDOW + 1). `bestSum[t]` gets the squared
 * distance to the nearest (−1 when there is none yet) and `bestLag[t]` its lag (0 when none); the
 * earliest window wins among equally near ones.
 *
 * Why lags outer, time inner: along one lag the squared differences of consecutive steps form a
 * diagonal, so a window's sum can be rolled forward in local variables (four squares make a
 * block, three blocks a window) instead of being kept per lag in memory between points; that is
 * a few operations per lag and step. The sums are always added in the same order (the block of
 * the newest four squares first, then the two earlier blocks), so a value's answer depends only on
 * the values in its history: scoring in chunks gives the same answers bit for bit.
 *
 * `values[0]` must be the first value ever seen or the oldest of at least `history` kept values:
 * t counts the values seen as far as the history length matters.
 */
export function nearestPatterns(
  values: Float64Array,
  from: number,
  to: number,
  history: number,
  bestSum: Float64Array,
  bestLag: Int32Array,
): void {
  if (history < 2 * WINDOW) throw new RangeError('the history must hold two windows');
  const maxLag = history - WINDOW + 1;
  for (let start = from; start < to; start += TILE) {
    const end = Math.min(to, start + TILE);
    // The lags in pairs: the SIMD kernel, same answers.
    const lags = maxLag - WINDOW + 1;
    if (!(lags % 2 === 0 && simdTile(values, start, end, WINDOW, maxLag + 1, bestSum, bestLag)))
      scalarTile(values, start, end, maxLag, bestSum, bestLag);
  }
}

/** Squares of a window's steps before its first candidate step (scratch of {@link scalarTile}). */
const early = new Float64Array(WINDOW - 1);

/**
 * {@link nearestPatterns} for the steps [start, end) and lags WINDOW … maxLag, one lag and two
 * steps at a time (the SIMD kernel's arithmetic, in scalar form).
 */
export function scalarTile(
  values: Float64Array,
  start: number,
  end: number,
  maxLag: number,
  bestSum: Float64Array,
  bestLag: Int32Array,
): void {
  bestSum.fill(Number.POSITIVE_INFINITY, start, end);
  bestLag.fill(0, start, end);
  for (let lag = WINDOW; lag <= maxLag; lag++) {
    // The first step at which this lag is a candidate: its earlier window starts at index 0.
    const first = Math.max(start, lag + WINDOW - 1);
    if (first >= end) continue;
    // Squares of the window's steps before the first candidate step, oldest first.
    for (let k = 0; k < WINDOW - 1; k++) {
      const d = (values[first - WINDOW + 1 + k] as number) - (values[first - WINDOW + 1 + k - lag] as number);
      early[k] = d * d;
    }
    // Squares of the last three steps (s1 newest) and blocks of the last eight (b1 newest).
    let s1 = early[10] as number;
    let s2 = early[9] as number;
    let s3 = early[8] as number;
    let b1 = (early[10] as number) + (early[9] as number) + (early[8] as number) + (early[7] as number);
    let b2 = (early[9] as number) + (early[8] as number) + (early[7] as number) + (early[6] as number);
    let b3 = (early[8] as number) + (early[7] as number) + (early[6] as number) + (early[5] as number);
    let b4 = (early[7] as number) + (early[6] as number) + (early[5] as number) + (early[4] as number);
    let b5 = (early[6] as number) + (early[5] as number) + (early[4] as number) + (early[3] as number);
    let b6 = (early[5] as number) + (early[4] as number) + (early[3] as number) + (early[2] as number);
    let b7 = (early[4] as number) + (early[3] as number) + (early[2] as number) + (early[1] as number);
    let b8 = (early[3] as number) + (early[2] as number) + (early[1] as number) + (early[0] as number);
    // Two steps per iteration: half the moves of the rolling sums (same sums, same order).
    let t = first;
    for (; t + 1 < end; t += 2) {
      const d0 = (values[t] as number) - (values[t - lag] as number);
      const d1 = (values[t + 1] as number) - (values[t + 1 - lag] as number);
      const q0 = d0 * d0;
      const q1 = d1 * d1;
      const n0 = q0 + s1 + s2 + s3;
      const n1 = q1 + q0 + s1 + s2;
      const u0 = n0 + b4 + b8;
      const u1 = n1 + b3 + b7;
      s3 = s1;
      s2 = q0;
      s1 = q1;
      b8 = b6;
      b7 = b5;
      b6 = b4;
      b5 = b3;
      b4 = b2;
      b3 = b1;
      b2 = n0;
      b1 = n1;
      if (u0 <= (bestSum[t] as number)) {
        bestSum[t] = u0;
        bestLag[t] = lag;
      }
      if (u1 <= (bestSum[t + 1] as number)) {
        bestSum[t + 1] = u1;
        bestLag[t + 1] = lag;
      }
    }
    // An odd last step.
    if (t < end) {
      const d = (values[t] as number) - (values[t - lag] as number);
      const sum = d * d + s1 + s2 + s3 + b4 + b8;
      if (sum <= (bestSum[t] as number)) {
        bestSum[t] = sum;
        bestLag[t] = lag;
      }
    }
  }
  for (let t = start; t < end; t++) if (bestLag[t] === 0) bestSum[t] = -1;
}
