/**
 * Port for a metric's lake-derived minute cells, kept per UTC hour so a series reads closed
 * hours without scanning the lake again (Postgres). The lake writer marks the (dataset, hour)
 * of every late event, which makes stored hours computed before the mark stale; times come from
 * the store's own clock on both sides, so the comparison needs no synchronised hosts.
 */
import type { RollupCell } from '../domain/metrics/rollup-cell';

export interface LakeCell {
  /** Start of the minute, epoch seconds. */
  readonly minute: number;
  /** Values of the metric's dimensions, in definition order (null where absent). */
  readonly dims: readonly (string | null)[];
  readonly cell: RollupCell;
}

export interface LakeHour {
  /** Start of the UTC hour, epoch seconds. */
  readonly hour: number;
  /** Minutes before this instant (epoch seconds) are complete; later ones were not sealed yet. */
  readonly completeUntil: number;
  readonly cells: readonly LakeCell[];
}

export interface StoredLakeHour extends LakeHour {
  /** Late events reached this hour of the dataset after the cells were computed. */
  readonly stale: boolean;
}

export interface LakeCellRef {
  readonly tenantId: string;
  readonly metricId: string;
  readonly version: number;
  /** The metric's dataset, whose late-data marks apply. */
  readonly dataset: string;
}

export interface LakeCellStore {
  /**
   * The stored hours of one metric version starting in [from, to), and the store's clock now;
   * cells computed from a lake read that started after `asOf` may be written with it.
   */
  read(ref: LakeCellRef, from: number, to: number): Promise<{ hours: StoredLakeHour[]; asOf: string }>;
  /** Stores (replaces) hours computed from a lake read started after `computedAt`. */
  write(ref: LakeCellRef, hours: readonly LakeHour[], computedAt: string): Promise<void>;
  /** Marks hours (epoch seconds, hour starts) of a dataset as having received late events now. */
  markLate(tenantId: string, dataset: string, hours: readonly number[]): Promise<void>;
}
