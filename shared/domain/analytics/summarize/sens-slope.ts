/**
 * Sen's (1968) slope: the median of the pairwise slopes (y_j − y_i)/(j − i), i < j, a trend
 * estimate that outliers barely move. Exact at every length; beyond ~2,000 values each narrowing round
 * costs O(n log n) and a handful of rounds suffice in practice.
 */
import { countDescents, orderBy, visitInversions } from './pair-order';
import { medianInPlace, selectKth } from './select';

/** Up to this many pairs (n ≈ 2,000) the slopes are listed outright. */
const DIRECT_PAIRS = 2_000_000;

/** Most slopes listed at the end; beyond it (narrowing stalled) the bracket's midpoint is returned. */
const MAX_LISTED = 20_000_000;

/** A small deterministic generator (the 32-bit LCG of Numerical Recipes §7.1) so results repeat. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Number of pairs i < j whose slope is below θ (`strict`) or at most θ: slope_ij < θ exactly
 * when y_j − θ·j < y_i − θ·i, so it is the number of descents of z_i = y_i − θ·i.
 */
function countSlopesBelow(y: readonly number[], theta: number, strict: boolean): number {
  const z = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) z[i] = (y[i] as number) - theta * i;
  return countDescents(z, strict);
}

/**
 * The slopes strictly between lo and hi. Read as lines z_i(θ) = y_i − θ·i, two points' slope is
 * where their lines cross, so these are the pairs ordered differently at θ = lo and θ = hi: the
 * inversions of the order at hi read in the order at lo (the dual view used by Cole, Salowe, Steiger
 * & Szemerédi 1989 and Matoušek 1991 for slope selection). Null when there are more than `limit`.
 */
function slopesBetween(y: readonly number[], lo: number, hi: number, limit: number): Float64Array | null {
  const n = y.length;
  const atLo = new Float64Array(n);
  const atHi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    atLo[i] = (y[i] as number) - lo * i;
    atHi[i] = (y[i] as number) - hi * i;
  }
  const out = new Float64Array(limit);
  let count = 0;
  const complete = visitInversions(orderBy(atLo, atHi), atHi, (a, b) => {
    if (count >= limit) return false;
    out[count++] =
      a < b
        ? ((y[b] as number) - (y[a] as number)) / (b - a)
        : ((y[a] as number) - (y[b] as number)) / (a - b);
    return true;
  });
  return complete ? out.subarray(0, count) : null;
}

/**
 * The k-th and (k+1)-th smallest (0-based) of the n(n−1)/2 pairwise slopes (k+1 only when `both`),
 * for n above the direct-listing size; null when a probe falls between the two ranks.
 */
