import { describe, expect, it } from 'vitest';
import {
  anomalyLikelihood,
  RED_TAIL,
  YELLOW_TAIL,
} from '../../../../../shared/domain/analytics/detect/anomaly-likelihood';
import { logGaussianTail } from '../../../../../shared/domain/analytics/detect/gaussian-tail';
import { PatternIndex } from '../../../../../shared/domain/analytics/detect/nearest-pattern';

describe('logGaussianTail', () => {
  it('matches standard normal tail probabilities, including far in the tail', () => {
    expect(Math.exp(logGaussianTail(0))).toBeCloseTo(0.5, 6);
    expect(Math.exp(logGaussianTail(1.959964))).toBeCloseTo(0.025, 6);
    expect(Math.exp(logGaussianTail(-1.959964))).toBeCloseTo(0.975, 6);
    // Q(10) = 7.62e-24
    expect(Math.exp(logGaussianTail(10)) / 7.62e-24).toBeCloseTo(1, 2);
  });
});

describe('PatternIndex', () => {
  const pushAll = (values: readonly number[], dim: number, history: number) => {
    const index = new PatternIndex(dim, history);
    for (const v of values) index.push(v);
    return index;
  };

  it('finds an exact earlier repeat of the latest window at distance 0, at its lag', () => {
    // The latest window [1, 2, 3, 4] also ends 9 steps earlier.
    const index = pushAll([5, 1, 2, 3, 4, 9, 9, 9, 9, 9, 1, 2, 3, 4], 4, 13);

    expect(index.bestSum).toBe(0);
    expect(index.bestLag).toBe(9);
  });

  it('matches a direct search over every earlier window, with the earliest of equals', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 16807) % 2147483647;
      return Math.round((seed / 2147483647) * 4);
    };
    const dim = 8;
    const history = 40;
    const values = Array.from({ length: 200 }, rand);
    const index = new PatternIndex(dim, history);
    values.forEach((v, t) => {
      index.push(v);
      const kept = values.slice(Math.max(0, t - history), t);
      let best = Number.POSITIVE_INFINITY;
      let lag = 0;
      for (let end = dim - 1; end <= kept.length - dim; end++) {
        let sum = 0;
        for (let m = 0; m < dim; m++) sum += ((kept[end - m] ?? 0) - (values[t - m] ?? 0)) ** 2;
        if (sum < best) {
          best = sum;
          lag = kept.length - end;
        }
      }
      expect([index.bestSum, index.bestLag]).toEqual(
        best === Number.POSITIVE_INFINITY ? [-1, 0] : [best, lag],
      );
    });
  });

  it('needs a non-overlapping earlier window before it answers', () => {
    expect(pushAll([1, 2, 3, 4, 5, 6], 4, 13).bestSum).toBe(-1);
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
