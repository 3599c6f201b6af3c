/**
 * One rollup cell: the aggregate of a metric's matching events in one bucket and one set of
 * dimension values. Counts, sums, minimum and maximum are exact; distinct counts ride on a
 * HyperLogLog and percentiles on a DDSketch (1 % relative accuracy), both mergeable, so minute
 * cells merge into hours and days within the sketch's stated error.
 */
import { DDSketch } from '@datadog/sketches-js';
import { definedProps } from '../defined-props';
import { HyperLogLog } from './hyperloglog';
import type { Aggregation } from './metric-definition';

/** The DDSketch's guaranteed relative error on any quantile. */
export const sketchRelativeAccuracy = 0.01;

export interface RollupCell {
  /** Events counted (`count`) or non-null field values seen (every other aggregation). */
  count: number;
  sum: number;
  min: number | null;
  max: number | null;
  distinct?: HyperLogLog;
  quantiles?: DDSketch;
}

export function emptyCell(aggregation: Aggregation): RollupCell {
  return {
    count: 0,
    sum: 0,
    min: null,
    max: null,
    ...definedProps({
      distinct: aggregation === 'distinct' ? HyperLogLog.empty() : undefined,
      quantiles: isPercentile(aggregation)
        ? new DDSketch({ relativeAccuracy: sketchRelativeAccuracy })
        : undefined,
    }),
  };
}

export function isPercentile(aggregation: Aggregation): aggregation is 'p50' | 'p90' | 'p95' | 'p99' {
  return aggregation.startsWith('p');
}

/** Adds one event's value (`undefined` for `count`, which counts events, not values). */
export function addToCell(cell: RollupCell, aggregation: Aggregation, value: unknown): void {
  if (aggregation === 'count') {
    cell.count++;
    return;
  }
  if (value === null || value === undefined) return;
  if (aggregation === 'distinct') {
    cell.count++;
    cell.distinct?.add(typeof value === 'string' ? value : JSON.stringify(value));
    return;
  }
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return;
  cell.count++;
  cell.sum += n;
  cell.min = cell.min === null ? n : Math.min(cell.min, n);
  cell.max = cell.max === null ? n : Math.max(cell.max, n);
  cell.quantiles?.accept(n);
}

/** Folds `other` into `into`. */
export function mergeCells(into: RollupCell, other: RollupCell): void {
  into.count += other.count;
  into.sum += other.sum;
  if (other.min !== null) into.min = into.min === null ? other.min : Math.min(into.min, other.min);
  if (other.max !== null) into.max = into.max === null ? other.max : Math.max(into.max, other.max);
  if (other.distinct) {
    if (into.distinct) into.distinct.merge(other.distinct);
    else {
      into.distinct = HyperLogLog.empty();
      into.distinct.merge(other.distinct);
    }
  }
  if (other.quantiles) {
    into.quantiles ??= new DDSketch({ relativeAccuracy: sketchRelativeAccuracy });
    if (other.quantiles.count > 0) into.quantiles.merge(other.quantiles);
  }
}

const quantileOf: Record<'p50' | 'p90' | 'p95' | 'p99', number> = {
  p50: 0.5,
  p90: 0.9,
  p95: 0.95,
  p99: 0.99,
};

/**
 * The value a cell shows. Empty cells: 0 for count, sum and distinct (nothing happened), null
 * for averages, extremes and percentiles (there is no value to show).
 */
export function cellValue(cell: RollupCell | undefined, aggregation: Aggregation): number | null {
  if (!cell || cell.count === 0)
    return aggregation === 'count' || aggregation === 'sum' || aggregation === 'distinct' ? 0 : null;
  switch (aggregation) {
    case 'count':
      return cell.count;
    case 'sum':
      return cell.sum;
    case 'avg':
      return cell.sum / cell.count;
    case 'min':
      return cell.min;
    case 'max':
      return cell.max;
    case 'distinct':
      return cell.distinct?.count() ?? 0;
    default:
      return cell.quantiles && cell.quantiles.count > 0
        ? cell.quantiles.getValueAtQuantile(quantileOf[aggregation])
        : null;
  }
}

/** Storage form of a cell (sketches as bytes). */
export interface StoredCell {
  readonly count: number;
  readonly sum: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly distinct?: Uint8Array;
  readonly quantiles?: Uint8Array;
}

export function toStoredCell(cell: RollupCell): StoredCell {
  return {
    count: cell.count,
    sum: cell.sum,
    min: cell.min,
    max: cell.max,
    ...definedProps({ distinct: cell.distinct?.toBytes(), quantiles: cell.quantiles?.toProto() }),
  };
}

export function fromStoredCell(stored: StoredCell): RollupCell {
  return {
    count: stored.count,
    sum: stored.sum,
    min: stored.min,
    max: stored.max,
    ...definedProps({
      distinct: stored.distinct && HyperLogLog.fromBytes(stored.distinct),
      quantiles: stored.quantiles && DDSketch.fromProto(stored.quantiles),
    }),
  };
}
