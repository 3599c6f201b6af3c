import { describe, expect, it } from 'vitest';
import { detectPeriods } from '../../../../../shared/domain/analytics/forecast/detect-seasonality';
import { seasonalFTest } from '../../../../../shared/domain/analytics/forecast/seasonal-f-test';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
}

/**
 * Eight cycles (at least 48 points) of a unit-variance pattern plus unit-variance noise
 * (signal-to-noise 1) on a small random trend; even seeds get a smooth two-harmonic shape, odd
 * seeds an irregular one (like a business calendar's).
 */
function seasonalSeries(period: number, seed: number): number[] {
  const rand = lcg(seed * 7919 + period);
  const phase = rand() * 2 * Math.PI;
  const raw = Array.from({ length: period }, (_, j) =>
    seed % 2 === 0
      ? Math.sin((2 * Math.PI * j) / period + phase) + 0.5 * Math.sin((4 * Math.PI * j) / period)
      : gaussian(rand),
  );
  const mean = raw.reduce((a, b) => a + b, 0) / period;
  const sd = Math.sqrt(raw.reduce((a, b) => a + (b - mean) ** 2, 0) / period);
  const slope = gaussian(rand) * 0.02;
  const n = Math.max(8 * period, 48);
  return Array.from(
    { length: n },
    (_, t) => 10 + slope * t + ((raw[t % period] ?? 0) - mean) / sd + gaussian(rand),
  );
}

/** Non-seasonal kinds: white noise, AR(1) at 0.5 and 0.7, a random walk, a linear trend in noise. */
const NON_SEASONAL: Record<string, (rand: () => number, n: number) => number[]> = {
  white: (rand, n) => Array.from({ length: n }, () => gaussian(rand)),
  ar05: (rand, n) => {
    let x = 0;
    return Array.from({ length: n }, () => {
      x = 0.5 * x + gaussian(rand);
      return x;
    });
  },
  ar07: (rand, n) => {
    let x = 0;
    return Array.from({ length: n }, () => {
      x = 0.7 * x + gaussian(rand);
      return x;
    });
  },
  randomWalk: (rand, n) => {
    let x = 0;
    return Array.from({ length: n }, () => {
      x += gaussian(rand);
      return x;
    });
  },
  trend: (rand, n) => Array.from({ length: n }, (_, t) => 0.05 * t + gaussian(rand)),
};

describe('seasonality detection on synthetic series', () => {
  it('finds the true period in at least 95% of series at signal-to-noise 1 (periods 4, 7, 12, 24, 52, 168)', () => {
    const misses: string[] = [];
    let tried = 0;
    for (const period of [4, 7, 12, 24, 52, 168]) {
      for (let seed = 0; seed < 60; seed++) {
        tried++;
        const found = detectPeriods(seasonalSeries(period, seed));
        if (!found.includes(period)) misses.push(`${period}#${seed}: [${found.join(',')}]`);
      }
    }
    const recall = 1 - misses.length / tried;
    console.log(`seasonality recall ${(100 * recall).toFixed(1)}% of ${tried}`);
    expect(recall, misses.join(' ')).toBeGreaterThanOrEqual(0.95);
  });

  it('finds a period in at most 5% of non-seasonal series (white, AR(1), random walk, trend; 24 to 240 points)', () => {
    const rates: string[] = [];
    let positives = 0;
    let tried = 0;
    for (const [kind, generate] of Object.entries(NON_SEASONAL)) {
      let kindPositives = 0;
      for (const n of [24, 40, 60, 120, 240]) {
        for (let seed = 0; seed < 40; seed++) {
          tried++;
          if (detectPeriods(generate(lcg(seed * 31 + n), n)).length > 0) kindPositives++;
        }
      }
      positives += kindPositives;
      rates.push(`${kind} ${((100 * kindPositives) / 200).toFixed(1)}%`);
    }
    console.log(`seasonality false positives: ${rates.join(', ')}`);
    expect(positives / tried, rates.join(', ')).toBeLessThanOrEqual(0.05);
  });

  it('the stable-seasonality F test separates a 6-cycle quarterly pattern from noise', () => {
    const rand = lcg(3);
    const pattern = [1, -0.5, 0.8, -1.3];
    const seasonal = Array.from({ length: 24 }, (_, t) => (pattern[t % 4] ?? 0) + 0.3 * gaussian(rand));
    const noise = Array.from({ length: 24 }, () => gaussian(rand));

    expect(seasonalFTest(seasonal, 4)?.pValue).toBeLessThan(1e-4);
    expect(seasonalFTest(noise, 4)?.pValue).toBeGreaterThan(0.01);
    expect(seasonalFTest(noise.slice(0, 11), 4)).toBeUndefined();
    expect(detectPeriods(seasonal)).toEqual([4]);
  });
});
