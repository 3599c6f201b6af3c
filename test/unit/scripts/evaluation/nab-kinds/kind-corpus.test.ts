/** The synthetic NAB-kind corpora have the shapes they claim: NAB's windows, irregular timestamps, bursty integer counts. */
import { describe, expect, it } from 'vitest';
import { probationaryPeriod } from '../../../../../scripts/evaluation/nab/probationary-period';
import { kindCorpus, nabKinds } from '../../../../../scripts/evaluation/nab-kinds/kind-corpus';
import { nabWindows } from '../../../../../scripts/evaluation/nab-kinds/synthetic-series';

const quantile = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))] as number;
};

describe('synthetic NAB-kind corpora', () => {
  it('is reproducible from its seed and differs between seeds', () => {
    const a = kindCorpus('adExchange', 5, { series: 1 });
    expect(kindCorpus('adExchange', 5, { series: 1 })).toEqual(a);
    expect(kindCorpus('adExchange', 6, { series: 1 })[0]?.values).not.toEqual(a[0]?.values);
  });

  it.each(nabKinds)(
    '%s: labels every anomaly after the probation with NAB windows covering a tenth of the rows',
    (kind) => {
      const corpus = kindCorpus(kind, 1, { series: 2, lengthScale: 0.3 });
      expect(corpus.at(-1)?.anomalies).toEqual([]);
      for (const series of corpus.slice(0, -1)) {
        const n = series.timestamps.length;
        expect(series.anomalies.length).toBeGreaterThan(0);
        const windows = nabWindows(series);
        windows.forEach(([start, end], w) => {
          const at = series.timestamps[series.anomalies[w]?.index ?? -1] as number;
          expect(start).toBeLessThanOrEqual(at);
          expect(end).toBeGreaterThanOrEqual(at);
          expect(start).toBeGreaterThan(series.timestamps[probationaryPeriod(n)] as number);
          if (w > 0) expect(start).toBeGreaterThan(windows[w - 1]?.[1] as number);
        });
        const rows = windows.reduce(
          (sum, [start, end]) => sum + series.timestamps.filter((t) => t >= start && t <= end).length,
          0,
        );
        expect(rows / n).toBeGreaterThan(0.08);
        expect(rows / n).toBeLessThan(0.12);
      }
    },
  );

  it('tweets are integer counts with a heavy upper tail', () => {
    const [series] = kindCorpus('tweets', 1, { series: 1, lengthScale: 0.3 });
    const values = series?.values ?? [];
    expect(values.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
    expect(quantile(values, 0.999) / quantile(values, 0.5)).toBeGreaterThan(4);
  });

  it.each(['traffic', 'adExchange'] as const)('%s has irregular spacing with gaps of hours', (kind) => {
    const [series] = kindCorpus(kind, 2, { series: 1 });
    const ts = series?.timestamps ?? [];
    const gaps = ts.slice(1).map((t, i) => t - (ts[i] as number));
    expect(gaps.every((g) => g > 0)).toBe(true);
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(4 * quantile(gaps, 0.5));
    expect(new Set(gaps).size).toBeGreaterThan(2);
  });

  it('traffic sensors read densely by day and sparsely at night, with no speed of 0', () => {
    const corpus = kindCorpus('traffic', 3, { series: 3 });
    for (const series of corpus.slice(0, 2)) {
      const ts = series.timestamps;
      const gapsAt = (night: boolean) =>
        ts.slice(1).flatMap((t, i) => {
          const hour = new Date(ts[i] as number).getUTCHours();
          return (hour < 5 || hour >= 22) === night ? [t - (ts[i] as number)] : [];
        });
      const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
      expect(mean(gapsAt(true))).toBeGreaterThan(2 * mean(gapsAt(false)));
    }
    const speed = corpus[0]?.values ?? [];
    expect(Math.min(...speed)).toBeGreaterThan(0);
  });

  it('travel times have a heavy right tail', () => {
    const travel = kindCorpus('traffic', 3, { series: 3 })[2]?.values ?? [];
    expect(quantile(travel, 0.99) / quantile(travel, 0.5)).toBeGreaterThan(2.5);
  });
});
