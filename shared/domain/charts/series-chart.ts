/**
 * Builds the Vega-Lite spec of a metric series chart: the observed line, optional anomaly
 * points, a threshold rule and 80/95% forecast bands, with time shown in the reader's zone.
 * Pure: rendering the spec to an image is the ChartRenderer port's job.
 */
import type { TopLevelSpec } from 'vega-lite';
import { definedProps } from '../defined-props';
import { isKnownTimeZone, wallClockMs } from './zoned-time';

/** A Vega-Lite spec with inline data only (a renderer never fetches anything). */
export type ChartSpec = TopLevelSpec;

/** The font every chart names; the renderer must be given this family's files. */
export const chartFontFamily = 'DejaVu Sans';

export interface SeriesPoint {
  /** Start of the interval: epoch milliseconds or an ISO-8601 instant. */
  readonly t: number | string;
  /** null for a gap (no data), drawn as a break in the line. */
  readonly value: number | null;
}

export interface ForecastPoint {
  readonly t: number | string;
  readonly mean: number;
  readonly lower80: number;
  readonly upper80: number;
  readonly lower95: number;
  readonly upper95: number;
}

export interface SeriesChartInput {
  /** What is measured, shown as the y-axis title (`Signups`, `p95 latency (ms)`). */
  readonly valueLabel: string;
  readonly points: readonly SeriesPoint[];
  /** Intervals the detector or a rule flagged; drawn as red dots on top of the line. */
  readonly anomalies?: readonly SeriesPoint[];
  /** A rule's threshold, drawn as a dashed horizontal line. */
  readonly threshold?: number;
  readonly forecast?: readonly ForecastPoint[];
  /**
   * The least value the metric can take (0 for a count): the forecast line and its bands are
   * drawn no lower, since a band reaching below it shows values that cannot happen.
   * @default none
   */
  readonly floor?: number;
  /**
   * IANA zone the time axis is shown in.
   * @default 'UTC'
   */
  readonly timeZone?: string;
  /** Width of the whole image in CSS pixels. @default 560 (a 600 px email less its padding) */
  readonly width?: number;
  /** @default 220 */
  readonly height?: number;
  readonly title?: string;
}

export const chartColors = {
  series: '#2f6fb3',
  anomaly: '#d62728',
  threshold: '#d62728',
  forecast: '#7a4fb3',
  band80: '#b9a3db',
  band95: '#e4d9f2',
} as const;

/** Milliseconds since the epoch of an input time; throws on an unparseable one. */
export function toEpochMs(t: number | string): number {
  const ms = typeof t === 'number' ? t : Date.parse(t);
  if (!Number.isFinite(ms)) throw new RangeError(`Not a time: ${String(t)}`);
  return ms;
}

function spanMs(input: SeriesChartInput): number {
  const times = [...input.points, ...(input.forecast ?? [])].map((p) => toEpochMs(p.t));
  return times.length < 2 ? 0 : Math.max(...times) - Math.min(...times);
}

/** A tick label format that suits the span: hours within two days, dates beyond. */
function timeFormat(span: number): string {
  const day = 86_400_000;
  if (span <= 2 * day) return '%H:%M';
  if (span <= 120 * day) return '%b %d';
  return '%b %Y';
}

