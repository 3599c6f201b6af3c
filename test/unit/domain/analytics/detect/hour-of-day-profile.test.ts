/** The daily-context signal: values far from their hour's usual level, for long, in a series with a daily shape. */
import { describe, expect, it } from 'vitest';
import type { DetectorState, SeriesPoint } from '../../../../../shared/domain/analytics/contracts';
import { detect } from '../../../../../shared/domain/analytics/detect/detect';
import {
  HourOfDayProfile,
  hourOfDay,
} from '../../../../../shared/domain/analytics/detect/hour-of-day-profile';
import { ValidationError } from '../../../../../shared/domain/errors';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const START = Date.UTC(2015, 8, 1);
const STEP = 300_000;

/** Eight days of 5-minute readings, busy by day (10) and quiet at night (2); `busyNight` keeps one night busy from 01:00 to 04:00. */
function dayAndNight(busyNight: number | undefined, seed = 3): SeriesPoint[] {
  const rand = lcg(seed);
  return Array.from({ length: 8 * 288 }, (_, i) => {
    const t = START + i * STEP;
    const hour = new Date(t).getUTCHours();
    const day = Math.floor(i / 288);
    const busy = (hour >= 7 && hour < 21) || (day === busyNight && hour >= 1 && hour < 4);
    return { timestamp: new Date(t).toISOString(), value: (busy ? 10 : 2) + (rand() - 0.5) };
  });
}

const byHours = (series: SeriesPoint[]) =>
  detect(series).anomalies.filter((a) => a.reasons.some((r) => r.includes('usual for their hours')));

