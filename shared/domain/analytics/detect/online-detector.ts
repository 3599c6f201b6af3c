/** The detector's per-point step and its small, JSON-serialisable state. */
import {
  anomalyLikelihood,
  type Likelihood,
  type LikelihoodState,
  learnLikelihood,
} from './anomaly-likelihood';
import { nearestPattern } from './nearest-pattern';

/** Values per compared sub-sequence (an hour of 5-minute data). */
export const PATTERN_LENGTH = 12;
/**
 * Past values kept to compare against: a day of 5-minute data (288) plus a pattern, so the same
 * hour yesterday is always a candidate neighbour (with 300 the NAB score drops by 10 points).
 */
export const HISTORY_LENGTH = 400;
/** Raw scores averaged into the likelihood's short-term mean (Ahmad et al. 2017). */
const SHORT_WINDOW = 10;
/** Rate of the long-term averages; before 1/rate points they are plain running means. */
const LONG_RATE = 1 / 1000;
/** Points learnt before any score is reported. */
export const WARMUP = 150;
/** A value this fraction of the observed range beyond the extremes is a new-extreme anomaly (Numenta's NAB detector). */
const EXTREME_TOLERANCE = 0.05;
/**
 * A value this fraction of the recent range beyond the recent extremes (over the kept history)
 * is a regime break even inside the all-time range, e.g. a level drop after a long high stretch.
 */
const RECENT_EXTREME_TOLERANCE = 0.3;
/** Share of the typical distance added to a neighbour's own distance, so near-exact repeats do not give huge ratios. */
const LOCAL_SMOOTHING = 0.5;
/** Distance ratio at which the raw score is 0.5. */
const RATIO_AT_HALF = 3;
/** Score at or above which a point raises an alert; later points are then muted for `QUIET_POINTS`. */
export const ALERT_LEVEL = 0.5;
/**
 * Points muted after an alert: NAB rewards only the first detection of an anomaly window. A new
 * all-time extreme is never muted (it alerts and restarts the quiet period).
 */
export const QUIET_POINTS = 200;

/** Everything the detector remembers about one series; a few KiB as JSON. */
export interface OnlineState {
  version: 1;
  /** Points seen. */
  n: number;
  min: number;
  max: number;
  /** The last HISTORY_LENGTH values (6 significant digits, to keep the state small), oldest first. */
  values: number[];
  /** Each kept value's own nearest-pattern distance (range-relative, 3 significant digits; −1 when none). */
  distances: number[];
  /** Running mean of the nearest-pattern distances. */
  typical: number;
  /** The last SHORT_WINDOW raw scores. */
  raws: number[];
  likelihood: LikelihoodState;
  /** Points still muted after the last alert. */
  quiet: number;
  /** Seconds between the first two points, for the short-series path's cycle. */
  spacing?: number;
  /** Epoch ms of the last point. */
  lastT?: number;
}

/** The state of a series never seen: nothing learnt, no alert pending. */
export function initialState(): OnlineState {
  return {
    version: 1,
    n: 0,
    min: 0,
    max: 0,
    values: [],
    distances: [],
    typical: 0,
    raws: [],
    likelihood: { mean: 0, variance: 0, red: false },
    quiet: 0,
  };
}

/** What one step found, for the score and for human-readable reasons. */
export interface StepOutcome {
  readonly score: number;
  /** Signed excess beyond the previous extremes as a fraction of the observed range; 0 when inside. */
  readonly extreme: number;
  readonly previousMin: number;
  readonly previousMax: number;
  /** Signed excess beyond the recent extremes as a fraction of the recent range; 0 when inside or not checked. */
  readonly recentExtreme: number;
  readonly recentMin: number;
  readonly recentMax: number;
  /** Nearest-pattern distance relative to what is usual around that neighbour; 0 when not computed. */
  readonly ratio: number;
  readonly likelihood?: Likelihood | undefined;
  readonly muted: boolean;
}

