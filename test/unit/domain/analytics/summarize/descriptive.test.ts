import { describe, expect, it } from 'vitest';
import { summarize } from '../../../../../shared/domain/analytics/summarize/summarize';

describe('summarize: descriptive statistics', () => {
  it('gives the hand-computed mean, sample standard deviation and extremes of a small array', () => {
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]);

    expect(s.count).toBe(8);
    expect(s.mean).toBe(5);
    // Sum of squared deviations is 32, so the sample variance is 32/7.
    expect(s.standardDeviation).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(s.min).toBe(2);
    expect(s.max).toBe(9);
  });

  it('interpolates quantiles between order statistics (type 7)', () => {
    const s = summarize([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

    // h = (n - 1) p = 10 p: exact order statistics for p = .25, .5, .75 and halfway for .05 and .95.
    expect(s.quantiles.median).toBe(6);
    expect(s.quantiles.p25).toBe(3.5);
    expect(s.quantiles.p75).toBe(8.5);
    expect(s.quantiles.p05).toBeCloseTo(1.5, 12);
    expect(s.quantiles.p95).toBeCloseTo(10.5, 12);
  });

  it('does not depend on the order of the values for the distribution statistics', () => {
    const s = summarize([9, 1, 5, 3, 7]);

    expect(s.quantiles.median).toBe(5);
    expect(s.quantiles.p25).toBe(3);
    expect(s.quantiles.p75).toBe(7);
  });

  it('gives zero skewness for a symmetric sample and the sign of the longer tail otherwise', () => {
    expect(summarize([1, 2, 3, 4, 5]).skewness).toBeCloseTo(0, 12);
    expect(summarize([1, 1, 1, 2, 10]).skewness).toBeGreaterThan(1);
    expect(summarize([-10, 1, 1, 1, 2]).skewness).toBeLessThan(-1);
  });

  it('matches the adjusted skewness and excess kurtosis worked out by hand for 1, 2, 3, 10', () => {
    // mean 4; deviations -3 -2 -1 6; m2 = 50/4, m3 = 180/4, m4 = 1394/4.
    const n = 4;
    const m2 = 50 / 4;
    const m3 = 180 / 4;
    const m4 = 1394 / 4;
    const g1 = m3 / m2 ** 1.5;
    const g2 = m4 / m2 ** 2 - 3;

    const s = summarize([1, 2, 3, 10]);

    expect(s.skewness).toBeCloseTo((g1 * Math.sqrt(n * (n - 1))) / (n - 2), 10);
    expect(s.excessKurtosis).toBeCloseTo((((n + 1) * g2 + 6) * (n - 1)) / ((n - 2) * (n - 3)), 10);
  });

  it('gives excess kurtosis of about -1.2 for a uniform sample', () => {
    const uniform = Array.from({ length: 10_001 }, (_, i) => i / 10_000);
    expect(summarize(uniform).excessKurtosis).toBeCloseTo(-1.2, 2);
  });

  it('leaves kurtosis null for three values, where the adjusted estimator is undefined', () => {
    const s = summarize([1, 2, 4]);
    expect(s.excessKurtosis).toBeNull();
    expect(s.skewness).not.toBeNull();
  });

  it('keeps the spread of values with a large offset', () => {
    const s = summarize([1e9 + 1, 1e9 + 2, 1e9 + 3]);
    expect(s.mean).toBe(1e9 + 2);
    expect(s.standardDeviation).toBeCloseTo(1, 9);
  });
});
