/**
 * Use case: fold one batch of deduplicated lake records into per-minute rollup cells, one delta
 * per (metric, dimension values, minute), and hand them to the RollupStore in one call. Events
 * older than the late-data window (or more than a minute ahead of the clock) are left to the
 * lake path; the series reads those buckets from the lake.
 */
import type { RollupDelta, RollupStore } from '../../ports/rollup-store';
import type { MetricDefinition, MetricFilter } from './metric-definition';
import { addToCell, emptyCell, type RollupCell } from './rollup-cell';

/** @default one hour */
export const defaultLateWindowSeconds = 3600;
/** Clock skew tolerated on event times ahead of now. */
export const maxFutureSeconds = 60;

export interface RollupRecord {
  readonly data: Readonly<Record<string, unknown>>;
}

type Scalar = string | number | boolean;

function compare(actual: unknown, expected: Scalar, timestamp: boolean): number | null {
  if (actual === null || actual === undefined) return null;
  if (timestamp) {
    const a = Date.parse(String(actual));
    const b = Date.parse(String(expected));
    return Number.isNaN(a) || Number.isNaN(b) ? null : a - b;
  }
  if (typeof expected === 'number') {
    const a = typeof actual === 'number' ? actual : Number(actual);
    return Number.isNaN(a) ? null : a - expected;
  }
  if (typeof expected === 'boolean') return actual === expected ? 0 : 1;
  const a = String(actual);
  return a === expected ? 0 : a < expected ? -1 : 1;
}

/** SQL semantics: a missing (NULL) field matches no filter, `neq` included. */
export function matchesFilter(
  data: Readonly<Record<string, unknown>>,
  filter: MetricFilter,
  timeField: string,
): boolean {
  const actual = data[filter.field];
  const timestamp = filter.field === timeField;
  if (filter.op === 'in') {
    const values = Array.isArray(filter.value) ? filter.value : [filter.value];
    return values.some((v) => compare(actual, v, timestamp) === 0);
  }
  const expected = Array.isArray(filter.value) ? filter.value[0] : filter.value;
  if (expected === undefined) return false;
  const c = compare(actual, expected, timestamp);
  if (c === null) return false;
  switch (filter.op) {
    case 'eq':
      return c === 0;
    case 'neq':
      return c !== 0;
    case 'gt':
      return c > 0;
    case 'gte':
      return c >= 0;
    case 'lt':
      return c < 0;
    default:
      return c <= 0;
  }
}

/** A dimension value as the lake's `CAST(x AS VARCHAR)` prints it. */
export function dimensionValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : String(value);
}

export interface RollupWindow {
  /** Epoch seconds. */
  readonly now: number;
  readonly lateWindowSeconds: number;
}

/** Aggregates the records into one delta per (metric, dims, minute). */
export function rollupDeltas(
  metrics: readonly MetricDefinition[],
  records: readonly RollupRecord[],
  window: RollupWindow,
): RollupDelta[] {
  const oldest = window.now - window.lateWindowSeconds;
  const newest = window.now + maxFutureSeconds;
  const cells = new Map<string, { ref: Omit<RollupDelta, 'cell'>; cell: RollupCell }>();
  for (const metric of metrics) {
    for (const record of records) {
      const at = Date.parse(String(record.data[metric.timeField] ?? ''));
      if (Number.isNaN(at)) continue;
      const seconds = at / 1000;
      if (seconds < oldest || seconds > newest) continue;
      if (!metric.filter.every((f) => matchesFilter(record.data, f, metric.timeField))) continue;
      const minute = Math.floor(seconds / 60) * 60;
      const dims = metric.dimensions.map((d) => dimensionValue(record.data[d]));
      const key = `${metric.metricId}\0${minute}\0${JSON.stringify(dims)}`;
      let entry = cells.get(key);
      if (!entry) {
        entry = {
          ref: { metricId: metric.metricId, version: metric.version, minute, dims },
          cell: emptyCell(metric.aggregation),
        };
        cells.set(key, entry);
      }
      addToCell(entry.cell, metric.aggregation, metric.field ? record.data[metric.field] : undefined);
    }
  }
  return [...cells.values()].filter((e) => e.cell.count > 0).map((e) => ({ ...e.ref, cell: e.cell }));
}

export interface UpdateRollupsDeps {
  readonly metrics: {
    listForDataset(tenantId: string, dataset: string): Promise<readonly MetricDefinition[]>;
  };
  readonly rollups: RollupStore;
  readonly now: () => Date;
  readonly lateWindowSeconds: number;
}

/**
 * Updates the rollups of every metric of the dataset with records just written to the curated
 * file `fileKey`: the file is the token, so a retry that reaches here again counts nothing twice.
 */
export async function updateRollups(
  tenantId: string,
  dataset: string,
  fileKey: string,
  records: readonly RollupRecord[],
  deps: UpdateRollupsDeps,
): Promise<{ cells: number; applied: number }> {
  const metrics = await deps.metrics.listForDataset(tenantId, dataset);
  if (metrics.length === 0 || records.length === 0) return { cells: 0, applied: 0 };
  const deltas = rollupDeltas(metrics, records, {
    now: deps.now().getTime() / 1000,
    lateWindowSeconds: deps.lateWindowSeconds,
  });
  if (deltas.length === 0) return { cells: 0, applied: 0 };
  const result = await deps.rollups.apply(tenantId, fileKey, deltas);
  return { cells: deltas.length, applied: result.applied };
}
