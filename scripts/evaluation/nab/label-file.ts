/** Places a results file against its anomaly windows: which rows are scored, and what each would earn if detected. */
import { probationaryPeriod } from './probationary-period';
import { MAX_TP_REWARD, scaledSigmoid } from './scaled-sigmoid';

/** An anomaly window as `[start, end]` epoch ms, both inclusive. */
export type NabWindow = readonly [number, number];

/** One series' detector output and its labelled windows. */
export interface NabFileInput {
  /** Path relative to the corpus root, e.g. `realKnownCause/nyc_taxi.csv`. */
  readonly name: string;
  readonly timestamps: readonly number[];
  readonly scores: readonly number[];
  readonly windows: readonly NabWindow[];
}

/** A file prepared for scoring at any threshold (profile-independent). */
export interface LabelledNabFile {
  readonly name: string;
  readonly length: number;
  /** Rows before this index are probationary: never scored, never counted. */
  readonly probation: number;
  readonly scores: readonly number[];
  /** Window ranges as row indices `[left, right]`, inclusive, in time order. */
  readonly windows: readonly (readonly [number, number])[];
  /** Per row: index of the window holding it, or −1. */
  readonly windowOf: Int32Array;
  /** Per row: unweighted reward if this is a window's first detection (1 at the window's first row). */
  readonly tpUnit: Float64Array;
  /** Per row outside windows: unweighted (negative) cost of a detection there. */
  readonly fpUnit: Float64Array;
}

/** First index whose timestamp is >= t (timestamps ascending). */
export function lowerBound(ts: readonly number[], t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ts[mid] ?? 0) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Maps windows to row ranges and precomputes each row's reward, following Lavin & Ahmad 2015:
 * inside a window of width W with last row R, a row i sits at relative position −(R − i + 1)/W
 * (−1 at the first row) and earns scaledSigmoid(position)/scaledSigmoid(−1); outside, a row
 * after a window ending at R costs scaledSigmoid((i − R)/(W − 1)) (tending to −1 three window
 * lengths later), and a row before any window costs −1.
 */
export function labelFile(input: NabFileInput): LabelledNabFile {
  const n = input.timestamps.length;
  const windows: [number, number][] = [];
  for (const [start, end] of [...input.windows].sort((a, b) => a[0] - b[0])) {
    const left = lowerBound(input.timestamps, start);
    const right = lowerBound(input.timestamps, end + 1) - 1;
    if (left <= right) windows.push([left, right]);
  }
  const windowOf = new Int32Array(n).fill(-1);
  const tpUnit = new Float64Array(n);
  const fpUnit = new Float64Array(n).fill(-1);
  windows.forEach(([left, right], w) => {
    const width = right - left + 1;
    for (let i = left; i <= right; i++) {
      windowOf[i] = w;
      tpUnit[i] = scaledSigmoid(-(right - i + 1) / width) / MAX_TP_REWARD;
    }
    const nextLeft = windows[w + 1]?.[0] ?? n;
    for (let i = right + 1; i < nextLeft; i++) {
      fpUnit[i] = width > 1 ? scaledSigmoid((i - right) / (width - 1)) : -1;
    }
  });
  return {
    name: input.name,
    length: n,
    probation: probationaryPeriod(n),
    scores: input.scores,
    windows,
    windowOf,
    tpUnit,
    fpUnit,
  };
}
