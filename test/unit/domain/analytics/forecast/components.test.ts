import { describe, expect, it } from 'vitest';
import type { CandidatePool } from '../../../../../shared/domain/analytics/forecast/candidate-pool';
import { detectPeriods } from '../../../../../shared/domain/analytics/forecast/detect-seasonality';
import { doubleSeasonalForecast } from '../../../../../shared/domain/analytics/forecast/double-seasonal';
import {
  etsForecast,
  etsVarianceMultipliers,
  fitEts,
  fitEtsPair,
} from '../../../../../shared/domain/analytics/forecast/exponential-smoothing';
import { normalQuantile } from '../../../../../shared/domain/analytics/forecast/normal-quantile';
import {
  calibratedIntervals,
  levelWidening,
} from '../../../../../shared/domain/analytics/forecast/prediction-intervals';
import { selectByRollingOrigin } from '../../../../../shared/domain/analytics/forecast/rolling-origin-selection';
import { seasonalAdjustment } from '../../../../../shared/domain/analytics/forecast/seasonal-adjustment';
import { pairKernelsAvailable } from '../../../../../shared/domain/analytics/forecast/smoothing-pair-simd';
import { studentTQuantile } from '../../../../../shared/domain/analytics/forecast/student-t-quantile';
import { linearTrend, thetaForecast } from '../../../../../shared/domain/analytics/forecast/theta';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('forecasting components', () => {
  it('normal quantiles match the standard table', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.9)).toBeCloseTo(1.281552, 5);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
  });

  it('calibrated intervals follow the empirical error quantiles, widened per level, and t quantiles with too few errors', () => {
    const mean = [10, 10];
    const sd = [1, 2];
    // 40 standardised errors: 36 small, 4 of size 5 → the 95% quantile of |e| is 5 (> 1.96)
    const heavy = [...Array(36).fill(0.1), 5, -5, 5, -5];
    const [i80, i95] = calibratedIntervals(mean, sd, [80, 95], heavy);
    const w95 = levelWidening(95);
    expect(i95?.upper[0]).toBeCloseTo(10 + 5 * w95, 9);
    expect(i95?.upper[1]).toBeCloseTo(10 + 10 * w95, 9);
    // 80%: the empirical quantile (0.1) is used even though it is below the Gaussian 1.28
    expect(i80?.upper[0]).toBeCloseTo(10 + 0.1 * levelWidening(80), 9);
    const few = calibratedIntervals(mean, sd, [95], heavy.slice(0, 10), 5)[0];
    expect(few?.upper[0]).toBeCloseTo(10 + studentTQuantile(0.95, 5) * w95, 9);
  });

  it('widens levels between the anchors linearly and keeps the end factors beyond them', () => {
    expect(levelWidening(50)).toBe(levelWidening(80));
    expect(levelWidening(99)).toBe(levelWidening(95));
    expect(levelWidening(87.5)).toBeCloseTo((levelWidening(80) + levelWidening(95)) / 2, 12);
  });

  it('Holt recovers a straight line exactly; SES forecasts flat', () => {
    const line = Array.from({ length: 30 }, (_, t) => 5 + 2 * t);
    const holt = etsForecast(fitEts(line, 'additive'), 3);
    holt.forEach((f, h) => {
      expect(f).toBeCloseTo(5 + 2 * (30 + h), 6);
    });
    const ses = etsForecast(fitEts(line, 'none'), 3);
    expect(ses[0]).toBe(ses[2]);
  });

  it('SES variance multipliers grow by α² a step (Hyndman et al. 2008, Table 6.1)', () => {
    const rand = lcg(9);
    const fit = fitEts(
      Array.from({ length: 100 }, () => 10 + rand()),
      'none',
    );
    const v = etsVarianceMultipliers(fit, 3);
    expect(v[0]).toBe(1);
    expect(v[2]).toBeCloseTo(1 + 2 * fit.alpha ** 2, 12);
  });

  it('Theta: least-squares line, and a forecast halfway between SES and the line on a trend', () => {
    expect(linearTrend([1, 3, 5, 7])).toEqual({ intercept: -1, slope: 2 });
    const line = Array.from({ length: 40 }, (_, t) => 2 * t);
    const f = thetaForecast(line, 2);
    // The theta-2 line equals the data; SES tracks it to ~78 (α → 1); the line gives 2(n+h)−2.
    expect(f[0]).toBeGreaterThan(78);
    expect(f[0]).toBeLessThan(80);
  });

  it('seasonal adjustment removes and restores an exact multiplicative pattern', () => {
    const pattern = [0.8, 1.2, 1.1, 0.9];
    const values = Array.from({ length: 40 }, (_, t) => 100 * (pattern[t % 4] ?? 1));
    const adjustment = seasonalAdjustment(values, 4, 3);
    adjustment.adjusted.forEach((a) => {
      expect(a).toBeCloseTo(100, 6);
    });
    const back = adjustment.reseasonalise([100, 100, 100, 100]);
    back.forEach((b, h) => {
      expect(b).toBeCloseTo(100 * (pattern[(40 + h) % 4] ?? 1), 6);
    });
  });

  it('detects a 24-step cycle, a weekly one on top, and none in noise', () => {
    const rand = lcg(1);
    const daily = Array.from({ length: 24 * 10 }, (_, t) => Math.sin((2 * Math.PI * t) / 24) + 0.1 * rand());
    expect(detectPeriods(daily)).toEqual([24]);
    const weekly = Array.from(
      { length: 24 * 7 * 4 },
      (_, t) => Math.sin((2 * Math.PI * t) / 24) + (Math.floor(t / 24) % 7 === 6 ? 3 : 0) + 0.1 * rand(),
    );
    expect(detectPeriods(weekly)).toEqual([24, 168]);
    expect(detectPeriods(Array.from({ length: 500 }, () => rand()))).toEqual([]);
    expect(detectPeriods(daily, 12)).toEqual([12]);
  });

  it('double seasonal smoothing reproduces a clean day-and-week pattern', () => {
    const shape = (t: number) =>
      50 + 10 * Math.sin((2 * Math.PI * t) / 24) + (Math.floor(t / 24) % 7 >= 5 ? -20 : 0);
    const values = Array.from({ length: 24 * 7 * 4 }, (_, t) => shape(t));
    const f = doubleSeasonalForecast(values, 48, 24, 168);
    f.forEach((v, h) => {
      expect(Math.abs(v - shape(values.length + h))).toBeLessThan(0.5);
    });
  });

  it('runs the paired smoothing kernels where WebAssembly SIMD exists (Node has it)', () => {
    expect(pairKernelsAvailable).toBe(true);
  });

  it('fits two series in lockstep exactly as one at a time, whatever their lengths', () => {
    const rand = lcg(7);
    const series = (n: number, slope: number) =>
      Array.from({ length: n }, (_, t) => 10 + slope * t + Math.sin(t / 3) + rand());
    const longer = series(130, 0.2);
    const shorter = series(90, -0.1);
    for (const trend of ['damped', 'additive', 'none'] as const) {
      expect(fitEtsPair(shorter, longer, trend)).toEqual([fitEts(shorter, trend), fitEts(longer, trend)]);
      expect(fitEtsPair(longer, shorter, trend)).toEqual([fitEts(longer, trend), fitEts(shorter, trend)]);
    }
  });

  it('rolling-origin selection picks the candidate that forecasts the recent past best', () => {
    const values = Array.from({ length: 60 }, (_, t) => t);
    const pool: CandidatePool = {
      members: [
        {
          name: 'flat',
          minLength: 1,
          period: 1,
          run: (y, h) => new Array<number>(h).fill(y[y.length - 1] ?? 0),
        },
        {
          name: 'drift',
          minLength: 2,
          period: 1,
          run: (y, h) => Array.from({ length: h }, (_, i) => (y[y.length - 1] ?? 0) + i + 1),
        },
      ],
      combinations: [{ name: 'mean(flat,drift)', parts: ['flat', 'drift'], how: 'mean' }],
      fallback: ['flat'],
    };
    const selection = selectByRollingOrigin(pool, values, 5);
    expect(selection.chosen).toEqual(['drift']);
    expect(selection.mean).toEqual([60, 61, 62, 63, 64]);
    expect(selection.validationErrors).toHaveLength(6);
    expect(selection.validationErrors.every((e) => e.every((x) => x === 0))).toBe(true);

    const short = selectByRollingOrigin(pool, [1, 2, 3], 5);
    expect(short.chosen).toEqual(['flat']);
  });

  it('rolling-origin selection stops scoring a costly candidate once it cannot win, and still picks the best', () => {
    const values = Array.from({ length: 60 }, (_, t) => t);
    const flat = (y: readonly number[], h: number) => new Array<number>(h).fill(y[y.length - 1] ?? 0);
    const drift = (y: readonly number[], h: number) =>
      Array.from({ length: h }, (_, i) => (y[y.length - 1] ?? 0) + i + 1);
    const poolOf = (cheap: typeof flat, costly: typeof flat, calls: { costly: number }): CandidatePool => ({
      members: [
        {
          name: 'costly',
          minLength: 1,
          period: 1,
          effort: 3,
          run: (y, h) => {
            calls.costly++;
            return costly(y, h);
          },
        },
        { name: 'cheap', minLength: 1, period: 1, run: cheap },
      ],
      combinations: [{ name: 'mean(costly,cheap)', parts: ['costly', 'cheap'], how: 'mean' }],
      fallback: ['cheap'],
    });
    // The cheap candidate is scored first and is exact: the costly one falls behind at its first
    // origin, and its one forecast there also serves the combination.
    const pruned = { costly: 0 };
    const selection = selectByRollingOrigin(poolOf(drift, flat, pruned), values, 5);
    expect(selection.chosen).toEqual(['cheap']);
    expect(pruned.costly).toBe(1);
    expect(selection.validationErrors.every((e) => e.every((x) => x === 0))).toBe(true);
    // The costly candidate is the best one: it is scored at every origin and chosen.
    const scored = { costly: 0 };
    const best = selectByRollingOrigin(poolOf(flat, drift, scored), values, 5);
    expect(best.chosen).toEqual(['costly']);
    expect(scored.costly).toBe(6 + 1);
    expect(best.validationErrors).toHaveLength(6);
    expect(best.validationErrors.every((e) => e.every((x) => x === 0))).toBe(true);
  });
});
