/**
 * Use case: a tenant's view of how well the models do on one of its metrics: forecast error
 * (MAPE, band coverage) against what then happened and the detector's alert rate, per watched
 * interval, over a window (the last 7 days by default).
 */
import * as z from 'zod';
import type { IntervalTally, ModelMonitorStore } from '../../ports/model-monitor-store';
import { ValidationError } from '../errors';
import { findMetric, type SeriesDeps } from './metric-series';
import { type AccuracyFigures, accuracyFigures } from './model-accuracy';
import type { Interval } from './time-buckets';

const defaultWindowDays = 7;
/** The longest window one request tallies. */
const maxWindowDays = 400;

export const accuracyWindowInput = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type AccuracyWindowInput = z.infer<typeof accuracyWindowInput>;

/** The window asked for, defaulting to the 7 days before now; 400 with the field path when it is not one. */
export function accuracyWindow(input: AccuracyWindowInput, now: Date): { from: string; to: string } {
  const to = input.to ? new Date(input.to) : now;
  const from = input.from ? new Date(input.from) : new Date(to.getTime() - defaultWindowDays * 86_400_000);
  const invalid = (path: string, message: string) =>
    new ValidationError('INVALID_ACCURACY_WINDOW', message, [{ path, message }]);
  if (!(from < to)) throw invalid('to', 'to must be after from');
  if (to.getTime() - from.getTime() > maxWindowDays * 86_400_000)
    throw invalid('from', `the window is at most ${maxWindowDays} days`);
  return { from: from.toISOString(), to: to.toISOString() };
}

export type IntervalAccuracy = { readonly interval: Interval } & AccuracyFigures;

export const intervalAccuracy = (tallies: readonly IntervalTally[]): IntervalAccuracy[] =>
  tallies.map(({ interval, tally }) => ({ interval, ...accuracyFigures(tally) }));

export interface MetricAccuracyDeps {
  readonly metrics: SeriesDeps['metrics'];
  readonly monitor: Pick<ModelMonitorStore, 'metricTallies'>;
  readonly now: () => Date;
}

/** The figures of the tenant's metric (404 for another tenant's or an unknown id). */
export async function metricModelAccuracy(
  tenantId: string,
  metricId: string,
  input: AccuracyWindowInput,
  deps: MetricAccuracyDeps,
): Promise<{ metricId: string; from: string; to: string; intervals: IntervalAccuracy[] }> {
  const metric = await findMetric(tenantId, metricId, deps);
  const { from, to } = accuracyWindow(input, deps.now());
  const tallies = await deps.monitor.metricTallies(tenantId, metric.metricId, from, to);
  return { metricId: metric.metricId, from, to, intervals: intervalAccuracy(tallies) };
}
