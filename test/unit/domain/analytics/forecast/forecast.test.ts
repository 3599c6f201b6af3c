import { describe, expect, it } from 'vitest';
import type { ForecastResult } from '../../../../../shared/domain/analytics/contracts';
import { forecast } from '../../../../../shared/domain/analytics/forecast/forecast';
import { ValidationError } from '../../../../../shared/domain/errors';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Level 50, slope 0.3 a step, a sine of amplitude 8 with period 12; no noise. */
function trendSeasonal(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => {
    const t = from + i;
    return 50 + 0.3 * t + 8 * Math.sin((2 * Math.PI * t) / 12);
  });
}

/** Hourly-like: a daily sine, weekends 30 lower, small noise. */
function hourlyLike(n: number, seed = 3): number[] {
  const rand = lcg(seed);
  return Array.from({ length: n }, (_, t) => {
    const weekend = Math.floor(t / 24) % 7 >= 5 ? -30 : 0;
    return 100 + 20 * Math.sin((2 * Math.PI * t) / 24) + weekend + 2 * (rand() - 0.5);
  });
}

function randomWalk(n: number, seed = 5): number[] {
  const rand = lcg(seed);
  const out = [0];
  for (let i = 1; i < n; i++) out.push((out[i - 1] ?? 0) + rand() - 0.5);
  return out;
}

function expectOrderedIntervals(result: ForecastResult, horizon: number): void {
  const i80 = result.intervals.find((i) => i.level === 80);
  const i95 = result.intervals.find((i) => i.level === 95);
  expect(i80 && i95).toBeTruthy();
  for (let h = 0; h < horizon; h++) {
    const m = result.mean[h] ?? Number.NaN;
    expect(i95?.lower[h]).toBeLessThanOrEqual(i80?.lower[h] ?? Number.NaN);
    expect(i80?.lower[h]).toBeLessThanOrEqual(m);
    expect(m).toBeLessThanOrEqual(i80?.upper[h] ?? Number.NaN);
    expect(i80?.upper[h]).toBeLessThanOrEqual(i95?.upper[h] ?? Number.NaN);
  }
}

function maxAbsError(a: readonly number[], b: readonly number[]): number {
  return Math.max(...a.map((x, i) => Math.abs(x - (b[i] ?? Number.NaN))));
}

function validationPaths(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('INVALID_FORECAST_REQUEST');
    return (error as ValidationError).details.map((d) => d.path);
  }
  throw new Error('expected a ValidationError');
}

