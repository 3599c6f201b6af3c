/**
 * Port for real-time rollups: per-minute cells keyed by tenant, metric version, dimension values
 * and minute (DynamoDB in AWS). Each application carries a token (the curated file the records
 * were written to), and a cell takes a token once, so a retried batch changes nothing.
 */
import type { RollupCell } from '../domain/metrics/rollup-cell';

export interface RollupCellRef {
  readonly metricId: string;
  readonly version: number;
  /** Start of the minute, epoch seconds. */
  readonly minute: number;
  /** Values of the metric's dimensions, in definition order (null where absent). */
  readonly dims: readonly (string | null)[];
}

export interface RollupDelta extends RollupCellRef {
  readonly cell: RollupCell;
}

export interface StoredRollup extends RollupCellRef {
  readonly cell: RollupCell;
}

export interface RollupStore {
  /**
   * Merges each delta into its cell, one write per cell, unless the cell already took `token`.
   * Deltas name distinct cells.
   */
  apply(
    tenantId: string,
    token: string,
    deltas: readonly RollupDelta[],
  ): Promise<{ applied: number; skipped: number }>;
  /** The cells of one metric version whose minute is in [from, to) (epoch seconds). */
  read(
    tenantId: string,
    metricId: string,
    version: number,
    from: number,
    to: number,
  ): Promise<StoredRollup[]>;
}
