import { describe, expect, it } from 'vitest';
import type { DetectorState, SeriesPoint } from '../../../../../shared/domain/analytics/contracts';
import { DEFAULT_THRESHOLD, detect } from '../../../../../shared/domain/analytics/detect/detect';
import {
  ALERT_HALF_LIFE,
  initialState,
  OnlineDetector,
  SUSTAINED_RUN,
} from '../../../../../shared/domain/analytics/detect/online-detector';
import { ValidationError } from '../../../../../shared/domain/errors';

/** A deterministic pseudo-random generator so tests are repeatable. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function noisySine(n: number, seed = 1): SeriesPoint[] {
  const rand = lcg(seed);
  return Array.from({ length: n }, (_, i) => ({
    timestamp: 1_700_000_000_000 + i * 300_000,
    value: 10 + 3 * Math.sin((2 * Math.PI * i) / 288) + (rand() - 0.5),
  }));
}

function noise(n: number, seed = 5): SeriesPoint[] {
  const rand = lcg(seed);
  return Array.from({ length: n }, (_, i) => ({ timestamp: i * 60_000, value: 50 + 4 * (rand() - 0.5) }));
}

/** The online detector's sustained-drop outcome at every point (see SUSTAINED_RUN). */
function sustainedSignals(series: readonly SeriesPoint[]): number[] {
  const detector = new OnlineDetector(initialState());
  return series.map((p) => {
    detector.step(p.value);
    return detector.outcome().sustained;
  });
}

function withValue(series: SeriesPoint[], index: number, value: number): SeriesPoint[] {
  const copy = [...series];
  copy[index] = { timestamp: copy[index]?.timestamp ?? index, value };
  return copy;
}

