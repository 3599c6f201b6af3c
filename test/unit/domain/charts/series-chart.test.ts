import { describe, expect, it } from 'vitest';
import {
  chartColors,
  chartFontFamily,
  seriesChartDescription,
  seriesChartSpec,
} from '../../../../shared/domain/charts/series-chart';
import {
  alertChartInput,
  minuteForecast,
  minuteSeries,
  seriesStart,
} from '../../../support/notifications/series-fixtures';

type Layer = { data?: { values?: Record<string, unknown>[] }; mark: { type: string; color?: string } };
const layersOf = (spec: unknown) => (spec as { layer: Layer[] }).layer;

describe('seriesChartSpec', () => {
  it('layers the bands under the forecast, the series, the threshold and the anomalies on top', () => {
    const spec = seriesChartSpec(alertChartInput());

    expect(layersOf(spec).map((l) => `${l.mark.type}:${l.mark.color}`)).toEqual([
      `area:${chartColors.band95}`,
      `area:${chartColors.band80}`,
      `line:${chartColors.forecast}`,
      `line:${chartColors.series}`,
      `rule:${chartColors.threshold}`,
      `point:${chartColors.anomaly}`,
    ]);
    expect((spec as { config: { font: string } }).config.font).toBe(chartFontFamily);
  });

  it('shifts every time to the wall clock of the given zone and names the zone on the axis', () => {
    const spec = seriesChartSpec(alertChartInput({ timeZone: 'America/New_York', forecast: [] }));

    const series = layersOf(spec).find((l) => l.mark.type === 'line');
    expect(series?.data?.values?.[0]?.['t']).toBe(seriesStart - 5 * 3_600_000);
    expect(JSON.stringify(spec)).toContain('"title":"Time (America/New_York)"');
    expect(JSON.stringify(spec)).toContain('"scale":{"type":"utc"}');
  });

  it('draws only the series when there is nothing else, keeping gaps as nulls', () => {
    const points = [...minuteSeries(3), { t: '2026-12-02T08:03:00Z', value: null }];

    const spec = seriesChartSpec({ valueLabel: 'Orders', points });

    const layers = layersOf(spec);
    expect(layers).toHaveLength(1);
    expect(layers[0]?.data?.values?.at(-1)).toEqual({ t: Date.parse('2026-12-02T08:03:00Z'), value: null });
  });

  it('clamps the forecast line and its bands at the floor, and only the values below it', () => {
    // A count near zero: the 95% band (and late in the horizon the mean) reaches below 0.
    const forecast = minuteForecast(180, 30).map((f) => ({
      ...f,
      mean: f.mean - 45,
      lower80: f.lower80 - 45,
      upper80: f.upper80 - 45,
      lower95: f.lower95 - 45,
      upper95: f.upper95 - 45,
    }));
    const fields = ['mean', 'lower80', 'upper80', 'lower95', 'upper95'] as const;
    const forecastValues = (spec: unknown) => layersOf(spec)[0]?.data?.values ?? [];

    const clamped = forecastValues(seriesChartSpec(alertChartInput({ forecast, floor: 0 })));
    const unclamped = forecastValues(seriesChartSpec(alertChartInput({ forecast })));

    expect(forecast.some((f) => f.lower95 < 0 && f.mean < 0 && f.upper95 > 0)).toBe(true);
    const pick = (f: Record<string, unknown>, at: (v: number) => number) =>
      Object.fromEntries(fields.map((field) => [field, at(f[field] as number)]));
    expect(clamped.map((f) => pick(f, (v) => v))).toEqual(
      forecast.map((f) => pick(f, (v) => Math.max(0, v))),
    );
    expect(unclamped.map((f) => pick(f, (v) => v))).toEqual(forecast.map((f) => pick(f, (v) => v)));
  });

  it('refuses an unknown time zone and an unparseable time', () => {
    expect(() => seriesChartSpec(alertChartInput({ timeZone: 'Nowhere/Special' }))).toThrow(/time zone/);
    expect(() => seriesChartSpec({ valueLabel: 'x', points: [{ t: 'yesterday', value: 1 }] })).toThrow(
      /Not a time/,
    );
  });
});

describe('seriesChartDescription', () => {
  it('says what the chart shows, in the zone of the chart', () => {
    const text = seriesChartDescription(alertChartInput());

    expect(text).toContain('Line chart of Signups per minute from 2 Dec 2026, 09:00 to 2 Dec 2026, 11:59');
    expect(text).toContain('(Europe/Berlin)');
    expect(text).toMatch(/max 8\d\d/);
    expect(text).toContain('1 anomaly marked');
    expect(text).toContain('threshold 200');
    expect(text).toContain('80% and 95% bands');
  });

  it('says so when there is no data', () => {
    expect(seriesChartDescription({ valueLabel: 'Orders', points: [] })).toBe('Chart of Orders: no data.');
  });
});
