import { describe, expect, it } from 'vitest';
import { sensSlope } from '../../../../../shared/domain/analytics/summarize/sens-slope';
import { summarize } from '../../../../../shared/domain/analytics/summarize/summarize';

/** A deterministic pseudo-random generator so tests are repeatable. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Approximately standard normal noise (sum of 12 uniforms minus 6). */
function gaussian(rand: () => number): number {
  let s = 0;
  for (let i = 0; i < 12; i++) s += rand();
  return s - 6;
}

function bruteSen(y: readonly number[]): number {
  const slopes = new Float64Array((y.length * (y.length - 1)) / 2);
  let p = 0;
  for (let i = 0; i < y.length; i++) {
    for (let j = i + 1; j < y.length; j++) slopes[p++] = ((y[j] as number) - (y[i] as number)) / (j - i);
  }
  slopes.sort();
  const m = slopes.length;
  return m % 2 === 1
    ? (slopes[(m - 1) / 2] as number)
    : ((slopes[m / 2 - 1] as number) + (slopes[m / 2] as number)) / 2;
}

describe('summarize: trend', () => {
  it('finds a significant increasing trend with slopes close to the truth in a noisy line', () => {
    const rand = lcg(11);
    const values = Array.from({ length: 300 }, (_, i) => 5 + 0.2 * i + 3 * gaussian(rand));

    const { trend } = summarize(values);

    expect(trend.direction).toBe('increasing');
    expect(trend.ols.pValue).toBeLessThan(1e-6);
    expect(trend.mannKendall.pValue).toBeLessThan(1e-6);
    expect(trend.ols.slope).toBeGreaterThan(0.2 - 3 * trend.ols.standardError);
    expect(trend.ols.slope).toBeLessThan(0.2 + 3 * trend.ols.standardError);
    expect(Math.abs(trend.sensSlope - 0.2)).toBeLessThan(0.02);
  });

  it('finds a decreasing trend', () => {
    const rand = lcg(5);
    const values = Array.from({ length: 200 }, (_, i) => 100 - 0.5 * i + gaussian(rand));
    expect(summarize(values).trend.direction).toBe('decreasing');
  });

  it("says 'none' for flat noise", () => {
    const rand = lcg(3);
    const values = Array.from({ length: 500 }, () => 10 + gaussian(rand));

    const { trend } = summarize(values);

    expect(trend.direction).toBe('none');
    expect(trend.mannKendall.pValue).toBeGreaterThan(0.05);
  });

  it('gives the hand-computed OLS fit and t test for a small series', () => {
    // y = 1, 3, 2, 5, 4 at t = 0..4: Sxx = 10, Sxy = 8, slope 0.8; residuals .6 -.2 -2 .6 -1... computed below.
    const y = [1, 3, 2, 5, 4];
    const slope = 0.8;
    const intercept = 3 - slope * 2;
    const sse = y.reduce((acc, v, i) => acc + (v - intercept - slope * i) ** 2, 0);
    const se = Math.sqrt(sse / 3 / 10);

    const { ols } = summarize(y).trend;

    expect(ols.slope).toBeCloseTo(0.8, 12);
    expect(ols.intercept).toBeCloseTo(1.4, 12);
    expect(ols.standardError).toBeCloseTo(se, 12);
    expect(ols.tStatistic).toBeCloseTo(slope / se, 10);
    expect(ols.degreesOfFreedom).toBe(3);
  });

  it('counts Mann–Kendall S by hand and corrects the variance for ties', () => {
    // Pairs of 1, 2, 2, 3: five increases, one tie, no decrease: S = 5.
    // Var = [4·3·13 − 2·1·9]/18 = (156 − 18)/18.
    const mk = summarize([1, 2, 2, 3]).trend.mannKendall;

    expect(mk.s).toBe(5);
    expect(mk.variance).toBeCloseTo(138 / 18, 12);
    expect(mk.z).toBeCloseTo(4 / Math.sqrt(138 / 18), 12);
  });

  it('counts Mann–Kendall S over all pairs, ties included, as the direct double loop does', () => {
    const rand = lcg(23);
    const values = Array.from({ length: 700 }, (_, i) => Math.floor(rand() * 6) + (i % 100 === 0 ? 3 : 0));
    let direct = 0;
    for (let i = 0; i < values.length; i++) {
      for (let j = i + 1; j < values.length; j++)
        direct += Math.sign((values[j] as number) - (values[i] as number));
    }

    expect(summarize(values).trend.mannKendall.s).toBe(direct);
  });

  it("gives Sen's slope equal to the median of all pairwise slopes, also past the direct-listing size", () => {
    const rand = lcg(17);
    const small = [3, 1, 4, 1, 5, 9, 2, 6];
    const large = Array.from({ length: 2100 }, (_, i) => 0.01 * i + gaussian(rand) + (i % 50 === 0 ? 40 : 0));
    const integers = Array.from({ length: 2100 }, () => Math.floor(rand() * 4));
    const minMax = (y: number[]): [number, number] => [Math.min(...y), Math.max(...y)];

    expect(summarize(small).trend.sensSlope).toBe(bruteSen(small));
    expect(sensSlope(large, ...minMax(large))).toBe(bruteSen(large));
    expect(sensSlope(integers, ...minMax(integers))).toBe(bruteSen(integers));
  });

  it("keeps Sen's slope on the true line despite a few huge outliers that pull OLS away", () => {
    const values = Array.from({ length: 100 }, (_, i) => 2 * i + (i > 90 ? -1000 : 0));
    const { trend } = summarize(values);

    expect(trend.sensSlope).toBeCloseTo(2, 6);
    expect(trend.ols.slope).toBeLessThan(1);
  });

  it('gives a null t statistic and p = 0 for an exact line', () => {
    const { ols, direction } = summarize([1, 2, 3, 4, 5, 6]).trend;
    expect(ols.tStatistic).toBeNull();
    expect(ols.pValue).toBe(0);
    expect(direction).toBe('increasing');
  });
});