describe('detect', () => {
  it('flags a clear spike in noise, with a human-readable reason', () => {
    const series = withValue(noise(2000), 1500, 80);

    const { anomalies } = detect(series);

    const spike = anomalies.find((a) => a.index === 1500);
    expect(spike).toBeDefined();
    expect(spike?.value).toBe(80);
    expect(spike?.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(spike?.reasons.length).toBeGreaterThan(0);
    expect(spike?.reasons[0]).toMatch(/above the highest value seen so far/);
  });

  it('flags a spike that stays inside the seen range when it breaks the pattern', () => {
    const series = noisySine(2000, 11);
    const dip = withValue(series, 1656, 12.5);
    const at = series[1656]?.value ?? 0;
    expect(at).toBeLessThan(8);

    const { anomalies } = detect(dip);

    const flagged = anomalies.find((a) => a.index >= 1656 && a.index <= 1666);
    expect(flagged?.reasons.join(' ')).toMatch(/further from every earlier pattern/);
  });

  it('flags a value far outside the recent range even when the series has been there long ago', () => {
    const rand = lcg(21);
    const series: SeriesPoint[] = Array.from({ length: 1800 }, (_, i) => ({
      timestamp: i,
      value: i < 300 ? 100 * rand() : 50 + (rand() - 0.5),
    }));
    const jumped = withValue(series, 1500, 60);

    const { anomalies } = detect(jumped);

    const flagged = anomalies.find((a) => a.index === 1500);
    expect(flagged?.reasons[0]).toMatch(/above the recent range/);
    expect(anomalies.filter((a) => a.index >= 750 && a.index !== 1500)).toEqual([]);
  });

  it('scores a break of the recent range 1 while such breaks are rare, and leaves routine ones to the likelihood', () => {
    const rand = lcg(22);
    // After an early wide stretch, calm values with a burst above the recent range every 300 points.
    const bursts = [900, 1200, 1500, 1800, 2100, 2400];
    const series: SeriesPoint[] = Array.from({ length: 2500 }, (_, i) => ({
      timestamp: i,
      value: i < 300 ? 100 * rand() : bursts.includes(i) ? 60 : 50 + (rand() - 0.5),
    }));

    const { scores } = detect(series);

    expect(scores[900]).toBe(1);
    expect(scores[2400]).toBeLessThan(1);
  });

  it('flags a lasting drop that stays inside the range single readings reached, in batch and in chunks alike', () => {
    // A daily cycle (7 to 13) with single dropouts to 0 until 1750, then from 2000 a stretch at about 4.5.
    const series = noisySine(2300, 11).map((p, i) => ({
      timestamp: p.timestamp,
      value: i >= 2000 && i < 2100 ? 4.5 + 0.2 * Math.sin(i) : i < 1800 && i % 250 === 0 ? 0 : p.value,
    }));

    const batch = detect(series);
    let state: DetectorState | undefined;
    const chunked: number[] = [];
    for (let from = 0; from < series.length; from += 37) {
      const part = detect(series.slice(from, from + 37), undefined, state);
      chunked.push(...part.scores);
      state = JSON.parse(JSON.stringify(part.state)) as DetectorState;
    }

    expect(batch.anomalies.some((a) => a.index >= 2000 && a.index < 2012)).toBe(true);
    expect(batch.anomalies.filter((a) => a.index >= 1950 && a.index < 2000)).toEqual([]);
    expect(chunked).toEqual(batch.scores);
    // The sustained-drop signal itself: off until a whole run lies low, then on; never on before.
    const sustained = sustainedSignals(series);
    expect(sustained.slice(0, 2000).every((s) => s === 0)).toBe(true);
    expect(sustained[2000 + SUSTAINED_RUN - 2]).toBe(0);
    expect(sustained[2000 + SUSTAINED_RUN - 1]).toBe(-1);
  });

  it('flags a count collapsing to almost nothing for hours, though bursts keep breaking its range', () => {
    const rand = lcg(31);
    // Counts on a daily cycle (trough about 10) with a burst every 150 points, silent from 2000 to 2060.
    const series: SeriesPoint[] = Array.from({ length: 2300 }, (_, i) => ({
      timestamp: i * 300_000,
      value:
        i >= 2000 && i < 2060
          ? Math.round(rand())
          : i % 150 === 75
            ? 150 + Math.round(100 * rand())
            : Math.round(30 + 20 * Math.sin((2 * Math.PI * i) / 288) + 4 * rand()),
    }));

    const { anomalies } = detect(series);

    expect(anomalies.some((a) => a.index >= 2000 && a.index < 2012)).toBe(true);
    const sustained = sustainedSignals(series);
    expect(sustained.slice(0, 2000).every((s) => s === 0)).toBe(true);
    expect(sustained[2000 + SUSTAINED_RUN - 1]).toBe(-2);
  });

  it('mutes a repeat shortly after an alert, but never a new all-time extreme', () => {
    const series = withValue(withValue(withValue(noise(2000), 1500, 80), 1550, 80), 1600, 120);

    const { anomalies, scores } = detect(series);

    const flagged = anomalies.map((a) => a.index);
    expect(flagged).toContain(1500);
    expect(flagged).not.toContain(1550);
    expect(scores[1550]).toBe(0);
    expect(flagged).toContain(1600);
  });

  it('mutes for a time, not a count of readings: a shift after a gap past the quiet period is flagged', () => {
    // An alert at 1500, then a level shift from 1550 to 1580; readings a minute apart, except
    // (second series) a gap of 250 minutes before 1540, longer than the QUIET_POINTS minutes left.
    const shifted = (gap: number) =>
      noise(2000).map((p, i) => ({
        timestamp: (p.timestamp as number) + (i >= 1540 ? gap * 60_000 : 0),
        value: i === 1500 ? 80 : i >= 1550 && i < 1580 ? 60 : p.value,
      }));
    const inShift = (indices: number[]) => indices.filter((i) => i >= 1550 && i < 1580);

    const regular = detect(shifted(0)).anomalies.map((a) => a.index);
    const gapped = detect(shifted(250)).anomalies.map((a) => a.index);

    expect(regular).toContain(1500);
    expect(inShift(regular)).toEqual([]);
    expect(gapped).toContain(1500);
    expect(inShift(gapped).length).toBeGreaterThan(0);
  });

  it("ranks a series' later alerts below its first, while still flagging them", () => {
    const series = withValue(withValue(withValue(noise(2500), 1500, 80), 1800, 120), 2100, 160);

    const { anomalies, scores } = detect(series);

    expect(anomalies.map((a) => a.index)).toEqual(expect.arrayContaining([1500, 1800, 2100]));
    const [first, second, third] = [scores[1500] ?? 0, scores[1800] ?? 0, scores[2100] ?? 0];
    expect(second).toBeLessThan(first);
    expect(third).toBeLessThan(second);
    expect(third).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('lets the discount of earlier alerts wear off, so a spike after a long quiet spell scores as a first alert', () => {
    const spikes = Array.from({ length: 10 }, (_, k) => 1500 + 500 * k);
    const last = 1500 + 500 * 10 + 10 * ALERT_HALF_LIFE;
    const quiet = withValue(noise(last + 100), last, 80);
    // Each spike a new all-time high, so none is a routine break of the recent range (see below).
    const alarmed = spikes.reduce((series, i, k) => withValue(series, i, 80 + 10 * k), quiet);

    const before = detect(alarmed).scores;
    const fresh = detect(quiet).scores[last] ?? 0;

    expect(spikes.every((i) => (before[i] ?? 0) >= DEFAULT_THRESHOLD)).toBe(true);
    expect(before[spikes[9] ?? 0] ?? 1).toBeLessThan(0.51);
    expect(fresh).toBeGreaterThan(0.9);
    expect(before[last] ?? 0).toBeGreaterThan(DEFAULT_THRESHOLD + 0.95 * (fresh - DEFAULT_THRESHOLD));
  });

  it('raises no flags on a flat series or on plain noise after warm-up', () => {
    const flat = Array.from({ length: 3000 }, (_, i) => ({ timestamp: i, value: 7 }));
    expect(detect(flat).anomalies).toEqual([]);
    expect(detect(noise(3000, 9)).anomalies.filter((a) => a.index >= 750)).toEqual([]);
    expect(detect(noisySine(3000, 4)).anomalies.filter((a) => a.index >= 750)).toEqual([]);
  });

  it('keeps every score in [0, 1]', () => {
    const series = withValue(withValue(noisySine(2500, 3), 900, -1e9), 2000, 1e12);
    const { scores } = detect(series);
    expect(scores).toHaveLength(2500);
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
  });

  it('keeps scores finite and in [0, 1] when values span the whole double range', () => {
    const series = Array.from({ length: 1200 }, (_, i) => ({
      timestamp: i,
      value: i % 7 === 0 ? 1e308 : -1e308 + i,
    }));

    const { scores, state } = detect(series);

    expect(scores.every((s) => Number.isFinite(s) && s >= 0 && s <= 1)).toBe(true);
    expect(JSON.stringify(state)).not.toContain('null');
  });

  it('gives each earlier point the same score when future points are appended (causality)', () => {
    const series = withValue(noisySine(1500), 1200, 40);

    const short = detect(series.slice(0, 1000));
    const long = detect(series);

    expect(long.scores.slice(0, 1000)).toEqual(short.scores);
  });

  it('scores in chunks, with the state round-tripped through JSON, exactly as in one batch', () => {
    const series = withValue(withValue(noisySine(3000, 7), 1700, 30), 2400, -5);
    const batch = detect(series);

    let state: DetectorState | undefined;
    const chunked: number[] = [];
    const flagged: number[] = [];
    for (let from = 0; from < series.length; from += 100) {
      const part = detect(series.slice(from, from + 100), undefined, state);
      chunked.push(...part.scores);
      flagged.push(...part.anomalies.map((a) => from + a.index));
      state = JSON.parse(JSON.stringify(part.state)) as DetectorState;
    }

    expect(chunked).toEqual(batch.scores);
    expect(flagged).toEqual(batch.anomalies.map((a) => a.index));
    expect(batch.anomalies.length).toBeGreaterThan(0);
  });

  it('returns a small state that survives JSON.stringify/parse unchanged', () => {
    const { state } = detect(noisySine(5000, 2));

    const json = JSON.stringify(state);
    expect(JSON.parse(json)).toEqual(state);
    expect(json.length).toBeLessThan(8 * 1024);
  });

  it('honours a caller threshold', () => {
    const series = withValue(noise(2000), 1500, 80);
    expect(detect(series, { threshold: 1.01 }).anomalies).toEqual([]);
    const low = detect(series, { threshold: 0.05 }).anomalies;
    expect(low.length).toBeGreaterThan(detect(series).anomalies.length);
    expect(low.every((a) => a.score >= 0.05 && a.reasons.length > 0)).toBe(true);
  });

  it('rejects an empty series and non-finite values with a typed error', () => {
    expect(() => detect([])).toThrow(ValidationError);
    try {
      detect([{ timestamp: 0, value: Number.NaN }]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe('INVALID_SERIES');
      expect((error as ValidationError).details[0]?.path).toBe('[0].value');
    }
  });

  it('rejects a malformed state of the current version, and restarts on an older one', () => {
    const series = noise(300);
    const { state } = detect(series);

    const broken = { ...state, values: 'not an array' } as DetectorState;
    expect(() => detect(series, undefined, broken)).toThrow(ValidationError);
    expect(() => detect(series, undefined, { ...state, alerts: -1 })).toThrow(ValidationError);
    const badGrid = { ...state, grid: { samples: [-1], spacing: 0, last: 0 } } as DetectorState;
    expect(() => detect(series, undefined, badGrid)).toThrow(ValidationError);

    const withoutAlerts = { ...state } as Record<string, unknown>;
    delete withoutAlerts.alerts;
    expect(detect(series, undefined, withoutAlerts as DetectorState).scores).toEqual(
      detect(series, undefined, { ...state, alerts: 0 }).scores,
    );

    const old = { version: 0, n: 10, mean: 1, variance: 1 } as DetectorState;
    expect(detect(series, undefined, old).scores).toEqual(detect(series).scores);
  });
});
