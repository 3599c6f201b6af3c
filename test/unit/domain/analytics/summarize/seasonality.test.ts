import { describe, expect, it } from 'vitest';
import { autocorrelation } from '../../../../../shared/domain/analytics/summarize/fft';
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

describe('summarize: seasonality', () => {
  it('detects period 12 in a noisy sine and rates its strength above 0.8', () => {
    const rand = lcg(21);
    const values = Array.from(
      { length: 240 },
      (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 12) + gaussian(rand),
    );

    const { seasonality } = summarize(values);

    expect(seasonality.period).toBe(12);
    expect(seasonality.periodSource).toBe('detected');
    expect(seasonality.strength).toBeGreaterThan(0.8);
  });

  it('finds the period under a strong linear trend', () => {
    const rand = lcg(8);
    const values = Array.from(
      { length: 365 },
      (_, i) => 2 * i + 20 * Math.cos((2 * Math.PI * i) / 7) + 2 * gaussian(rand),
    );

    const { seasonality } = summarize(values);

    expect(seasonality.period).toBe(7);
    expect(seasonality.strength).toBeGreaterThan(0.8);
  });

  it('reports no period for white noise', () => {
    const rand = lcg(4);
    const values = Array.from({ length: 400 }, () => gaussian(rand));

    const { seasonality } = summarize(values);

    expect(seasonality.period).toBeNull();
    expect(seasonality.strength).toBeNull();
  });

  it('gives a low strength for noise when a period is imposed, and a high one for a clean pattern', () => {
    const rand = lcg(9);
    const noise = Array.from({ length: 240 }, () => gaussian(rand));
    const pattern = Array.from({ length: 240 }, (_, i) => [5, 1, 3, 8][i % 4] as number);

    const noisy = summarize(noise, { period: 12 }).seasonality;
    const clean = summarize(pattern, { period: 4 }).seasonality;

    expect(noisy.periodSource).toBe('given');
    expect(noisy.strength).toBeLessThan(0.3);
    expect(clean.strength).toBeCloseTo(1, 9);
    expect(clean.autocorrelation).toBeGreaterThan(0.9);
  });

  it('leaves strength null with fewer than two full periods', () => {
    const values = Array.from({ length: 20 }, (_, i) => Math.sin(i));
    const { seasonality } = summarize(values, { period: 12 });

    expect(seasonality.period).toBe(12);
    expect(seasonality.strength).toBeNull();
  });

  it('computes the same autocorrelation by FFT as by the direct sum', () => {
    const rand = lcg(2);
    const x = Float64Array.from({ length: 37 }, () => rand() - 0.5);
    const denominator = x.reduce((a, v) => a + v * v, 0);

    const acf = autocorrelation(x, 20);

    for (const k of [0, 1, 5, 20]) {
      let direct = 0;
      for (let t = 0; t + k < x.length; t++) direct += (x[t] as number) * (x[t + k] as number);
      expect(acf[k]).toBeCloseTo(direct / denominator, 12);
    }
  });
});

describe('summarize: seasonality on autocorrelated series without a season', () => {
  function ar1(phi: number, n: number, seed: number): number[] {
    const rand = lcg(seed);
    let x = 0;
    return Array.from({ length: n }, () => {
      x = phi * x + gaussian(rand);
      return x;
    });
  }

  it('reports no period for AR(1) noise and random walks in most of 20 tries', () => {
    let detected = 0;
    for (let seed = 1; seed <= 20; seed++) {
      if (summarize(ar1(0.8, 1000, seed)).seasonality.period !== null) detected++;
      if (summarize(ar1(1, 1000, seed + 100)).seasonality.period !== null) detected++;
    }
    expect(detected).toBeLessThanOrEqual(2);
  });

  it('picks the period, not a multiple of it, in a long noisy weekly series', () => {
    const rand = lcg(77);
    const week = [3, 1, 0, 0, 1, 2, 4];
    const values = Array.from({ length: 2000 }, (_, i) => (week[i % 7] as number) + gaussian(rand));

    expect(summarize(values).seasonality.period).toBe(7);
  });
});
