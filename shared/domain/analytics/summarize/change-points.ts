/** Changes in the mean level of one series, found by PELT with a Gaussian cost. */
import { medianInPlace, selectKth } from './select';

/** Most change points listed; beyond it the largest shifts are kept (see {@link ChangePointSummary.truncated}). */
export const MAX_LISTED_CHANGE_POINTS = 1000;

/** Shortest segment PELT may cut: a single point is an outlier, not a level. */
const MIN_SEGMENT = 2;

/**
 * Bound on PELT's candidate set: the most recent {@link RECENT} start positions are always kept,
 * older ones only as the {@link DEFAULT_MAX_OLD} with the lowest slack (see {@link changePointsOf}).
 */
const RECENT = 32;
export const DEFAULT_MAX_OLD = 32;

/** One change: `index` is the first step of the new level. */
export interface ChangePoint {
  readonly index: number;
  readonly meanBefore: number;
  readonly meanAfter: number;
}

/** Where the mean level shifts, and the noise and penalty that decided it. */
export interface ChangePointSummary {
  readonly method: 'pelt';
  /** Noise standard deviation σ̂ = 1.4826·MAD(first differences)/√2; 0 for a constant series. */
  readonly noiseSigma: number;
  /** Penalty per change, 2·σ̂²·ln n, in squared units of the values. */
  readonly penalty: number;
  /** Number of changes found (may exceed the number listed). */
  readonly count: number;
  /** The changes, oldest first. */
  readonly points: readonly ChangePoint[];
  /** True when more than {@link MAX_LISTED_CHANGE_POINTS} were found and only the largest shifts are listed. */
  readonly truncated: boolean;
}

/**
 * Robust noise scale: the first differences of a piecewise constant signal with Gaussian noise σ
 * have standard deviation σ√2 except at the few changes, and their MAD (× 1.4826, consistent for
 * the normal) ignores those (as in Fryzlewicz 2014, "Wild binary segmentation"). Falls back to the
 * standard deviation of the differences when more than half of them are equal (integer data).
 */
function noiseScale(values: readonly number[]): number {
  const n = values.length;
  const diffs = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) diffs[i - 1] = (values[i] as number) - (values[i - 1] as number);
  const copy = Float64Array.from(diffs);
  const centre = medianInPlace(copy);
  for (let i = 0; i < copy.length; i++) copy[i] = Math.abs((diffs[i] as number) - centre);
  const mad = medianInPlace(copy);
  if (mad > 0) return (1.4826 * mad) / Math.SQRT2;
  let sum = 0;
  for (const d of diffs) sum += d;
  const mean = sum / diffs.length;
  let squares = 0;
  for (const d of diffs) squares += (d - mean) ** 2;
  return Math.sqrt(squares / Math.max(1, diffs.length - 1)) / Math.SQRT2;
}

/**
 * Shrinks the candidate list (ascending start positions) in place to the starts within
 * {@link RECENT} steps of t plus the `limit` older ones with the lowest slack F(s) + C(s, t) − F(t);
 * returns the new length.
 */
function keepLowestSlack(
  list: Int32Array,
  count: number,
  t: number,
  limit: number,
  best: Float64Array,
  cost: (s: number, t: number) => number,
): number {
  const ft = best[t] as number;
  let oldCount = 0;
  while (oldCount < count && t - (list[oldCount] as number) > RECENT) oldCount++;
  if (oldCount <= limit) return count;
  const slack = new Float64Array(oldCount);
  for (let i = 0; i < oldCount; i++) {
    const s = list[i] as number;
    slack[i] = (best[s] as number) + cost(s, t) - ft;
  }
  const cutoff = selectKth(Float64Array.from(slack), limit - 1);
  let below = 0;
  for (let i = 0; i < oldCount; i++) if ((slack[i] as number) < cutoff) below++;
  let tiesAllowed = limit - below;
  let out = 0;
  for (let i = 0; i < oldCount; i++) {
    const v = slack[i] as number;
    if (v < cutoff || (v === cutoff && tiesAllowed-- > 0)) list[out++] = list[i] as number;
  }
  for (let i = oldCount; i < count; i++) list[out++] = list[i] as number;
  return out;
}

