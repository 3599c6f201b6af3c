/**
 * The smooth daily profile of the short-series path: the shape of a day from a couple of days of
 * hours, unmoved by an outage or a level shift inside its window.
 */
import { describe, expect, it } from 'vitest';
import { dailyProfile } from '../../../../../shared/domain/analytics/detect/daily-profile';
import { seededRandom } from '../../../../support/seeded-random';

/** An hourly count KPI: a day peaking at hour 14 at three times its night, Poisson-like noise. */
function hourlyKpi(hours: number, seed: number, level = 1000): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: hours }, (_, t) => {
    const mean = level * (1 + 0.5 * Math.cos((2 * Math.PI * (t - 14)) / 24));
    return Math.round(mean + Math.sqrt(mean) * (random() + random() + random() - 1.5) * 2);
  });
}
/** Peak to trough of a profile. */
const swing = (index: readonly number[]) => Math.max(...index) / Math.min(...index);

describe('daily profile', () => {
  it('learns the shape of the day from two days of hours', () => {
    const profile = dailyProfile(hourlyKpi(48, 1), 24, 2);

    const index = profile?.index ?? [];
    expect(index.indexOf(Math.max(...index))).toBeGreaterThanOrEqual(13);
    expect(index.indexOf(Math.max(...index))).toBeLessThanOrEqual(15);
    expect(swing(index)).toBeGreaterThan(2.5);
    expect(swing(index)).toBeLessThan(3.5);
  });

  it('learns the shape of the day from three quarters of one when no line is fitted beside it', () => {
    // Over part of a day a slope and the cycle's harmonics are nearly the same curve: with a line
    // the fit reads the ramp as a trend and the day's swing (3 here) comes out anywhere.
    for (let seed = 1; seed <= 5; seed++) {
      const values = hourlyKpi(18, seed);

      const alone = dailyProfile(values, 24, 2, false)?.index ?? [];
      const withLine = dailyProfile(values, 24, 2)?.index ?? [];

      expect(swing(alone)).toBeGreaterThan(2.7);
      expect(swing(alone)).toBeLessThan(3.3);
      expect(Math.abs(swing(withLine) - 3)).toBeGreaterThan(0.3);
    }
  });

  it('keeps an outage out of the day: four hours of zeros do not come back as a dip a day later', () => {
    const values = hourlyKpi(48, 2);
    const clean = dailyProfile(values, 24, 2)?.index ?? [];
    for (let t = 30; t < 34; t++) values[t] = 0;

    const index = dailyProfile(values, 24, 2)?.index ?? [];

    for (let phase = 6; phase < 10; phase++)
      expect(index[phase] ?? 0).toBeCloseTo(clean[phase] ?? Number.NaN, 1);
  });

  it('fits a level shift inside its window as a step, not as part of the day', () => {
    const values = hourlyKpi(48, 3).map((v, t) => (t >= 20 ? Math.round(v * 1.5) : v));

    const index = dailyProfile(values, 24, 2)?.index ?? [];

    expect(swing(index)).toBeGreaterThan(2.5);
    expect(swing(index)).toBeLessThan(3.5);
  });

  it('holds each point out of its own factor, except an outlier the fit already gave no weight', () => {
    const values = hourlyKpi(48, 4);
    values[40] = 3000;
    const profile = dailyProfile(values, 24, 2);
    const fittedAt = (j: number) => profile?.index[j % 24] ?? Number.NaN;

    expect(profile?.heldOut(40)).toBeCloseTo(fittedAt(40), 9);
    const moved = values.filter(
      (_, j) => j !== 40 && Math.abs((profile?.heldOut(j) ?? 0) - fittedAt(j)) > 1e-4,
    );
    expect(moved.length).toBeGreaterThan(40);
    expect(dailyProfile(values.slice(0, 10), 24, 2)).toBeNull();
  });
});
