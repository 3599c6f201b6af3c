/** HTM-style anomaly likelihood: how improbable the recent average raw score is under its long-term distribution. */
import { logGaussianTail } from './gaussian-tail';

/** Tail probability at or below which a point is "red" (Numenta's default). */
export const RED_TAIL = 1e-5;
/** Tail probability reported for a red point that directly follows another red point. */
export const YELLOW_TAIL = 1e-3;
/** Lower bounds on the long-term mean and variance (Numenta's defaults), so tiny blips in a very quiet series are not red. */
const MEAN_FLOOR = 0.03;
const VARIANCE_FLOOR = 0.0003;
const LOG_TEN_TO_MINUS_TEN = Math.log(1e-10);

/** The long-term Gaussian of the averaged raw score and whether the previous point was red. */
export interface LikelihoodState {
  mean: number;
  variance: number;
  red: boolean;
}

/** How unusual the recent raw scores are, for the score and for the reasons shown to users. */
export interface Likelihood {
  /** z-score of the recent average against the long-term distribution. */
  readonly z: number;
  /** P(average this high | normal behaviour), after the red filter. */
  readonly tail: number;
  /** log-scaled likelihood in [0, 1]: 0.5 at tail 1e-5, 1 at tail 1e-10 (NAB's numenta detector). */
  readonly score: number;
}

/**
 * Anomaly likelihood (Ahmad, Lavin, Purdy & Agha 2017, "Unsupervised real-time anomaly detection
 * for streaming data", §3): the short-term mean of raw scores is compared with a Gaussian fitted
 * to its long-term history, likelihood = 1 − Q(z). A red point right after a red point is
 * reported as yellow, so a sustained anomaly raises one alarm, not hundreds. The score is the
 * paper's log transform, which spreads the interesting range 1 − 1e-3 … 1 − 1e-10 over [0.3, 1].
 */
export function anomalyLikelihood(state: LikelihoodState, recentMean: number): Likelihood {
  const out = { z: 0, tail: 0, score: 0 };
  assessLikelihood(state, recentMean, out);
  return out;
}

/** {@link anomalyLikelihood} written into `out`, so the detector allocates nothing per point. */
export function assessLikelihood(
  state: LikelihoodState,
  recentMean: number,
  out: { z: number; tail: number; score: number },
): void {
  const sd = Math.sqrt(Math.max(state.variance, VARIANCE_FLOOR));
  const z = (recentMean - Math.max(state.mean, MEAN_FLOOR)) / sd;
  let tail = Math.exp(logGaussianTail(z));
  if (tail <= RED_TAIL) {
    if (state.red) tail = YELLOW_TAIL;
    state.red = true;
  } else {
    state.red = false;
  }
  out.z = z;
  out.tail = tail;
  out.score = Math.min(1, Math.max(0, Math.log(tail + 1e-10) / LOG_TEN_TO_MINUS_TEN));
}

/** Folds the latest short-term mean into the long-term Gaussian (exponentially weighted, West 1979). */
export function learnLikelihood(state: LikelihoodState, recentMean: number, rate: number): void {
  const delta = recentMean - state.mean;
  state.mean += rate * delta;
  state.variance = (1 - rate) * (state.variance + rate * delta * delta);
}