function rawScore(
  s: OnlineState,
  value: number,
  range: number,
): { raw: number; distance: number; ratio: number } {
  const unit = range > 0 ? range : Math.abs(value) > 0 ? Math.abs(value) : 1;
  const nearest = s.n > 0 ? nearestPattern(s.values, value, PATTERN_LENGTH) : undefined;
  if (!nearest) return { raw: 0, distance: -1, ratio: 0 };
  const distance = nearest.distance / unit;
  const local = s.distances[nearest.end] ?? -1;
  const reference = local >= 0 ? local + LOCAL_SMOOTHING * s.typical : s.typical;
  const ratio = distance / (reference > 0 ? reference : 1e-12);
  // Values near ±Number.MAX_VALUE can overflow the arithmetic; such a point teaches nothing.
  if (!Number.isFinite(distance) || !Number.isFinite(ratio)) return { raw: 0, distance: -1, ratio: 0 };
  return { raw: ratio / (ratio + RATIO_AT_HALF), distance, ratio };
}

/** How far `value` lies beyond the range of the kept history, once that history is full. */
function recentExtreme(
  history: readonly number[],
  value: number,
): { excess: number; min: number; max: number } {
  if (history.length < HISTORY_LENGTH) return { excess: 0, min: 0, max: 0 };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of history) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  let excess = 0;
  if (range > 0 && value > max + RECENT_EXTREME_TOLERANCE * range) excess = (value - max) / range;
  else if (range > 0 && value < min - RECENT_EXTREME_TOLERANCE * range) excess = (value - min) / range;
  return { excess, min, max };
}

/**
 * Scores one value and learns from it (mutates `s`). Four signals, all causal:
 * the distance of the latest sub-sequence to its nearest earlier one, relative to that
 * neighbour's own distance (a local-outlier-factor style ratio, Breunig et al. 2000, so that
 * naturally irregular stretches are not alarming); a new extreme beyond the range seen so far,
 * or well beyond the recent range; and, on top, the anomaly likelihood of the averaged raw
 * scores (Ahmad et al. 2017). After an alert the next QUIET_POINTS points are muted, as Numenta's
 * and CAD OSE's NAB detectors do, unless they set a new all-time extreme.
 */
export function step(s: OnlineState, value: number): StepOutcome {
  const span = s.max - s.min;
  const range = Number.isFinite(span) ? span : Number.MAX_VALUE;
  const previousMin = s.min;
  const previousMax = s.max;
  let extreme = 0;
  if (s.n > 0 && range > 0) {
    if (value > s.max + EXTREME_TOLERANCE * range) extreme = (value - s.max) / range;
    else if (value < s.min - EXTREME_TOLERANCE * range) extreme = (value - s.min) / range;
  }
  const recent = recentExtreme(s.values, value);
  const outlying = extreme !== 0 || recent.excess !== 0;
  const { raw: patternRaw, distance, ratio } = rawScore(s, value, range);
  const raw = outlying ? 1 : patternRaw;
  s.raws.push(raw);
  if (s.raws.length > SHORT_WINDOW) s.raws.shift();
  const recentMean = s.raws.reduce((sum, r) => sum + r, 0) / s.raws.length;

  let score = 0;
  let likelihood: Likelihood | undefined;
  if (s.n >= WARMUP) {
    likelihood = anomalyLikelihood(s.likelihood, recentMean);
    score = outlying ? 1 : likelihood.score;
  }
  let muted = false;
  if (s.quiet > 0 && extreme === 0) {
    s.quiet--;
    muted = score > 0;
    score = 0;
  } else if (score >= ALERT_LEVEL) {
    s.quiet = QUIET_POINTS;
  }

  const rate = s.n < 1 / LONG_RATE ? 1 / (s.n + 1) : LONG_RATE;
  learnLikelihood(s.likelihood, recentMean, rate);
  if (distance >= 0) s.typical += rate * (distance - s.typical);
  if (s.n === 0 || value < s.min) s.min = value;
  if (s.n === 0 || value > s.max) s.max = value;
  s.values.push(Number(value.toPrecision(6)));
  s.distances.push(distance >= 0 ? Number(distance.toPrecision(3)) : -1);
  if (s.values.length > HISTORY_LENGTH) {
    s.values.shift();
    s.distances.shift();
  }
  s.n++;
  return {
    score,
    extreme,
    previousMin,
    previousMax,
    recentExtreme: recent.excess,
    recentMin: recent.min,
    recentMax: recent.max,
    ratio,
    likelihood,
    muted,
  };
}
