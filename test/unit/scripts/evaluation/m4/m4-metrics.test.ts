import { describe, expect, it } from 'vitest';
import { isM4Frequency } from '../../../../../scripts/evaluation/m4/m4-frequencies';
import { mase, maseScale, msis, owa, smape } from '../../../../../scripts/evaluation/m4/m4-metrics';
import { m4SeasonalityTest, naive2 } from '../../../../../scripts/evaluation/m4/naive2';
import { parseM4Csv } from '../../../../../scripts/evaluation/m4/parse-m4-csv';
import { parsePublishedM4Scores } from '../../../../../scripts/evaluation/m4/parse-published-scores';
import {
  centredMovingAverage,
  classicalDecomposition,
} from '../../../../../shared/domain/analytics/forecast/classical-decomposition';

describe('M4 metrics', () => {
  it('sMAPE is 200/h · Σ|y−ŷ|/(|y|+|ŷ|)', () => {
    // |100-110|/210 = 0.047619..., |50-40|/90 = 0.111...; 200/2 · 0.15873... = 15.873...
    expect(smape([100, 50], [110, 40])).toBeCloseTo(100 * (10 / 210 + 10 / 90), 10);
    expect(smape([5, 5], [5, 5])).toBe(0);
    expect(smape([1], [-1])).toBe(200);
  });

  it('MASE scales the MAE by the in-sample mean absolute seasonal difference', () => {
    const insample = [1, 2, 4, 7, 11];
    // lag-1 differences 1,2,3,4 → scale 2.5; lag-2 differences 3,5,7 → scale 5
    expect(maseScale(insample, 1)).toBe(2.5);
    expect(maseScale(insample, 2)).toBe(5);
    // MAE of [13, 15] against [12, 18] is (1 + 3)/2 = 2
    expect(mase(insample, [13, 15], [12, 18], 1)).toBeCloseTo(2 / 2.5, 12);
    expect(mase(insample, [13, 15], [12, 18], 2)).toBeCloseTo(2 / 5, 12);
  });

  it('MSIS adds 2/alpha times each miss to the width, scaled like MASE', () => {
    const insample = [1, 2, 4, 7, 11]; // lag-1 scale 2.5
    // widths 4 and 4; step 1 inside, step 2 misses the upper bound by 1: 2/0.05 · 1 = 40
    expect(msis(insample, [13, 19], [10, 14], [14, 18], 1)).toBeCloseTo((4 + 4 + 40) / 2 / 2.5, 12);
  });

  it('OWA averages the two ratios to Naive2', () => {
    expect(owa({ smape: 10, mase: 2 }, { smape: 20, mase: 2 })).toBe(0.75);
    expect(owa({ smape: 20, mase: 2 }, { smape: 20, mase: 2 })).toBe(1);
  });
});

describe('Naive2 building blocks', () => {
  it('centred moving average of even order uses half weights at both ends', () => {
    const trend = centredMovingAverage([1, 2, 3, 4, 5, 6], 4);
    // (0.5·1 + 2 + 3 + 4 + 0.5·5)/4 = 3
    expect(trend[2]).toBeCloseTo(3, 12);
    expect(trend[3]).toBeCloseTo(4, 12);
    expect(Number.isNaN(trend[0] ?? 0)).toBe(true);
    expect(Number.isNaN(trend[4] ?? 0)).toBe(true);
  });

  it('recovers multiplicative seasonal indices of a pure seasonal pattern, normalised to mean 1', () => {
    const pattern = [0.5, 1, 1.5, 1];
    const values = Array.from({ length: 40 }, (_, i) => 100 * (pattern[i % 4] ?? 1));
    const { figure } = classicalDecomposition(values, 4);
    figure.forEach((f, p) => {
      expect(f).toBeCloseTo(pattern[p] ?? Number.NaN, 9);
    });
  });

  it('finds seasonality in a strong seasonal series, not in a trend with short history', () => {
    const seasonal = Array.from({ length: 96 }, (_, i) => 10 + Math.sin((2 * Math.PI * i) / 12));
    expect(m4SeasonalityTest(seasonal, 12)).toBe(true);
    expect(m4SeasonalityTest(seasonal.slice(0, 30), 12)).toBe(false);
    expect(m4SeasonalityTest(seasonal, 1)).toBe(false);
  });

  it('Naive2 repeats the last deseasonalised value times the indices', () => {
    const pattern = [0.5, 1, 1.5, 1];
    const values = Array.from({ length: 40 }, (_, i) => 100 * (pattern[i % 4] ?? 1));
    expect(naive2(values, 6, 4).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([50, 100, 150, 100, 50, 100]);
    expect(naive2([3, 1, 4, 1, 5], 3, 1)).toEqual([5, 5, 5]);
  });
});

describe('M4 file parsers', () => {
  it('reads wide rows up to the first empty cell', () => {
    const series = parseM4Csv('"V1","V2","V3","V4"\n"W1","1.5","2",""\n"W2","3","4","5"\n');
    expect(series).toEqual([
      { id: 'W1', values: [1.5, 2] },
      { id: 'W2', values: [3, 4, 5] },
    ]);
    expect(parseM4Csv('Y1,10,11.5\nY2,3,4,5\n')).toEqual([
      { id: 'Y1', values: [10, 11.5] },
      { id: 'Y2', values: [3, 4, 5] },
    ]);
    expect(isM4Frequency('hourly')).toBe(true);
    expect(isM4Frequency('yearly')).toBe(false);
  });

  it('reads the published table by measure group and frequency', () => {
    const text = [
      'Method,sMAPE,,MASE,,OWA,',
      'User ID,Weekly,Hourly,Weekly,Hourly,Weekly,Hourly',
      'Naive2,9.1,18.3,2.7,2.3,1,1',
      'Theta,9.0,18.1,2.6,2.4,0.97,1.006',
      'Naive2,0,0,0,0,0,0',
    ].join('\n');
    const hourly = parsePublishedM4Scores(text, 'Hourly');
    expect(hourly.get('Naive2')).toEqual({ smape: 18.3, mase: 2.3, owa: 1 });
    expect(hourly.get('Theta')).toEqual({ smape: 18.1, mase: 2.4, owa: 1.006 });
    expect(parsePublishedM4Scores(text, 'Weekly').get('Theta')?.owa).toBe(0.97);
  });
});
