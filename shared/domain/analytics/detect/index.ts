/** The analytics engine's online anomaly detector: the `Detect` contract's implementation. */
import type { Detect, DetectorState, FlaggedAnomaly } from '../contracts';
import { DEFAULT_PARAMS, initialScorerState, type ScorerState, stepScorer } from './streaming-scorer';
import { validatePoints } from './validate-points';

/** Default flagging threshold on the [0, 1] score (NAB's corpus-optimised threshold is close to it). */
export const DEFAULT_THRESHOLD = 0.5;

function restore(state: DetectorState | undefined): ScorerState {
  if (state && state.version === 1) return structuredClone(state) as unknown as ScorerState;
  return initialScorerState();
}

/**
 * Online anomaly scoring: kNN nonconformity of the latest sub-sequence, turned into an anomaly
 * likelihood (see streaming-scorer.ts). Each score uses only earlier points and the current one.
 */
export const detect: Detect = (points, options, state) => {
  validatePoints(points);
  const threshold = options?.threshold ?? DEFAULT_THRESHOLD;
  const s = restore(state);
  const scores: number[] = [];
  const anomalies: FlaggedAnomaly[] = [];
  points.forEach((point, index) => {
    const step = stepScorer(s, point.value, DEFAULT_PARAMS);
    scores.push(step.score);
    if (step.score >= threshold) {
      anomalies.push({
        index,
        timestamp: point.timestamp,
        value: point.value,
        score: step.score,
        reasons: [],
      });
    }
  });
  return { scores, anomalies, state: s as unknown as DetectorState };
};
