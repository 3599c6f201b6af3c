/** Live model accuracy arithmetic, checked by hand on small cases. */
import { describe, expect, it } from 'vitest';
import {
  accuracyFigures,
  addTallies,
  driftMeasure,
  emptyTally,
  type ForecastPoint,
  forecastOutcome,
  tallyOf,
} from '../../../../shared/domain/metrics/model-accuracy';

const forecast: ForecastPoint = {
  t: '2026-12-02T10:00:00.000Z',
  mean: 100,
  lower80: 90,
  upper80: 110,
  lower95: 80,
  upper95: 120,
  model: { name: 'nexus-analytics', version: '3' },
  variant: 'AllTraffic',
};

describe('forecastOutcome', () => {
  it('measures the absolute percentage error against the actual, either side', () => {
    expect(forecastOutcome(forecast, 125).ape).toBe(20);
    expect(forecastOutcome(forecast, 80).ape).toBe(25);
    expect(forecastOutcome(forecast, 100).ape).toBe(0);
  });

  it('has no percentage error for an actual of 0, and counts band edges as inside', () => {
    expect(forecastOutcome(forecast, 0)).toEqual({
      t: forecast.t,
      actual: 0,
      ape: null,
      inside80: false,
      inside95: false,
    });
    expect(forecastOutcome(forecast, 110)).toMatchObject({ inside80: true, inside95: true });
    expect(forecastOutcome(forecast, 80)).toMatchObject({ inside80: false, inside95: true });
    expect(forecastOutcome(forecast, 120.5)).toMatchObject({ inside80: false, inside95: false });
  });
});

describe('accuracyFigures', () => {
  // Actuals 125 (APE 20, outside both bands), 80 (APE 25, outside 80, on the 95 edge),
  // 105 (APE 4.7619..., inside both) and 0 (no APE, outside both); detector flagged 1 of 8.
  const outcomes = [125, 80, 105, 0].map((actual) => forecastOutcome(forecast, actual));
  const flags = [true, false, false, false, false, false, false, false].map((anomaly) => ({ anomaly }));

  it('averages the defined errors and counts band hits over every settled forecast', () => {
    const figures = accuracyFigures(tallyOf(outcomes, flags));

    expect(figures.forecasts.count).toBe(4);
    expect(figures.forecasts.mape).toBeCloseTo((20 + 25 + (5 / 105) * 100) / 3, 12);
    expect(figures.forecasts.coverage80).toBe(25);
    expect(figures.forecasts.coverage95).toBe(50);
    expect(figures.detector).toEqual({ scored: 8, flagged: 1, alertRate: 12.5 });
  });

  it('answers null for a figure with nothing to average', () => {
    expect(accuracyFigures(emptyTally)).toEqual({
      forecasts: { count: 0, mape: null, coverage80: null, coverage95: null },
      detector: { scored: 0, flagged: 0, alertRate: null },
    });
    expect(accuracyFigures(tallyOf([forecastOutcome(forecast, 0)], [])).forecasts.mape).toBeNull();
  });

  it('adds tallies so that split windows give the figures of the whole', () => {
    const whole = tallyOf(outcomes, flags);
    const halves = addTallies(
      tallyOf(outcomes.slice(0, 1), flags.slice(0, 5)),
      tallyOf(outcomes.slice(1), flags.slice(5)),
    );

    expect(halves).toEqual(whole);
  });

  it('picks the measure a drift alert compares', () => {
    const tally = tallyOf(outcomes, flags);

    expect(driftMeasure('coverage95', tally)).toBe(50);
    expect(driftMeasure('alertRate', tally)).toBe(12.5);
    expect(driftMeasure('mape', tally)).toBeCloseTo(16.5873, 4);
  });
});
