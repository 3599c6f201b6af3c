import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORECAST_REFERENCES } from '../../../../../scripts/evaluation/forecast/reference-methods';
import { mape, scoreForecasts } from '../../../../../scripts/evaluation/forecast/score-forecasts';
import { parseM4Csv } from '../../../../../scripts/evaluation/m4/parse-m4-csv';
import { benchmarkData } from '../../../../support/benchmark-data';

const tourism = benchmarkData('tourism', 'Yearly-test.csv');

describe('forecast scoring', () => {
  it('MAPE is 100/h · Σ|y − ŷ|/|y|, leaving out zero actuals', () => {
    expect(mape([100, 50], [110, 40])).toBeCloseTo(50 * (0.1 + 0.2), 10);
    expect(mape([0, 10], [5, 12])).toBeCloseTo(20, 10);
    expect(mape([0], [1])).toBe(0);
  });

  it('counts interval hits per level over every step and averages MSIS over the series', () => {
    const train = [{ id: 'a', values: [1, 2, 3, 4] }];
    const test = [{ id: 'a', values: [5, 9] }];
    const scores = scoreForecasts(
      train,
      test,
      () => ({
        mean: [5, 6],
        intervals: [
          { level: 80, lower: [4.5, 5.5], upper: [5.5, 6.5] },
          { level: 95, lower: [4, 5], upper: [6, 10] },
        ],
      }),
      2,
      1,
    );
    expect(scores.coverage.get(80)).toBe(0.5);
    expect(scores.coverage.get(95)).toBe(1);
    // MSIS: mean width (2 + 5)/2 = 3.5 over the in-sample MAE of naive, 1.
    expect(scores.msis).toBeCloseTo(3.5, 10);
    expect(scores.mape).toBeCloseTo(50 * (3 / 9), 10);
  });
});

describe.skipIf(!tourism.available)(
  'Tourism scorer check against the published seasonal naive figures',
  () => {
    it.each([
      ['Yearly', 4, 1, 23.61, 3.007],
      ['Quarterly', 8, 4, 16.46, 1.699],
      ['Monthly', 24, 12, 22.56, 1.631],
    ] as const)(
      '%s: seasonal naive MAPE and MASE as published',
      (name, horizon, period, published, publishedMase) => {
        const train = parseM4Csv(readFileSync(join(tourism.root, `${name}-train.csv`), 'utf8'));
        const test = parseM4Csv(readFileSync(join(tourism.root, `${name}-test.csv`), 'utf8'));
        const sNaive = FORECAST_REFERENCES['sNaive'];
        if (!sNaive) throw new Error('sNaive reference missing');

        const scores = scoreForecasts(train, test, sNaive, horizon, period);

        expect(test.every((s) => s.values.length === horizon)).toBe(true);
        expect(scores.mape).toBeCloseTo(published, 2);
        expect(scores.mase).toBeCloseTo(publishedMase, 3);
      },
    );
  },
);
