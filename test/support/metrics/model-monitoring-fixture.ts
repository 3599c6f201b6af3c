/**
 * Two tenants' hourly series scored and forecast by `detector@1`, with hand-checked figures:
 * the forecasts of 10:00 (A: 100 in [90, 110] / [80, 120], actual 110), 11:00 (B: 50 in
 * [45, 55] / [40, 60], actual 0) and 12:00 (B: the same band, actual 40), and one forecast of
 * 13:00 still waiting for its actual. The detector scored four intervals and flagged one.
 * A store shared by several tests takes a model name of its own per test.
 */
import { type ForecastPoint, forecastOutcome } from '../../../shared/domain/metrics/model-accuracy';
import type { AnomalyStore, IntervalScore, WatchedSeries } from '../../../shared/ports/anomaly-store';
import type { ModelMonitorStore } from '../../../shared/ports/model-monitor-store';

export const day = '2026-11-27';
export const at = (hour: number) => `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;
export const model = { name: 'detector', version: '1' };
type Model = typeof model;

export function forecastOf(
  t: string,
  mean: number,
  band80: number,
  band95: number,
  by: Model = model,
): ForecastPoint {
  return {
    t,
    mean,
    lower80: mean - band80,
    upper80: mean + band80,
    lower95: mean - band95,
    upper95: mean + band95,
    model: by,
    variant: 'AllTraffic',
  };
}

const score = (t: string, value: number, anomaly: boolean, by: string): IntervalScore => ({
  t,
  value,
  score: anomaly ? 0.95 : 0.1,
  anomaly,
  reasons: [],
  model: by,
});

/** The expected figures (percentages) of the scenario, by hand. */
export const expectedFigures = {
  forecasts: {
    count: 3,
    // (|110 - 100| / 110 + |40 - 50| / 40) / 2; the actual 0 has no percentage error.
    mape: ((10 / 110) * 100 + 25) / 2,
    // Only 110 is inside its 80 % band (at its edge); 110 and 40 inside the 95 % ones.
    coverage80: (1 / 3) * 100,
    coverage95: (2 / 3) * 100,
  },
  detector: { scored: 4, flagged: 1, alertRate: 25 },
};

/** Seeds the scenario into `anomalies` and `monitor` for series `a` and `b` (hourly, existing metrics). */
export async function seedMonitoring(
  stores: { anomalies: AnomalyStore; monitor: ModelMonitorStore },
  a: WatchedSeries,
  b: WatchedSeries,
  by: Model = model,
): Promise<void> {
  const { anomalies, monitor } = stores;
  const scoredBy = `${by.name}@${by.version}`;
  await anomalies.advance(a, null, { state: { version: 1 }, lastScored: at(9) }, []);
  await anomalies.advance(a, at(9), { state: { version: 1 }, lastScored: at(10) }, [
    score(at(10), 110, true, scoredBy),
  ]);
  await anomalies.advance(b, null, { state: { version: 1 }, lastScored: at(12) }, [
    score(at(11), 0, false, scoredBy),
    score(at(12), 40, false, scoredBy),
    score(at(9), 7, false, scoredBy),
    // Scored by another version: never counted for this one.
    score(at(8), 9, true, `${by.name}@${by.version}0`),
  ]);
  const a10 = forecastOf(at(10), 100, 10, 20, by);
  const b11 = forecastOf(at(11), 50, 5, 10, by);
  const b12 = forecastOf(at(12), 50, 5, 10, by);
  await monitor.record(a, a10);
  await monitor.record(b, b11);
  await monitor.record(b, b12);
  await monitor.record(b, forecastOf(at(13), 50, 5, 10, by));
  await monitor.settle(a, [forecastOutcome(a10, 110)]);
  await monitor.settle(b, [forecastOutcome(b11, 0), forecastOutcome(b12, 40)]);
}
