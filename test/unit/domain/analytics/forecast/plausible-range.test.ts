import { describe, expect, it } from 'vitest';
import { forecast } from '../../../../../shared/domain/analytics/forecast/forecast';
import { isPlausibleForecast } from '../../../../../shared/domain/analytics/forecast/plausible-range';

describe('no-collapse fallback', () => {
  const history = [10, 12, 14, 13, 15, 17, 16, 18, 20, 19];

  it('accepts forecasts within one history range beyond the observed extremes', () => {
    expect(isPlausibleForecast([19, 21, 25, 29.9], history)).toBe(true);
    expect(isPlausibleForecast([0.1, 5], history)).toBe(true);
  });

  it('rejects blow-ups, collapses of a positive series and non-finite values', () => {
    expect(isPlausibleForecast([21, 30.5], history)).toBe(false);
    expect(isPlausibleForecast([19, 0], history)).toBe(false);
    expect(isPlausibleForecast([19, Number.NaN], history)).toBe(false);
    // A series that already crossed zero may be forecast at or below it.
    expect(isPlausibleForecast([-2, 0], [3, 1, -1, 2, 0])).toBe(true);
  });

  it('widens the range for horizons longer than the history', () => {
    expect(isPlausibleForecast(new Array<number>(20).fill(35), history)).toBe(true);
    expect(isPlausibleForecast(new Array<number>(5).fill(35), history)).toBe(false);
  });

  it('falls back to a model that cannot collapse when the chosen one would forecast a positive series to zero', () => {
    // A steady decline: every trend model extrapolates it through zero within the horizon.
    const declining = Array.from({ length: 40 }, (_, t) => 400 - 9.5 * t + (t % 3) * 2);

    const result = forecast(declining, { horizon: 24 });

    expect(result.method).toContain('fallback');
    expect(Math.min(...result.mean)).toBeGreaterThan(0);
    for (const interval of result.intervals) {
      interval.lower.forEach((low, h) => {
        expect(low).toBeLessThanOrEqual(result.mean[h] ?? Number.NaN);
      });
    }
  });

  it('keeps the chosen model when its forecast is plausible', () => {
    const wave = Array.from({ length: 96 }, (_, t) => 100 + 10 * Math.sin((2 * Math.PI * t) / 12) + 0.1 * t);

    const result = forecast(wave, { horizon: 24 });

    expect(result.method).not.toContain('fallback');
    expect(result.period).toBe(12);
  });

  it('forecasts a clean ten-cycle wave by its cycle, though some candidates need more history', () => {
    const wave = (n: number) =>
      Array.from({ length: n }, (_, i) => 100 + 10 * Math.sin((2 * Math.PI * i) / 24));

    const result = forecast(wave(240), { horizon: 24, period: 24 });

    const next = wave(264).slice(240);
    result.mean.forEach((m, i) => {
      expect(Math.abs(m - (next[i] ?? 0)), `step ${i}`).toBeLessThan(0.01);
    });
  });
});
