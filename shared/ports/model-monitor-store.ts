/**
 * Port for model monitoring (Postgres): the forecasts the scorer makes for each watched series'
 * next interval, their outcomes once the interval closes, and accuracy tallies per metric (for
 * its tenant) and per model version (across tenants, for the platform operator).
 */
import type { AccuracyTally, ForecastOutcome, ForecastPoint } from '../domain/metrics/model-accuracy';
import type { Interval } from '../domain/metrics/time-buckets';
import type { WatchedSeries } from './anomaly-store';

export interface IntervalTally {
  readonly interval: Interval;
  readonly tally: AccuracyTally;
}

export interface ModelMonitorStore {
  /** Keeps a forecast of the series' interval `forecast.t`, replacing an earlier one; ignored for a metric the tenant has not got. */
  record(series: WatchedSeries, forecast: ForecastPoint): Promise<void>;
  /** Forecasts of the series whose interval start is in [from, to) and that have no outcome yet, oldest first. */
  pending(series: WatchedSeries, from: string, to: string): Promise<ForecastPoint[]>;
  /** Stores the outcomes of the series' forecasts (by interval start). */
  settle(series: WatchedSeries, outcomes: readonly ForecastOutcome[]): Promise<void>;
  /** Outcomes of the series whose interval start is in [from, to), oldest first. */
  outcomes(series: WatchedSeries, from: string, to: string): Promise<ForecastOutcome[]>;
  /**
   * Per watched interval, the tally of the metric's current version over intervals starting in
   * [from, to): settled forecasts and the detector's scores. Intervals with neither are left out.
   */
  metricTallies(tenantId: string, metricId: string, from: string, to: string): Promise<IntervalTally[]>;
  /** The same across every tenant's series, for forecasts and scores made by one model version. */
  modelTallies(
    model: { readonly name: string; readonly version: string },
    from: string,
    to: string,
  ): Promise<IntervalTally[]>;
}
