/**
 * The detector's short-series path: a daily KPI is watched from its tenth point, and a guard on
 * a small subset of `npm run eval:kpi`'s test split keeps its precision and recall from sliding.
 */
import { describe, expect, it } from 'vitest';
import { scoreKpiDetections } from '../../../../../scripts/evaluation/kpi/score-kpi-detections';
import { grains, syntheticKpis } from '../../../../../scripts/evaluation/kpi/synthetic-kpis';
import { detect } from '../../../../../shared/domain/analytics/detect/detect';
import {
  cycleOf,
  seasonalIndex,
  shortSeriesScore,
  shortSeriesSettings,
} from '../../../../../shared/domain/analytics/detect/short-series';
import { seededRandom } from '../../../../support/seeded-random';

const day = 86_400_000;
/** A daily count KPI: weekdays around 1,000, weekends around 600, Poisson-like noise. */
function dailyKpi(length: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length }, (_, t) => {
    const mean = t % 7 >= 5 ? 600 : 1000;
    return Math.round(mean + Math.sqrt(mean) * (random() + random() + random() - 1.5) * 2);
  });
}
const points = (values: readonly number[]) => values.map((value, t) => ({ timestamp: t * day, value }));

describe('short-series detection', () => {
  it('flags a spike in a 60-point daily KPI, which the online detector alone leaves unscored', () => {
    const values = dailyKpi(60, 7);
    values[45] = (values[45] ?? 0) * 3;

    const flagged = detect(points(values)).anomalies.map((a) => a.index);

    expect(flagged).toContain(45);
    // Before three weeks the weekly cycle is not learnt yet, so weekends may be flagged; after that at most one false alarm.
    expect(flagged.filter((i) => i >= 21 && i !== 45).length).toBeLessThanOrEqual(1);
  });

  it('scores nothing before ten points, and once three weeks are seen, weekends are not anomalies', () => {
    const values = dailyKpi(42, 3);
    const index = seasonalIndex(values, 7);

    expect(shortSeriesScore(values.slice(0, 9), 5000, 7)).toBeNull();
    expect(index?.[5]).toBeCloseTo(0.6, 1);
    expect(index?.[0]).toBeCloseTo(1, 1);
    expect(detect(points(values)).anomalies.filter((a) => a.index >= 21)).toEqual([]);
  });

  it('keeps going across calls: the spacing learnt from earlier points sets the cycle for one-point calls', () => {
    const values = dailyKpi(40, 11);
    const first = detect(points(values.slice(0, 39)));
    const next = detect([{ timestamp: 39 * day, value: 5000 }], undefined, first.state);

    expect(next.anomalies.map((a) => a.index)).toEqual([0]);
    expect(next.anomalies[0]?.reasons[0]).toMatch(/above the seasonal baseline/);
  });

  it('judges the seasonal baseline on points left out of its index, so its spread is not flattered', () => {
    // Three weeks: each weekday's factor is the median of three ratios, one of them its own.
    const values = dailyKpi(21, 5);
    // No relative share in the floor: the spreads compared are the errors', not the floor's.
    const settings = { ...shortSeriesSettings.weekly, minSeasonCycles: 3, relativeSpreadFloor: 0 };

    const fitted = shortSeriesScore(values, 1000, 7, { ...settings, heldOutErrors: false });
    const heldOut = shortSeriesScore(values, 1000, 7, { ...settings, heldOutErrors: true });

    expect(fitted?.seasonal && heldOut?.seasonal).toBe(true);
    expect(heldOut?.spread).toBeGreaterThan(fitted?.spread ?? Number.POSITIVE_INFINITY);
  });

  it('picks its settings by the cycle of the series: none for minutes, a week of days, a day of hours', () => {
    expect([cycleOf(null), cycleOf(7), cycleOf(24)]).toEqual(['none', 'weekly', 'daily']);
  });

  it('watches an hourly KPI through its first day: a 30 % spike is flagged, an outage does not return a day later', () => {
    const hour = 3_600_000;
    const random = seededRandom(22);
    const values = Array.from({ length: 72 }, (_, t) => {
      const mean = 800 * (1 + 0.5 * Math.cos((2 * Math.PI * (t - 14)) / 24));
      return Math.round(mean + Math.sqrt(mean) * (random() + random() + random() - 1.5) * 2);
    });
    values[18] = Math.round((values[18] ?? 0) * 1.3);
    for (let t = 30; t < 33; t++) values[t] = 0;

    const flagged = detect(values.map((value, t) => ({ timestamp: t * hour, value }))).anomalies.map(
      (a) => a.index,
    );

    expect(flagged).toContain(18);
    expect(flagged).toContain(30);
    // A day after the outage its hours are ordinary again.
    expect(flagged.filter((i) => i >= 52 && i < 60)).toEqual([]);
  });

  // 25 series per grain of the evaluation's test split (seed 2), with floors under what the full
  // split measures (npm run eval:kpi: 1m precision 0.94, spike recall 0.95, level-shift recall
  // 0.85; 1h 0.80, 0.94, 0.81; 1d 0.83, 0.95, 0.89) and this subset measures (1m 1.00, 0.83,
  // 0.88; 1h 0.67, 1.00, 0.80; 1d 0.85, 1.00, 0.86), so a regression fails here first. 1h's
  // floors: under this subset's precision (40 of 60 flags, 40 of 62 before the first day's range
  // and after-flag checks; the first-day profile without a line raised the full split's
  // precision from 0.785 to 0.801 but moved 4 of this subset's 62 flags out of their windows, 44
  // before), one anomaly under its 9 of 9 spikes and 12 of 15 level shifts. The goal on
  // the full split is not asserted: 1h misses its precision (0.797).
  it('does not flag an hour that repeats the same hour a day earlier, which its daily profile cannot yet follow', () => {
    const random = seededRandom(31);
    const values = Array.from({ length: 44 }, (_, t) => {
      const mean = 800 * (1 + 0.5 * Math.cos((2 * Math.PI * (t - 14)) / 24));
      return Math.round(mean + Math.sqrt(mean) * (random() + random() + random() - 1.5) * 2);
    });
    // A nightly job doubles hour 20; the robust profile leaves a one-off hour out of its fit.
    values[20] = (values[20] ?? 0) * 2;
    // Hour 44 is hour 20 of the next day.
    const repeat = (values[20] ?? 0) + 5;
    const settings = shortSeriesSettings.daily;

    const first = shortSeriesScore(values.slice(0, 20), values[20] ?? 0, 24, settings);
    const checked = shortSeriesScore(values, repeat, 24, settings);
    const unchecked = shortSeriesScore(values, repeat, 24, { ...settings, cycleAgoSpreads: 0 });

    expect(first?.score).toBeGreaterThanOrEqual(0.5);
    expect(unchecked?.score).toBeGreaterThanOrEqual(0.5);
    expect(checked?.score).toBeLessThan(0.5);
  });

  it('fits the daily profile of hours only from the fourteenth point on', () => {
    const values = Array.from({ length: 15 }, (_, t) =>
      Math.round(800 * (1 + 0.6 * Math.sin((2 * Math.PI * t) / 24))),
    );
    const settings = shortSeriesSettings.daily;
    const at = (n: number, from = settings.profileFrom) =>
      shortSeriesScore(values.slice(0, n), values[n] ?? 0, 24, { ...settings, profileFrom: from });

    // Twelve or thirteen points can fit it, and on a clean cycle it would win there.
    expect(at(13, 12)?.seasonal).toBe(true);
    expect(at(12)?.seasonal).toBe(false);
    expect(at(13)?.seasonal).toBe(false);
    expect(at(14)?.seasonal).toBe(true);
  });

  it('does not flag the hour after a spike for the level the spike dragged, while the spike itself is flagged', () => {
    const random = seededRandom(4);
    const values = Array.from({ length: 17 }, (_, t) => {
      const mean = 800 * (1 + 0.5 * Math.cos((2 * Math.PI * (t - 14)) / 24));
      return Math.round(mean + Math.sqrt(mean) * (random() + random() + random() - 1.5) * 2);
    });
    values[15] = Math.round((values[15] ?? 0) * 1.4);
    const settings = shortSeriesSettings.daily;
    const next = (afterFlagged: boolean) =>
      shortSeriesScore(values.slice(0, 16), values[16] ?? 0, 24, { ...settings, afterFlagged })?.score;

    expect(
      shortSeriesScore(values.slice(0, 15), values[15] ?? 0, 24, settings)?.score,
    ).toBeGreaterThanOrEqual(0.5);
    expect(next(false)).toBeGreaterThanOrEqual(0.5);
    expect(next(true)).toBeLessThan(0.5);
  });

  it('passes over a first-day profile whose expectation swings outside the last hours', () => {
    // A morning ramp and a plateau (from the evaluation's training split): a profile fitted to
    // these 14 hours expects about 2,750 of the next, far under the last three.
    const values = [1004, 1121, 1490, 1878, 2312, 2812, 3408, 4004, 4086, 4735, 4834, 4413, 4869, 4562];
    const settings = shortSeriesSettings.daily;

    const unchecked = shortSeriesScore(values, 4008, 24, { ...settings, firstCycleRange: 0 });
    const checked = shortSeriesScore(values, 4008, 24, settings);

    expect(unchecked?.seasonal).toBe(true);
    expect(unchecked?.expected).toBeLessThan(0.7 * 4413);
    expect(unchecked?.score).toBeGreaterThanOrEqual(0.5);
    expect(checked?.seasonal).toBe(false);
    expect(checked?.score).toBeLessThan(0.5);
  });

  it('holds its precision and recall on a subset of the synthetic KPI test split', () => {
    const floors = {
      '1m': { precision: 0.75, spike: 0.8, levelShift: 0.65 },
      '1h': { precision: 0.63, spike: 0.88, levelShift: 0.73 },
      '1d': { precision: 0.75, spike: 0.9, levelShift: 0.75 },
    } as const;
    const data = syntheticKpis(2, 25);
    for (const grain of grains) {
      const series = data.filter((s) => s.grain === grain);
      const flags = series.map((s) =>
        detect(s.values.map((value, t) => ({ timestamp: s.timestamps[t] as number, value }))).anomalies.map(
          (a) => a.index,
        ),
      );
      const score = scoreKpiDetections(series, flags);

      expect(score.precision, `${grain} precision`).toBeGreaterThanOrEqual(floors[grain].precision);
      expect(score.recall.spike.recall, `${grain} spike recall`).toBeGreaterThanOrEqual(floors[grain].spike);
      expect(score.recall.levelShift.recall, `${grain} level-shift recall`).toBeGreaterThanOrEqual(
        floors[grain].levelShift,
      );
    }
  });
});
