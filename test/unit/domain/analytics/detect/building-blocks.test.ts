import { describe, expect, it } from 'vitest';
import {
  anomalyLikelihood,
  RED_TAIL,
  YELLOW_TAIL,
} from '../../../../../shared/domain/analytics/detect/anomaly-likelihood';
import { logGaussianTail } from '../../../../../shared/domain/analytics/detect/gaussian-tail';
import { nearestPattern } from '../../../../../shared/domain/analytics/detect/nearest-pattern';

describe('logGaussianTail', () => {
  it('matches standard normal tail probabilities, including far in the tail', () => {
    expect(Math.exp(logGaussianTail(0))).toBeCloseTo(0.5, 6);
    expect(Math.exp(logGaussianTail(1.959964))).toBeCloseTo(0.025, 6);
    expect(Math.exp(logGaussianTail(-1.959964))).toBeCloseTo(0.975, 6);
    // Q(10) = 7.62e-24
    expect(Math.exp(logGaussianTail(10)) / 7.62e-24).toBeCloseTo(1, 2);
  });
});

describe('nearestPattern', () => {
  it('finds an exact earlier repeat of the latest window at distance 0', () => {
    const history = [5, 1, 2, 3, 4, 9, 9, 9, 9, 9, 1, 2, 3];

    const found = nearestPattern(history, 4, 4);

    expect(found).toEqual({ distance: 0, end: 4 });
  });

  it('needs a non-overlapping earlier window before it answers', () => {
    expect(nearestPattern([1, 2, 3, 4, 5], 6, 4)).toBeUndefined();
  });
});

describe('anomalyLikelihood', () => {
  it('reports only the first of consecutive red points as red', () => {
    const state = { mean: 0.1, variance: 0.001, red: false };

    const first = anomalyLikelihood(state, 0.9);
    const second = anomalyLikelihood(state, 0.9);
    const calm = anomalyLikelihood(state, 0.1);
    const again = anomalyLikelihood(state, 0.9);

    expect(first.tail).toBeLessThanOrEqual(RED_TAIL);
    expect(first.score).toBeGreaterThan(0.5);
    expect(second.tail).toBe(YELLOW_TAIL);
    expect(second.score).toBeLessThan(0.5);
    expect(calm.score).toBeLessThan(0.1);
    expect(again.tail).toBeLessThanOrEqual(RED_TAIL);
  });
});