export function seriesChartSpec(input: SeriesChartInput): ChartSpec {
  const timeZone = input.timeZone ?? 'UTC';
  if (!isKnownTimeZone(timeZone)) throw new RangeError(`Unknown time zone: ${timeZone}`);
  const local = (t: number | string) => wallClockMs(toEpochMs(t), timeZone);
  const x = {
    field: 't',
    type: 'temporal' as const,
    scale: { type: 'utc' as const },
    // A UTC scale formats its ticks in UTC: the wall-clock times above read as local times.
    axis: { format: timeFormat(spanMs(input)), tickCount: 8, title: `Time (${timeZone})` },
  };
  const y = { type: 'quantitative' as const, title: input.valueLabel, scale: { zero: false } };

  const layers: NonNullable<Extract<ChartSpec, { layer: unknown }>['layer']> = [];
  const forecast = input.forecast ?? [];
  if (forecast.length > 0) {
    const floor = input.floor;
    const atLeastFloor = (v: number) => (floor === undefined ? v : Math.max(floor, v));
    const values = forecast.map((f) => ({
      t: local(f.t),
      mean: atLeastFloor(f.mean),
      lower80: atLeastFloor(f.lower80),
      upper80: atLeastFloor(f.upper80),
      lower95: atLeastFloor(f.lower95),
      upper95: atLeastFloor(f.upper95),
    }));
    layers.push(
      {
        data: { values },
        mark: { type: 'area', color: chartColors.band95 },
        encoding: { x, y: { ...y, field: 'lower95' }, y2: { field: 'upper95' } },
      },
      {
        data: { values },
        mark: { type: 'area', color: chartColors.band80 },
        encoding: { x, y: { ...y, field: 'lower80' }, y2: { field: 'upper80' } },
      },
      {
        data: { values },
        mark: { type: 'line', color: chartColors.forecast, strokeDash: [6, 4], strokeWidth: 2 },
        encoding: { x, y: { ...y, field: 'mean' } },
      },
    );
  }
  layers.push({
    data: { values: input.points.map((p) => ({ t: local(p.t), value: p.value })) },
    mark: { type: 'line', color: chartColors.series, strokeWidth: 2 },
    encoding: { x, y: { ...y, field: 'value' } },
  });
  if (input.threshold !== undefined) {
    layers.push({
      data: { values: [{ threshold: input.threshold }] },
      mark: { type: 'rule', color: chartColors.threshold, strokeDash: [4, 4], strokeWidth: 1.5 },
      encoding: { y: { ...y, field: 'threshold' } },
    });
  }
  const anomalies = (input.anomalies ?? []).filter((a) => a.value !== null);
  if (anomalies.length > 0) {
    layers.push({
      data: { values: anomalies.map((a) => ({ t: local(a.t), value: a.value })) },
      mark: { type: 'point', filled: true, size: 70, color: chartColors.anomaly, opacity: 1 },
      encoding: { x, y: { ...y, field: 'value' } },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: input.width ?? 560,
    height: input.height ?? 220,
    background: 'white',
    padding: 8,
    // The whole image, axes and padding included, is `width` wide: it fits the email as drawn.
    autosize: { type: 'fit', contains: 'padding' },
    ...definedProps({ title: input.title }),
    config: {
      font: chartFontFamily,
      view: { stroke: null },
      axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6' },
    },
    layer: layers,
  };
}

/** A sentence describing the chart for its alt text and the plain-text part of an email. */
export function seriesChartDescription(input: SeriesChartInput): string {
  const timeZone = input.timeZone ?? 'UTC';
  const values = input.points.map((p) => p.value).filter((v): v is number => v !== null);
  const first = input.points[0];
  const last = input.points[input.points.length - 1];
  if (!first || !last || values.length === 0) return `Chart of ${input.valueLabel}: no data.`;
  const when = (t: number | string) =>
    new Date(toEpochMs(t)).toLocaleString('en-GB', {
      timeZone,
      dateStyle: 'medium',
      timeStyle: 'short',
    });
  const fmt = (v: number) => Number(v.toPrecision(4)).toLocaleString('en-US');
  const parts = [
    `Line chart of ${input.valueLabel} from ${when(first.t)} to ${when(last.t)} (${timeZone})`,
    `min ${fmt(Math.min(...values))}, max ${fmt(Math.max(...values))}, last ${fmt(values[values.length - 1] ?? 0)}`,
  ];
  const anomalies = (input.anomalies ?? []).length;
  if (anomalies > 0) parts.push(`${anomalies} anomal${anomalies === 1 ? 'y' : 'ies'} marked`);
  if (input.threshold !== undefined) parts.push(`threshold ${fmt(input.threshold)}`);
  if ((input.forecast ?? []).length > 0) parts.push('forecast with 80% and 95% bands');
  return `${parts.join('; ')}.`;
}