describe('hour-of-day profile', () => {
  it('reads the hour from an ISO-like string as written, from epoch ms in UTC, and -1 when unknown', () => {
    expect(hourOfDay('2015-09-01 17:25:00')).toBe(17);
    expect(hourOfDay('2015-09-01T03:05:00+02:00')).toBe(3);
    expect(hourOfDay(Date.UTC(2015, 8, 1, 17, 25))).toBe(17);
    expect(hourOfDay(-STEP)).toBe(23);
    expect(hourOfDay('Tue, 01 Sep 2015 05:00:00 GMT')).toBe(5);
    expect(hourOfDay('not a time')).toBe(-1);
  });

  it('flags a night that stays at the daytime level', () => {
    const flagged = byHours(dayAndNight(6));
    expect(flagged.length).toBeGreaterThan(0);
    const first = flagged[0] as { timestamp: string | number };
    const at = new Date(first.timestamp as string);
    expect(at.getUTCDate()).toBe(7);
    expect(at.getUTCHours()).toBeGreaterThanOrEqual(1);
    expect(at.getUTCHours()).toBeLessThan(4);
    expect(byHours(dayAndNight(undefined))).toEqual([]);
  });

  it('stays silent on a series without a daily shape', () => {
    const rand = lcg(9);
    let level = 5;
    // A random walk: hours explain nothing, so its long excursions are left to the other signals.
    const walk = Array.from({ length: 8 * 288 }, (_, i) => {
      level += rand() - 0.5;
      return { timestamp: START + i * STEP, value: level };
    });
    expect(byHours(walk)).toEqual([]);
  });

  it('flags a level drop of a few hours on a noisy series whose hours explain little, once', () => {
    // A speed-like sensor: 70 with Gaussian noise of 4, a dip of 15 every day at 07:00 (so lower
    // readings are routine and the hours explain only about a third of the spread); on day 7 it
    // reads 15 lower from 11:00 to 14:00, which no single reading or run beyond twice its hour's
    // deviation makes unusual, only the hours' average does.
    const speed = (drop: number) => {
      const rand = lcg(6);
      return Array.from({ length: 8 * 288 }, (_, i) => {
        const t = START + i * STEP;
        const hour = new Date(t).getUTCHours();
        const noise = 4 * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
        const low = Math.floor(i / 288) === 6 && hour >= 11 && hour < 14 ? drop : 0;
        return { timestamp: t, value: 70 + noise - (hour === 7 ? 15 : 0) - low };
      });
    };
    const onAverage = (series: SeriesPoint[]) =>
      detect(series).anomalies.filter((a) => a.reasons.some((r) => r.includes('on average well below')));
    const flagged = onAverage(speed(15));
    expect(flagged).toHaveLength(1);
    const at = new Date((flagged[0] as { timestamp: number }).timestamp);
    expect(at.getUTCDate()).toBe(7);
    expect(at.getUTCHours()).toBe(11);
    expect(detect(speed(0)).anomalies.filter((a) => a.index > 1700)).toEqual([]);
  });

  it('trusts an hour after as many days of readings as a sparse sensor delivers, not grid points', () => {
    // The speed-like sensor above on its 5-minute grid, but reading three slots and skipping
    // three: on day 4 it reads 20 lower from 11:00 to 14:00. Its hours 11 to 13 have then seen 18
    // readings each, fewer than the 24 two days of a full grid bring, and are trusted because the
    // sensor delivers half its grid (12 needed).
    const sparse = (drop: number) => {
      const rand = lcg(6);
      return Array.from({ length: 5 * 288 }, (_, i) => {
        const t = START + i * STEP;
        const hour = new Date(t).getUTCHours();
        const noise = 4 * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
        const low = Math.floor(i / 288) === 3 && hour >= 11 && hour < 14 ? drop : 0;
        return { timestamp: t, value: 70 + noise - (hour === 7 ? 15 : 0) - low };
      }).filter((_, i) => i % 6 < 3);
    };
    const onAverage = (series: SeriesPoint[]) =>
      detect(series).anomalies.filter((a) => a.reasons.some((r) => r.includes('on average well below')));
    const flagged = onAverage(sparse(20));
    expect(flagged).toHaveLength(1);
    const at = new Date((flagged[0] as { timestamp: number }).timestamp);
    expect(at.getUTCDate()).toBe(4);
    expect(at.getUTCHours()).toBeGreaterThanOrEqual(11);
    expect(at.getUTCHours()).toBeLessThan(14);
    expect(onAverage(sparse(0))).toEqual([]);
  });

  it('averages the level test over fewer values in a series that delivers fewer of its readings', () => {
    // Five days of six readings an hour around 10, then readings of 20 at 03:00: each counts as
    // far off as the cap allows, so the average of the last 12 (a full grid) crosses the bound
    // at the sixth and the average of the last 6 (half the grid delivered) at the third.
    const firstVerdict = (share: number) => {
      const rand = lcg(4);
      const profile = new HourOfDayProfile();
      profile.readingShare(share);
      for (let day = 0; day < 5; day++)
        for (let hour = 0; hour < 24; hour++)
          for (let k = 0; k < 6; k++) profile.judge(hour, 10 + 2 * (rand() - 0.5), 2, true);
      const verdicts = Array.from({ length: 12 }, () => profile.judge(3, 20, 2, true));
      return { at: verdicts.findIndex((v) => v !== 0), verdict: verdicts.find((v) => v !== 0) };
    };
    expect(firstVerdict(1)).toEqual({ at: 5, verdict: 2 });
    expect(firstVerdict(0.5)).toEqual({ at: 2, verdict: 2 });
  });

  it('restores a state saved before the level test', () => {
    const series = dayAndNight(6);
    const { state } = detect(series.slice(0, 1000));
    const { recent, side, fit, naive, seen, last, ...older } =
      (state as { hours?: Record<string, unknown> }).hours ?? {};
    expect([recent, side, fit, naive, seen, last].every((v) => v !== undefined)).toBe(true);
    const resumed = detect(series.slice(1000), undefined, { ...state, hours: older } as DetectorState);
    expect(resumed.scores).toHaveLength(series.length - 1000);
  });

  it('carries its profile in the state, and rejects a malformed one', () => {
    const series = dayAndNight(6);
    const { state } = detect(series.slice(0, 1000));
    expect((state as { hours?: { count: number[] } }).hours?.count).toHaveLength(24);
    const resumed = detect(series.slice(1000), undefined, JSON.parse(JSON.stringify(state)) as DetectorState);
    expect(resumed.scores).toEqual(detect(series).scores.slice(1000));
    expect(() => detect(series, undefined, { ...state, hours: { mean: [1] } })).toThrow(ValidationError);
    const hours = (state as { hours?: Record<string, unknown> }).hours;
    expect(() => detect(series, undefined, { ...state, hours: { ...hours, side: 2 } })).toThrow(
      ValidationError,
    );
    expect(() =>
      detect(series, undefined, { ...state, hours: { ...hours, recent: new Array(13).fill(0) } }),
    ).toThrow(ValidationError);
  });
});
