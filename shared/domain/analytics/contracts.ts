/**
 * The analytics engine's contracts: what the anomaly detector, the forecaster and the
 * statistics summary take and return. The model server, the SageMaker adapter, the local
 * endpoint router and the evaluation scripts all code against these shapes.
 */

/** One observation of a series; `timestamp` is ISO 8601 or epoch milliseconds. */
export interface SeriesPoint {
  readonly timestamp: string | number;
  readonly value: number;
}

/** Opaque, JSON-serialisable and small (a few KiB) so a stream scorer can persist it per series. */
export type DetectorState = { readonly version: number } & Readonly<Record<string, unknown>>;

export interface DetectOptions {
  /** Score at or above which a point is flagged as an anomaly. @default the detector's tuned threshold */
  readonly threshold?: number | undefined;
}

export interface FlaggedAnomaly {
  readonly index: number;
  readonly timestamp: string | number;
  readonly value: number;
  readonly score: number;
  /** Human-readable reasons, e.g. "value 4.2 sigma above the recent level". */
  readonly reasons: readonly string[];
}

export interface DetectResult {
  /** One score in [0, 1] per input point, computed causally (only from earlier and current points). */
  readonly scores: readonly number[];
  readonly anomalies: readonly FlaggedAnomaly[];
  /** Pass back with the next points of the same series to continue online. */
  readonly state: DetectorState;
}

/** Online anomaly scoring; with `state` it continues exactly where the previous call stopped. */
export type Detect = (
  points: readonly SeriesPoint[],
  options?: DetectOptions,
  state?: DetectorState,
) => DetectResult;

export interface ForecastOptions {
  readonly horizon: number;
  /** Seasonal period in observations; detected from the data when absent. */
  readonly period?: number | undefined;
  /** Prediction-interval coverage levels in percent. @default [80, 95] */
  readonly levels?: readonly number[] | undefined;
}

export interface PredictionInterval {
  readonly level: number;
  readonly lower: readonly number[];
  readonly upper: readonly number[];
}

export interface ForecastResult {
  /** Which model (or combination) automatic selection chose, e.g. "theta+ets(A,Ad,N)". */
  readonly method: string;
  /** Seasonal period used (1 when the series was judged non-seasonal). */
  readonly period: number;
  readonly seasonal: boolean;
  readonly mean: readonly number[];
  readonly intervals: readonly PredictionInterval[];
}

export type Forecast = (values: readonly number[], options: ForecastOptions) => ForecastResult;
