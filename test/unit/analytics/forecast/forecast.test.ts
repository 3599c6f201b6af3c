import { describe, expect, it } from 'vitest';
import { forecast } from '../../../../shared/domain/analytics/forecast/index';
import { ValidationError } from '../../../../shared/domain/errors';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function noisySeasonal(n: number, period: number, seed = 1): number[] {
  const rand = lcg(seed);
  return Array.from(
    { length: n },
    (_, i) => 100 + 0.2 * i + 10 * Math.sin((2 * Math.PI * i) / period) + rand() - 0.5,
  );
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
  it('returns one value per horizon step, and ordered 80%/95% intervals', () => {
    const result = forecast(noisySeasonal(200, 12), { horizon: 30, period: 12 });

    expect(result.mean).toHaveLength(30);
    const [i80, i95] = result.intervals;
    expect(i80?.level).toBe(80);
    expect(i95?.level).toBe(95);
    for (let h = 0; h < 30; h++) {
      const m = result.mean[h] ?? Number.NaN;
      expect(i95?.lower[h]).toBeLessThanOrEqual(i80?.lower[h] ?? Number.NaN);
      expect(i80?.lower[h]).toBeLessThanOrEqual(m);
      expect(m).toBeLessThanOrEqual(i80?.upper[h] ?? Number.NaN);
      expect(i80?.upper[h]).toBeLessThanOrEqual(i95?.upper[h] ?? Number.NaN);
    }
  });

  it('forecasts a constant series as that constant with zero-width intervals', () => {
    const result = forecast(Array(50).fill(7), { horizon: 5 });
    expect(result.mean).toEqual([7, 7, 7, 7, 7]);
    for (const interval of result.intervals) {
      expect(interval.lower.every((v) => Math.abs(v - 7) < 1e-9)).toBe(true);
      expect(interval.upper.every((v) => Math.abs(v - 7) < 1e-9)).toBe(true);
    }
  });

  it('honours custom levels', () => {
    const result = forecast(noisySeasonal(100, 7), { horizon: 3, levels: [50, 99] });
    expect(result.intervals.map((i) => i.level)).toEqual([50, 99]);
  });

  it('rejects too few values, non-finite values and a bad horizon, naming each field', () => {
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
  });
});