function middleSlopes(
  y: readonly number[],
  k: number,
  both: boolean,
  range: number,
): [number, number] | null {
  const n = y.length;
  const pairs = (n * (n - 1)) / 2;
  const k2 = both ? k + 1 : k;
  const enumerateLimit = Math.max(4 * n, 100_000);
  // Invariant: (number of slopes < lo) ≤ k and k2 < (number of slopes < hi).
  // Every slope lies in [−range, range]; the doubled bound stays strict even where range + 1 rounds to range.
  let lo = -2 * range - 1;
  let hi = 2 * range + 1;
  let belowLo = 0;
  let belowHi = pairs;
  let split = false;
  let found: number | null = null;
  const probe = (theta: number, exactSlope: boolean): void => {
    if (!(theta > lo && theta < hi)) return;
    const c = countSlopesBelow(y, theta, true);
    if (c <= k) {
      // θ is itself a slope: it is the answer when its ties reach past rank k2.
      if (exactSlope && countSlopesBelow(y, theta, false) > k2) found = theta;
      lo = theta;
      belowLo = c;
    } else if (c > k2) {
      hi = theta;
      belowHi = c;
    } else {
      split = true;
    }
  };
  const rand = random(0x5e5);
  const randomSlope = (): number => {
    let i = Math.floor(rand() * n);
    let j = Math.floor(rand() * n);
    while (i === j) j = Math.floor(rand() * n);
    if (i > j) [i, j] = [j, i];
    return ((y[j] as number) - (y[i] as number)) / (j - i);
  };
  // A random sample of slopes brackets the wanted ranks (±3 binomial standard deviations of margin).
  const m = Math.min(2 * n, 1_000_000);
  const sample = new Float64Array(m);
  for (let s = 0; s < m; s++) sample[s] = randomSlope();
  const q = (k + 0.5) / pairs;
  const margin = 3 * Math.sqrt(m * q * (1 - q)) + 2;
  const lowCandidate = selectKth(sample, Math.max(0, Math.floor(q * m - margin)));
  const highCandidate = selectKth(sample, Math.min(m - 1, Math.ceil(q * m + margin)));
  // A value repeated in the sample carries many tied slopes: only then is the tie check worth a count.
  const repeated = (v: number): boolean => {
    let seen = 0;
    for (let s = 0; s < m && seen < 2; s++) if (sample[s] === v) seen++;
    return seen >= 2;
  };
  probe(lowCandidate, repeated(lowCandidate));
  probe(highCandidate, repeated(highCandidate));
  // Then probes at interpolated values aimed a quarter of the listing budget either side of k,
  // which close in within a few rounds where the slopes' density is smooth; a round that does not
  // halve the bracket is followed by a bisection step and a probe at a random slope inside the
  // bracket (which finds a heavily tied median, as in integer data, at once).
  for (let round = 0; round < 100 && belowHi - belowLo > enumerateLimit; round++) {
    if (split || found !== null) break;
    const before = belowHi - belowLo;
    for (const target of [k - enumerateLimit / 4, k2 + enumerateLimit / 4]) {
      const f = (target - belowLo) / (belowHi - belowLo);
      if (f > 0 && f < 1) probe(lo + (hi - lo) * f, false);
    }
    if (belowHi - belowLo > before / 2 && !split && found === null) {
      probe(lo + (hi - lo) / 2, false);
      for (let tries = 0; tries < 64; tries++) {
        const s = randomSlope();
        if (s > lo && s < hi) {
          probe(s, true);
          break;
        }
      }
    }
  }
  if (found !== null) return [found, found];
  if (split) return null;
  const atMostLo = countSlopesBelow(y, lo, false);
  const remaining = belowHi - atMostLo;
  const inside = remaining <= MAX_LISTED ? slopesBetween(y, lo, hi, Math.max(16, remaining + 16)) : null;
  const pick = (rank: number): number => {
    if (rank < atMostLo) return lo;
    if (inside === null) return lo + (hi - lo) / 2;
    if (inside.length === 0) return lo;
    return selectKth(inside, Math.min(rank - atMostLo, inside.length - 1));
  };
  return [pick(k), pick(k2)];
}

/**
 * Sen's slope per step of a series at equally spaced steps. Small series list all pairs; larger
 * ones narrow the median down by counting slopes below a trial value in O(n log n) (a random
 * sample of slopes gives the first bracket, then interpolation) and finally list the few slopes left.
 */
export function sensSlope(y: readonly number[], min: number, max: number): number {
  const n = y.length;
  const pairs = (n * (n - 1)) / 2;
  if (pairs <= DIRECT_PAIRS) {
    const slopes = new Float64Array(pairs);
    let p = 0;
    for (let i = 0; i < n; i++) {
      const yi = y[i] as number;
      for (let j = i + 1; j < n; j++) slopes[p++] = ((y[j] as number) - yi) / (j - i);
    }
    return medianInPlace(slopes);
  }
  const range = max - min;
  if (range === 0) return 0;
  const odd = pairs % 2 === 1;
  const k = odd ? (pairs - 1) / 2 : pairs / 2 - 1;
  const joint = middleSlopes(y, k, !odd, range);
  if (joint !== null) return (joint[0] + joint[1]) / 2;
  // A probe fell between the two middle ranks: select each on its own.
  const lower = middleSlopes(y, k, false, range);
  const upper = middleSlopes(y, k + 1, false, range);
  return ((lower?.[0] ?? 0) + (upper?.[0] ?? 0)) / 2;
}
