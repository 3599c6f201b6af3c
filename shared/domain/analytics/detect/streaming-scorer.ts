/** One-point-at-a-time anomaly scoring: kNN nonconformity of the recent pattern, then its anomaly likelihood. */
import { logGaussianTail } from './gaussian-tail';

export interface ScorerParams {
  readonly dim: number;
  readonly ref: number;
  readonly k: number;
  readonly shortWindow: number;
  readonly longAlpha: number;
  readonly warmup: number;
  readonly spatialTolerance: number;
  readonly suppress: number;
  readonly flagLevel: number;
  readonly rawMode: number;
  readonly varFloor: number;
  readonly meanFloor: number;
}

export const DEFAULT_PARAMS: ScorerParams = {
  dim: 8,
  ref: 400,
  k: 3,
  shortWindow: 10,
  longAlpha: 1 / 1000,
  warmup: 150,
  spatialTolerance: 0.05,
  suppress: 0,
  flagLevel: 0.5,
  rawMode: 0,
  varFloor: 3e-4,
  meanFloor: 0.03,
};

export interface ScorerState {
  version: 1;
  n: number;
  min: number;
  max: number;
  buf: number[];
  raws: number[];
  mu: number;
  variance: number;
  dMean: number;
  quiet: number;
  red: boolean;
}

export function initialScorerState(): ScorerState {
  return {
    version: 1,
    n: 0,
    min: 0,
    max: 0,
    buf: [],
    raws: [],
    mu: 0,
    variance: 0,
    dMean: 0,
    quiet: 0,
    red: false,
  };
}

export interface StepResult {
  readonly score: number;
  readonly spatial: number;
  readonly distance: number;
  readonly typical: number;
}

const LOG_TEN_TO_MINUS_TEN = Math.log(1e-10);

function knnDistance(buf: readonly number[], x: number, dim: number, k: number, range: number): number {
  const len = buf.length;
  const last = len - dim; // last allowed end index of a reference window (no overlap with the current one)
  if (last < dim - 1 + k) return -1;
  const best: number[] = [];
  for (let j = dim - 1; j <= last; j++) {
    let sum = 0;
    const dx = (buf[j] ?? 0) - x;
    sum += dx * dx;
    for (let m = 1; m < dim; m++) {
      const d = (buf[j - m] ?? 0) - (buf[len - m] ?? 0);
      sum += d * d;
      if (best.length === k && sum >= (best[k - 1] ?? 0)) break;
    }
    if (best.length < k) {
      best.push(sum);
      best.sort((a, b) => a - b);
    } else if (sum < (best[k - 1] ?? 0)) {
      best[k - 1] = sum;
      best.sort((a, b) => a - b);
    }
  }
  let total = 0;
  for (const b of best) total += Math.sqrt(b / dim);
  return total / best.length / range;
}

export function stepScorer(s: ScorerState, x: number, p: ScorerParams): StepResult {
  const range = s.max - s.min;
  let spatial = 0;
  if (s.n > 0 && range > 0) {
    if (x > s.max + p.spatialTolerance * range) spatial = (x - s.max) / range;
    else if (x < s.min - p.spatialTolerance * range) spatial = (x - s.min) / range;
  }
  const d =
    s.n > 0 ? knnDistance(s.buf, x, p.dim, p.k, range > 0 ? range : Math.abs(x) > 0 ? Math.abs(x) : 1) : -1;
  let raw = 0;
  if (d >= 0) {
    if (p.rawMode === 0) raw = s.dMean > 0 ? d / (d + 3 * s.dMean) : d > 0 ? 1 : 0;
    else raw = Math.min(1, d * 10);
  }
  if (spatial !== 0) raw = 1;
  s.raws.push(raw);
  if (s.raws.length > p.shortWindow) s.raws.shift();
  let short = 0;
  for (const r of s.raws) short += r;
  short /= s.raws.length;

  let score = 0;
  if (s.n >= p.warmup) {
    const sd = Math.sqrt(Math.max(s.variance, p.varFloor));
    const z = (short - Math.max(s.mu, p.meanFloor)) / sd;
    let tail = Math.exp(logGaussianTail(z));
    if (tail <= 1e-5) {
      if (s.red) tail = 1e-3;
      s.red = true;
    } else s.red = false;
    score = Math.log(tail + 1e-10) / LOG_TEN_TO_MINUS_TEN;
    score = Math.min(1, Math.max(0, score));
  }
  if (spatial !== 0 && s.n >= p.warmup) score = 1;
  if (s.quiet > 0) {
    s.quiet--;
    score = 0;
  } else if (p.suppress > 0 && score >= p.flagLevel) {
    s.quiet = p.suppress;
  }

  const a = s.n < 1 / p.longAlpha ? 1 / (s.n + 1) : p.longAlpha;
  const delta = short - s.mu;
  s.mu += a * delta;
  s.variance = (1 - a) * (s.variance + a * delta * delta);
  if (d >= 0) {
    const ad = s.n < 1 / p.longAlpha ? 1 / (s.n + 1) : p.longAlpha;
    s.dMean += ad * (d - s.dMean);
  }
  if (s.n === 0) {
    s.min = x;
    s.max = x;
  } else {
    if (x < s.min) s.min = x;
    if (x > s.max) s.max = x;
  }
  s.buf.push(x);
  if (s.buf.length > p.ref) s.buf.shift();
  s.n++;
  return { score, spatial, distance: d, typical: s.dMean };
}
