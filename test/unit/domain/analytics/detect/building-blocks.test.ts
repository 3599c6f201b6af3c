import { describe, expect, it } from 'vitest';
import {
  anomalyLikelihood,
  RED_TAIL,
  YELLOW_TAIL,
} from '../../../../../shared/domain/analytics/detect/anomaly-likelihood';
import { logGaussianTail } from '../../../../../shared/domain/analytics/detect/gaussian-tail';
import {
  nearestPatterns,
  scalarTile,
  WINDOW,
} from '../../../../../shared/domain/analytics/detect/nearest-pattern';
import { simdAvailable, simdTile } from '../../../../../shared/domain/analytics/detect/nearest-pattern-simd';
import { initialState, OnlineDetector } from '../../../../../shared/domain/analytics/detect/online-detector';
import { SlidingExtremes } from '../../../../../shared/domain/analytics/detect/sliding-extremes';

describe('logGaussianTail', () => {
  it('matches standard normal tail probabilities, including far in the tail', () => {
    expect(Math.exp(logGaussianTail(0))).toBeCloseTo(0.5, 6);
    expect(Math.exp(logGaussianTail(1.959964))).toBeCloseTo(0.025, 6);
    expect(Math.exp(logGaussianTail(-1.959964))).toBeCloseTo(0.975, 6);
    // Q(10) = 7.62e-24
    expect(Math.exp(logGaussianTail(10)) / 7.62e-24).toBeCloseTo(1, 2);
  });
});

describe('nearestPatterns', () => {
  const search = (values: readonly number[], history: number, from = 0) => {
    const x = Float64Array.from(values);
    const sums = new Float64Array(values.length);
    const lags = new Int32Array(values.length);
    nearestPatterns(x, from, values.length, history, sums, lags);
    return { sums, lags };
  };
  const pattern = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

  it('finds an exact earlier repeat of the latest window at distance 0, at its lag', () => {
    // The latest window also ends 15 steps earlier.
    const values = [5, ...pattern, 9, 9, 9, ...pattern];
    const { sums, lags } = search(values, 40);

    expect(sums[values.length - 1]).toBe(0);
    expect(lags[values.length - 1]).toBe(15);
  });

  it('matches a direct search over every earlier window, with the earliest of equals, in one call or in chunks', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 16807) % 2147483647;
      return Math.round((seed / 2147483647) * 4);
    };
    const history = 40;
    const values = Array.from({ length: 200 }, rand);
    const whole = search(values, history);
    values.forEach((_, t) => {
      const kept = values.slice(Math.max(0, t - history), t);
      let best = Number.POSITIVE_INFINITY;
      let lag = 0;
      for (let end = WINDOW - 1; end <= kept.length - WINDOW; end++) {
        let sum = 0;
        for (let m = 0; m < WINDOW; m++) sum += ((kept[end - m] ?? 0) - (values[t - m] ?? 0)) ** 2;
        if (sum < best) {
          best = sum;
          lag = kept.length - end;
        }
      }
      expect([whole.sums[t], whole.lags[t]]).toEqual(
        best === Number.POSITIVE_INFINITY ? [-1, 0] : [best, lag],
      );
      // From only the kept history (at least `history` values), as a later call sees it.
      if (t >= history) {
        const later = search(values.slice(t - history, t + 1), history, history);
        expect([later.sums[history], later.lags[history]]).toEqual([whole.sums[t], whole.lags[t]]);
      }
    });
  });

  it.runIf(simdAvailable)(
    'gets the same sums, to the bit, and lags from the SIMD kernel as from the scalar loops',
    () => {
      const history = 400;
      const maxLag = history - WINDOW + 1;
      const length = 2000;
      let seed = 11;
      const rand = () => {
        seed = (seed * 16807) % 2147483647;
        return seed / 2147483647;
      };
      // Fractions (where the order of additions shows in the last bits), a cycle with exact repeats
      // (ties, where the earliest window must win) and a constant stretch (every lag ties at 0).
      const shapes = [
        Array.from({ length }, () => 100 * rand() + 1e-7 * rand()),
        Array.from({ length }, (_, t) => Math.round(10 * Math.sin((2 * Math.PI * t) / 24))),
        Array.from({ length }, (_, t) => (t > 900 && t < 1500 ? 3 : rand())),
      ];
      for (const shape of shapes) {
        const values = Float64Array.from(shape);
        // From the first value (lags becoming candidates one by one) and from a full history.
        for (const start of [0, maxLag + WINDOW - 1]) {
          const scalar = { sums: new Float64Array(length), lags: new Int32Array(length) };
          const simd = { sums: new Float64Array(length), lags: new Int32Array(length) };
          scalarTile(values, start, length, maxLag, scalar.sums, scalar.lags);
          expect(simdTile(values, start, length, WINDOW, maxLag + 1, simd.sums, simd.lags)).toBe(true);
          const differing = Array.from({ length: length - start }, (_, i) => start + i).filter(
            (t) => !Object.is(scalar.sums[t], simd.sums[t]) || scalar.lags[t] !== simd.lags[t],
          );
          expect(differing).toEqual([]);
          // The cycle's equally near windows: the earliest (lag 384 = 16 cycles) wins.
          if (shape === shapes[1]) expect(new Set(simd.lags.subarray(2 * history))).toEqual(new Set([384]));
          else expect(new Set(simd.lags.subarray(start)).size).toBeGreaterThan(10);
        }
      }
    },
  );

  it('needs a non-overlapping earlier window before it answers', () => {
    const { sums, lags } = search([...pattern, ...pattern], 40);
    expect(sums[22]).toBe(-1);
    expect(lags[22]).toBe(0);
    expect(sums[23]).toBe(0);
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

describe('OnlineDetector', () => {
  it('scores the same whether or not the coming values were announced', () => {
    let seed = 3;
    const values = Array.from({ length: 1500 }, (_, t) => {
      seed = (seed * 16807) % 2147483647;
      return 10 * Math.sin(t / 5) + seed / 2147483647 + (t === 1200 ? 40 : 0);
    });
    const announced = new OnlineDetector(initialState());
    announced.expect(values.map((value) => ({ value })));
    const alone = new OnlineDetector(initialState());

    const a = values.map((v) => announced.step(v));
    const b = values.map((v) => alone.step(v));

    expect(a).toEqual(b);
    expect(Math.max(...a)).toBeGreaterThanOrEqual(0.5);
  });
});

describe('SlidingExtremes', () => {
  it('matches the minimum and maximum of the window by direct search, on noise and on a steady rise', () => {
    let seed = 11;
    const noise = Array.from({ length: 300 }, () => {
      seed = (seed * 16807) % 2147483647;
      return Math.round((seed / 2147483647) * 20);
    });
    const rise = Array.from({ length: 300 }, (_, t) => t);
    for (const values of [noise, rise]) {
      const window = 40;
      const extremes = new SlidingExtremes(window);
      values.forEach((v, t) => {
        extremes.push(t, v);
        extremes.dropBefore(t + 1 - window);
        const kept = values.slice(Math.max(0, t + 1 - window), t + 1);
        expect([extremes.min, extremes.max]).toEqual([Math.min(...kept), Math.max(...kept)]);
      });
    }
  });

  it('reports infinities when nothing is kept', () => {
    const extremes = new SlidingExtremes(4);
    expect([extremes.min, extremes.max]).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    extremes.push(0, 5);
    extremes.dropBefore(1);
    expect([extremes.min, extremes.max]).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
  });
});