/**
 * PELT (Killick, Fearnhead & Eckley 2012, "Optimal detection of changepoints with a linear
 * computational cost", JASA 107): exact minimisation of Σ segment costs + β·(number of changes)
 * by dynamic programming, F(t) = min_s F(s) + C(y_s..y_{t−1}) + β, where a candidate s is dropped
 * for good once F(s) + C(s, t) > F(t) (valid because splitting never raises this cost). The cost is
 * the Gaussian negative log-likelihood for a change in mean with known variance, i.e. the segment's
 * sum of squared deviations from its mean over σ̂², and β = 2·ln n (a BIC-type penalty: the new mean
 * and the location). The mean-change model reads seasonal swings or a drifting level as many changes.
 *
 * PELT's pruning is O(n) only when changes keep coming; over a long stretch with no change nothing is
 * pruned (every split lowers the cost) and it turns quadratic (minutes for 100k points). So the
 * candidate set is also bounded: besides the {@link RECENT} most recent starts, at most `maxOld`
 * older ones are kept, those with the lowest slack F(s) + C(s, t) − F(t) ∈ [−β, 0], i.e. the
 * closest to being the optimal last change (a true earlier change sits near −β). This makes the cost
 * O(n·(RECENT + maxOld)); the result is exact PELT whenever the bound does not bind, and the tests
 * check it against the unbounded search. `maxOld = Infinity` gives plain PELT.
 */
export function changePointsOf(
  values: readonly number[],
  mean: number,
  maxOld: number = DEFAULT_MAX_OLD,
): ChangePointSummary {
  const n = values.length;
  const sigma = noiseScale(values);
  const beta = 2 * Math.log(n);
  if (!(sigma > 0)) {
    return { method: 'pelt', noiseSigma: 0, penalty: 0, count: 0, points: [], truncated: false };
  }
  const s1 = new Float64Array(n + 1);
  const s2 = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const z = ((values[i] as number) - mean) / sigma;
    s1[i + 1] = (s1[i] as number) + z;
    s2[i + 1] = (s2[i] as number) + z * z;
  }
  const cost = (s: number, t: number): number => {
    const sum = (s1[t] as number) - (s1[s] as number);
    return Math.max(0, (s2[t] as number) - (s2[s] as number) - (sum * sum) / (t - s));
  };
  const best = new Float64Array(n + 1);
  const last = new Int32Array(n + 1);
  best[0] = -beta;
  let candidates = new Int32Array(n + 1);
  let kept = new Int32Array(n + 1);
  let size = 1;
  candidates[0] = 0;
  // F(s) + C(s, t) per candidate, computed once per step for both the minimum and the pruning.
  const scratch = new Float64Array(n + 1);
  for (let t = MIN_SEGMENT; t <= n; t++) {
    const s1t = s1[t] as number;
    const s2t = s2[t] as number;
    let minValue = Number.POSITIVE_INFINITY;
    let argMin = 0;
    for (let c = 0; c < size; c++) {
      const s = candidates[c] as number;
      const len = t - s;
      if (len < MIN_SEGMENT) continue;
      const sum = s1t - (s1[s] as number);
      const segmentCost = s2t - (s2[s] as number) - (sum * sum) / len;
      const v = (best[s] as number) + Math.max(0, segmentCost);
      scratch[c] = v;
      if (v < minValue) {
        minValue = v;
        argMin = s;
      }
    }
    minValue += beta;
    best[t] = minValue;
    last[t] = argMin;
    let next = 0;
    for (let c = 0; c < size; c++) {
      const s = candidates[c] as number;
      if (t - s < MIN_SEGMENT || (scratch[c] as number) <= minValue) kept[next++] = s;
    }
    kept[next++] = t;
    [candidates, kept] = [kept, candidates];
    size = next;
    if (size > 2 * maxOld + RECENT) size = keepLowestSlack(candidates, size, t, maxOld, best, cost);
  }
  const starts: number[] = [];
  for (let t = n; t > 0; t = last[t] as number) {
    const s = last[t] as number;
    if (s > 0) starts.push(s);
  }
  starts.reverse();
  const bounds = [0, ...starts, n];
  const segmentMean = (a: number, b: number): number =>
    mean + (sigma * ((s1[b] as number) - (s1[a] as number))) / (b - a);
  let points: ChangePoint[] = starts.map((index, i) => ({
    index,
    meanBefore: segmentMean(bounds[i] as number, index),
    meanAfter: segmentMean(index, bounds[i + 2] as number),
  }));
  const truncated = points.length > MAX_LISTED_CHANGE_POINTS;
  if (truncated) {
    points = points
      .map((p) => ({ p, shift: Math.abs(p.meanAfter - p.meanBefore) }))
      .sort((a, b) => b.shift - a.shift || a.p.index - b.p.index)
      .slice(0, MAX_LISTED_CHANGE_POINTS)
      .map((x) => x.p)
      .sort((a, b) => a.index - b.index);
  }
  return {
    method: 'pelt',
    noiseSigma: sigma,
    penalty: beta * sigma * sigma,
    count: starts.length,
    points,
    truncated,
  };
}
