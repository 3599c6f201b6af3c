/** Metric series shaped like the alert and report charts draw: a daily cycle, a spike, a forecast. */
import type {
  ForecastPoint,
  SeriesChartInput,
  SeriesPoint,
} from '../../../shared/domain/charts/series-chart';

const minute = 60_000;
export const seriesStart = Date.UTC(2026, 11, 2, 8, 0);

/** `count` minute points from seriesStart; a 20x spike at `spikeAt`. */
export function minuteSeries(count = 180, spikeAt = 170): SeriesPoint[] {
  return Array.from({ length: count }, (_, i) => ({
    t: seriesStart + i * minute,
    value: Math.round(40 + 10 * Math.sin(i / 15) + (i === spikeAt ? 800 : 0)),
  }));
}

/** A forecast for the `count` minutes after the series, widening with the horizon. */
export function minuteForecast(after: number, count = 30): ForecastPoint[] {
  return Array.from({ length: count }, (_, i) => {
    const mean = 40 + 10 * Math.sin((after + i) / 15);
    const spread = 4 + i * 0.4;
    return {
      t: seriesStart + (after + i) * minute,
      mean,
      lower80: mean - spread,
      upper80: mean + spread,
      lower95: mean - spread * 1.53,
      upper95: mean + spread * 1.53,
    };
  });
}

/** The chart of an anomaly alert on a 180-minute series with a spike at minute 170. */
export function alertChartInput(overrides: Partial<SeriesChartInput> = {}): SeriesChartInput {
  const points = minuteSeries();
  const spike = points[170];
  return {
    valueLabel: 'Signups per minute',
    points,
    anomalies: spike ? [spike] : [],
    threshold: 200,
    forecast: minuteForecast(180),
    timeZone: 'Europe/Berlin',
    ...overrides,
  };
}
