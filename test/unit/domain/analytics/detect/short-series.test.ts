/**
 * The detector's short-series path: a daily KPI is watched from its tenth point, and the issue's
 * goal is asserted per grain on the whole of `npm run eval:kpi`'s test split.
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

  it("judges an hour the daily profile misses every day by that hour's own errors, once four days show them", () => {
    // A night held at zero and a steep morning: three harmonics cannot follow the first hour of
    // the ramp, so its errors are wider every day than the day's typical one.
    const random = seededRandom(1);
    const values = Array.from({ length: 110 }, (_, t) => {
      const mean = Math.max(0, 600 * Math.sin((2 * Math.PI * (t - 7)) / 24) - 100);
      return Math.max(0, Math.round(mean + Math.sqrt(mean + 1) * (random() + random() + random() - 1.5) * 2));
    });
    const settings = shortSeriesSettings.daily;
    // Hour 104 is the ramp's first hour (8) of the fifth day; hour 108 the day's peak.
    const at = (n: number, value: number, phaseSpreadLeast = settings.phaseSpreadLeast) =>
      shortSeriesScore(values.slice(0, n), value, 24, { ...settings, phaseSpreadLeast })?.score;

    expect(at(104, values[104] ?? 0, 0)).toBeGreaterThanOrEqual(0.5);
    expect(at(104, values[104] ?? 0)).toBeLessThan(0.5);
    expect(at(108, Math.round((values[108] ?? 0) * 1.3))).toBeGreaterThanOrEqual(0.5);
  });

  // The goal on the whole of the evaluation's test split (200 series per grain, seed 2;
  // npm run eval:kpi reports 1m precision 0.939, spike recall 0.952, level-shift recall 0.849;
  // 1h 0.805, 0.936, 0.809, with little to spare: 486 of 604 flags, 55 of 68 level shifts; 1d
  // 0.830, 0.954, 0.894). The settings were chosen on the training split, not on these.
  const testSplit = syntheticKpis(2, 200);
  it.each(grains)("meets the issue's precision and recall on the synthetic KPI test split at %s", (grain) => {
    const series = testSplit.filter((s) => s.grain === grain);
    const flags = series.map((s) =>
      detect(s.values.map((value, t) => ({ timestamp: s.timestamps[t] as number, value }))).anomalies.map(
        (a) => a.index,
      ),
    );
    const score = scoreKpiDetections(series, flags);

    expect(score.precision, `${grain} precision`).toBeGreaterThanOrEqual(0.8);
    expect(score.recall.spike.recall, `${grain} spike recall`).toBeGreaterThanOrEqual(0.9);
    expect(score.recall.levelShift.recall, `${grain} level-shift recall`).toBeGreaterThanOrEqual(0.8);
  });
});