describe('forecast', () => {
  it.each([
    ['a trend with seasonality', trendSeasonal(0, 144), 24],
    ['an hourly series with daily and weekly cycles', hourlyLike(24 * 7 * 5), 48],
    ['a random walk', randomWalk(300), 10],
    ['a short series', [3, 5, 4, 6, 5], 7],
  ])('returns one value per step and ordered 80%%/95%% intervals for %s', (_, values, horizon) => {
    const result = forecast(values, { horizon });

    expect(result.mean).toHaveLength(horizon);
    expect(result.intervals.map((i) => i.level)).toEqual([80, 95]);
    for (const interval of result.intervals) {
      expect(interval.lower).toHaveLength(horizon);
      expect(interval.upper).toHaveLength(horizon);
    }
    expectOrderedIntervals(result, horizon);
  });

  it('recovers a clean trend plus seasonality closely, detecting its period', () => {
    const result = forecast(trendSeasonal(0, 144), { horizon: 24 });

    expect(result.seasonal).toBe(true);
    expect(result.period).toBe(12);
    expect(maxAbsError(result.mean, trendSeasonal(144, 168))).toBeLessThan(0.5);
  });

  it('finds the daily and weekly cycles of hourly data and forecasts the weekend dip', () => {
    const all = hourlyLike(24 * 7 * 5 + 48);
    const history = all.slice(0, -48);
    const actual = all.slice(-48);

    const result = forecast(history, { horizon: 48 });

    expect(result.period).toBe(168);
    // Noise is ±1, the weekend dip 30: a forecast that missed the week would be off by ~30.
    expect(maxAbsError(result.mean, actual)).toBeLessThan(5);
  });

  it('widens intervals with the horizon on a random walk', () => {
    const result = forecast(randomWalk(300), { horizon: 20 });
    const i95 = result.intervals.find((i) => i.level === 95);
    const width = (h: number) => (i95?.upper[h] ?? 0) - (i95?.lower[h] ?? 0);

    expect(width(19)).toBeGreaterThan(width(0));
  });

  it('forecasts a constant series as that constant with zero-width intervals', () => {
    const result = forecast(Array(50).fill(7), { horizon: 5 });

    expect(result.mean).toEqual([7, 7, 7, 7, 7]);
    for (const interval of result.intervals) {
      expect(interval.lower).toEqual([7, 7, 7, 7, 7]);
      expect(interval.upper).toEqual([7, 7, 7, 7, 7]);
    }
  });

  it('keeps forecasts and bounds of a non-negative series at or above zero', () => {
    const decaying = Array.from({ length: 60 }, (_, i) => Math.max(0, 60 - 1.5 * i));

    const result = forecast(decaying, { horizon: 30 });

    expect(result.mean.every((v) => v >= 0)).toBe(true);
    expect(result.intervals.every((i) => i.lower.every((v) => v >= 0))).toBe(true);
  });

  it('uses a given period instead of detecting one', () => {
    const result = forecast(trendSeasonal(0, 144), { horizon: 12, period: 12 });
    expect(result.period).toBe(12);
    expect(maxAbsError(result.mean, trendSeasonal(144, 156))).toBeLessThan(0.5);
  });

  it('honours custom levels', () => {
    const result = forecast(randomWalk(100), { horizon: 3, levels: [50, 99] });
    expect(result.intervals.map((i) => i.level)).toEqual([50, 99]);
    const [i50, i99] = result.intervals;
    expect((i99?.upper[0] ?? 0) - (i99?.lower[0] ?? 0)).toBeGreaterThan(
      (i50?.upper[0] ?? 0) - (i50?.lower[0] ?? 0),
    );
  });

  it('stays finite on extreme magnitudes', () => {
    const rand = lcg(11);
    for (const scale of [1e300, 1e-300]) {
      const result = forecast(
        Array.from({ length: 100 }, () => scale * rand()),
        { horizon: 5 },
      );
      const all = [...result.mean, ...result.intervals.flatMap((i) => [...i.lower, ...i.upper])];
      expect(all.every(Number.isFinite)).toBe(true);
    }
  });

  it('reports no seasonality when it falls back to non-seasonal methods', () => {
    const result = forecast([1, 2, 3, 4, 5, 6], { horizon: 3, period: 6 });
    expect(result.seasonal).toBe(false);
    expect(result.period).toBe(1);
  });

  it('forecasts from two values', () => {
    const result = forecast([1, 2], { horizon: 3 });
    expect(result.mean).toHaveLength(3);
    expect(result.mean.every(Number.isFinite)).toBe(true);
  });

  it('rejects too few values, non-finite values and bad options, naming each field', () => {
    expect(validationPaths(() => forecast([1], { horizon: 3 }))).toContain('values');
    expect(
      validationPaths(() => forecast([1, Number.NaN, 3, Number.POSITIVE_INFINITY], { horizon: 3 })),
    ).toEqual(['values[1]', 'values[3]']);
    expect(validationPaths(() => forecast([1, 2, 3], { horizon: 0 }))).toEqual(['options.horizon']);
    expect(validationPaths(() => forecast([1, 2, 3], { horizon: 1001 }))).toEqual(['options.horizon']);
    expect(validationPaths(() => forecast([1, 2, 3], { horizon: 2.5 }))).toEqual(['options.horizon']);
    expect(validationPaths(() => forecast([1, 2, 3], { horizon: 2, period: 0 }))).toEqual(['options.period']);
    expect(validationPaths(() => forecast([1, 2, 3], { horizon: 2, levels: [80, 100] }))).toEqual([
      'options.levels[1]',
    ]);
    expect(validationPaths(() => forecast(['1', 2] as unknown as number[], { horizon: 1000 }))).toEqual([
      'values[0]',
    ]);
  });
});
