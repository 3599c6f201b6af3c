import { describe, expect, it } from 'vitest';
import {
  changePointsOf,
  MAX_LISTED_CHANGE_POINTS,
} from '../../../../../shared/domain/analytics/summarize/change-points';
import { summarize } from '../../../../../shared/domain/analytics/summarize/summarize';

/** A deterministic pseudo-random generator so tests are repeatable. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function gaussian(rand: () => number): number {
  let s = 0;
  for (let i = 0; i < 12; i++) s += rand();
  return s - 6;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, v) => a + v, 0) / values.length;
}

describe('summarize: change points', () => {
  it('finds a step change at index 200 within ±3 and the levels either side', () => {
    const rand = lcg(31);
    const values = Array.from({ length: 400 }, (_, i) => (i < 200 ? 10 : 13) + gaussian(rand));

    const { changePoints } = summarize(values);

    expect(changePoints.count).toBe(1);
    const [change] = changePoints.points;
    expect(Math.abs((change?.index ?? -1) - 200)).toBeLessThanOrEqual(3);
    expect(change?.meanBefore).toBeCloseTo(10, 0);
    expect(change?.meanAfter).toBeCloseTo(13, 0);
  });

  it('estimates the noise scale from the differences, unaffected by the step', () => {
    const rand = lcg(32);
    const values = Array.from({ length: 2000 }, (_, i) => (i < 1000 ? 0 : 50) + 2 * gaussian(rand));

    const { changePoints } = summarize(values);

    expect(changePoints.noiseSigma).toBeGreaterThan(1.8);
    expect(changePoints.noiseSigma).toBeLessThan(2.2);
    expect(changePoints.penalty).toBeCloseTo(2 * changePoints.noiseSigma ** 2 * Math.log(2000), 9);
  });

  it('finds no change in flat noise', () => {
    const rand = lcg(33);
    const values = Array.from({ length: 1000 }, () => 5 + gaussian(rand));
    expect(summarize(values).changePoints.count).toBe(0);
  });

  it('finds several changes up and down in a noise-free step signal', () => {
    const levels = [0, 4, 1, 7];
    const values = Array.from({ length: 400 }, (_, i) => levels[Math.floor(i / 100)] as number);

    const { changePoints } = summarize(values);

    expect(changePoints.points.map((p) => p.index)).toEqual([100, 200, 300]);
    [4, 1, 7].forEach((level, i) => {
      expect(changePoints.points[i]?.meanAfter).toBeCloseTo(level, 9);
      expect(changePoints.points[i]?.meanBefore).toBeCloseTo(levels[i] as number, 9);
    });
  });

  it('gives the same changes as unbounded PELT on series where the candidate bound binds', () => {
    for (const seed of [1, 2, 3]) {
      const rand = lcg(seed);
      const values = Array.from({ length: 3000 }, (_, i) => {
        const level = i < 700 ? 0 : i < 1900 ? 1.5 : i < 2100 ? -1 : 0.8;
        return level + gaussian(rand);
      });
      const m = mean(values);

      const bounded = changePointsOf(values, m);
      const exact = changePointsOf(values, m, Number.POSITIVE_INFINITY);

      expect(bounded.points).toEqual(exact.points);
      expect(exact.count).toBeGreaterThanOrEqual(3);
    }
  });

  it('finds exactly the two shifts in 100,000 points of otherwise flat noise', () => {
    const rand = lcg(35);
    const values = Array.from(
      { length: 100_000 },
      (_, i) => (i < 30_000 ? 0 : i < 70_000 ? 0.5 : -0.2) + gaussian(rand),
    );

    const { changePoints } = summarize(values);

    expect(changePoints.count).toBe(2);
    expect(Math.abs((changePoints.points[0]?.index ?? 0) - 30_000)).toBeLessThanOrEqual(20);
    expect(Math.abs((changePoints.points[1]?.index ?? 0) - 70_000)).toBeLessThanOrEqual(20);
  });

  it('lists at most the cap, keeping the largest shifts in index order', () => {
    const rand = lcg(34);
    const values = Array.from(
      { length: 5000 },
      (_, i) => (Math.floor(i / 3) % 2) * 10 + 0.1 * gaussian(rand),
    );

    const { changePoints } = summarize(values);

    expect(changePoints.count).toBeGreaterThan(MAX_LISTED_CHANGE_POINTS);
    expect(changePoints.truncated).toBe(true);
    expect(changePoints.points).toHaveLength(MAX_LISTED_CHANGE_POINTS);
    const indices = changePoints.points.map((p) => p.index);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
  });
});

describe('summarize: degenerate series', () => {
  function finiteEverywhere(value: unknown): boolean {
    if (typeof value === 'number') return Number.isFinite(value);
    if (Array.isArray(value)) return value.every(finiteEverywhere);
    if (value !== null && typeof value === 'object') return Object.values(value).every(finiteEverywhere);
    return true;
  }

  it('summarises a constant series with no NaN or Infinity anywhere', () => {
    const s = summarize(new Array<number>(100).fill(7.1));

    expect(finiteEverywhere(s)).toBe(true);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(s.standardDeviation).toBe(0);
    expect(s.trend.direction).toBe('none');
    expect(s.trend.sensSlope).toBe(0);
    expect(s.changePoints.count).toBe(0);
  });

  it('summarises a constant series with a given period', () => {
    const s = summarize(new Array<number>(48).fill(-3), { period: 12 });
    expect(finiteEverywhere(s)).toBe(true);
    expect(s.seasonality.strength).toBe(0);
  });

  it('summarises values at the magnitude limit without overflow', () => {
    const values = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1e100 : -1e100 + i * 1e97));
    expect(finiteEverywhere(summarize(values))).toBe(true);
  });

  it('summarises three values and an exact line without NaN', () => {
    expect(finiteEverywhere(summarize([1, 2, 3]))).toBe(true);
    expect(finiteEverywhere(summarize([0.1, 0.2, 0.30000000000000004, 0.4, 0.5], { period: 2 }))).toBe(true);
  });
});
