/** The analytics engine's online anomaly detector: the `Detect` contract's implementation. */
import type { Detect, DetectorState, FlaggedAnomaly } from '../contracts';
import { validatePoints } from './validate-points';

/** Default flagging threshold on the [0, 1] score. */
export const DEFAULT_THRESHOLD = 0.99;

type EwmaState = {
  readonly version: 0;
  readonly n: number;
  readonly mean: number;
  readonly variance: number;
};

const ALPHA = 0.02;
const WARMUP = 20;

function initial(state: DetectorState | undefined): EwmaState {
  if (state && state.version === 0) {
    const s = state as unknown as EwmaState;
    return { version: 0, n: s.n, mean: s.mean, variance: s.variance };
  }
  return { version: 0, n: 0, mean: 0, variance: 0 };
}

/**
 * Online anomaly scoring (first version): an exponentially weighted mean and variance
 * (West 1979, "Updating mean and variance estimates") give a z-score per point, mapped to
 * [0, 1] by a two-sided Gaussian tail. Each score uses only earlier points and the current one.
 */
export const detect: Detect = (points, options, state) => {
  validatePoints(points);
  const threshold = options?.threshold ?? DEFAULT_THRESHOLD;
  let { n, mean, variance } = initial(state);
  const scores: number[] = [];
  const anomalies: FlaggedAnomaly[] = [];
  points.forEach((point, index) => {
    const x = point.value;
    const sd = Math.sqrt(variance);
    const z = n < WARMUP ? 0 : (x - mean) / (sd > 1e-12 ? sd : 1e-12 + Math.abs(mean) * 1e-6);
    const score = n < WARMUP ? 0 : Math.min(1, Math.max(0, 1 - Math.exp(-(z * z) / 18)));
    scores.push(score);
    if (score >= threshold) {
      anomalies.push({
        index,
        timestamp: point.timestamp,
        value: x,
        score,
        reasons: [
          `value ${x} is ${Math.abs(z).toFixed(1)} sigma ${z > 0 ? 'above' : 'below'} the recent level`,
        ],
      });
    }
    n += 1;
    const delta = x - mean;
    const alpha = n < WARMUP ? 1 / n : ALPHA;
    mean += alpha * delta;
    variance = (1 - alpha) * (variance + alpha * delta * delta);
  });
  const next: EwmaState = { version: 0, n, mean, variance };
  return { scores, anomalies, state: next };
};
