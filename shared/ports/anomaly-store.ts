/**
 * Port for metric anomaly scoring: the detector's state per watched series (metric version and
 * interval) and the score of every closed interval (Postgres).
 */
import type { DetectorState } from '../domain/analytics/contracts';
import type { Interval } from '../domain/metrics/time-buckets';

export interface WatchedSeries {
  readonly tenantId: string;
  readonly metricId: string;
  readonly version: number;
  readonly interval: Interval;
}

/** A valued interval of a watched series: [start, epoch seconds; value]. */
export type RecentValue = readonly [number, number];

export interface DetectorCheckpoint {
  readonly state: DetectorState;
  /** Start (ISO) of the last interval the state has seen. */
  readonly lastScored: string;
  /**
   * The valued intervals of the forecaster's window before the next one, oldest first, as the
   * scorer saw them: moved on with the state, so a run reads no history back. Absent on
   * checkpoints written before it was kept.
   */
  readonly recent?: readonly RecentValue[];
}

export interface IntervalScore {
  /** Interval start, ISO. */
  readonly t: string;
  readonly value: number;
  readonly score: number;
  readonly anomaly: boolean;
  readonly reasons: readonly string[];
  /** `<name>@<version>` of the model that scored it. */
  readonly model: string;
}

export interface StoredAnomaly extends IntervalScore {
  readonly interval: Interval;
}

export interface AnomalyStore {
  checkpoint(series: WatchedSeries): Promise<DetectorCheckpoint | null>;
  /**
   * Stores the scores and moves the checkpoint, atomically and only from `previous` (null: no
   * checkpoint yet). False when another scorer moved it first; nothing is stored then.
   */
  advance(
    series: WatchedSeries,
    previous: string | null,
    next: DetectorCheckpoint,
    scores: readonly IntervalScore[],
  ): Promise<boolean>;
  /** Every score of the series whose interval start is in [from, to), oldest first (alert rules read them). */
  scores(series: WatchedSeries, from: string, to: string): Promise<IntervalScore[]>;
  /** Flagged intervals of the metric whose start is in [from, to), oldest first. */
  anomalies(tenantId: string, metricId: string, from: string, to: string): Promise<StoredAnomaly[]>;
}
