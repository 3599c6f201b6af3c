import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { M4_FREQUENCIES, type M4Frequency } from '../../../../../scripts/evaluation/m4/m4-frequencies';
import { mase, smape } from '../../../../../scripts/evaluation/m4/m4-metrics';
import { naive2 } from '../../../../../scripts/evaluation/m4/naive2';
import { parseM4Csv } from '../../../../../scripts/evaluation/m4/parse-m4-csv';
import { parsePublishedM4Scores } from '../../../../../scripts/evaluation/m4/parse-published-scores';
import { benchmarkData } from '../../../../support/benchmark-data';

const { root: ROOT, available: HAS_DATA } = benchmarkData('m4', 'published/Point_Forecasts-Frequency.csv');

describe.skipIf(!HAS_DATA)('Naive2 reproduces the published M4 figures', () => {
  const published = (frequency: M4Frequency) => {
    const spec = M4_FREQUENCIES[frequency];
    const text = readFileSync(join(ROOT, 'published', 'Point_Forecasts-Frequency.csv'), 'utf8');
    const row = parsePublishedM4Scores(text, spec.file).get('Naive2');
    if (!row) throw new Error(`no Naive2 row for ${spec.file}`);
    return row;
  };

  it.each(['hourly', 'weekly'] as const)('%s: sMAPE and MASE to 3 decimals', (frequency) => {
    const spec = M4_FREQUENCIES[frequency];
    const train = parseM4Csv(readFileSync(join(ROOT, `${spec.file}-train.csv`), 'utf8'));
    const test = parseM4Csv(readFileSync(join(ROOT, `${spec.file}-test.csv`), 'utf8'));
    expect(test.map((s) => s.id)).toEqual(train.map((s) => s.id));

    let totalSmape = 0;
    let totalMase = 0;
    train.forEach((series, i) => {
      const actual = test[i]?.values ?? [];
      expect(actual).toHaveLength(spec.horizon);
      const forecast = naive2(series.values, spec.horizon, spec.period);
      totalSmape += smape(actual, forecast);
      totalMase += mase(series.values, actual, forecast, spec.period);
    });

    const expected = published(frequency);
    expect((totalSmape / train.length).toFixed(3)).toBe(expected.smape.toFixed(3));
    expect((totalMase / train.length).toFixed(3)).toBe(expected.mase.toFixed(3));
  });
});
