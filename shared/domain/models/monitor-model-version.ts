/**
 * Use case: the platform operator's view of one model version in service: forecast error and
 * the detector's alert rate over every tenant's watched series it served, per interval. No
 * tenant or metric is named in the answer.
 */
import * as z from 'zod';
import type { ModelMonitorStore } from '../../ports/model-monitor-store';
import type { ModelRegistry } from '../../ports/model-registry';
import { NotFoundError, ValidationError } from '../errors';
import {
  type AccuracyWindowInput,
  accuracyWindow,
  type IntervalAccuracy,
  intervalAccuracy,
} from '../metrics/metric-model-accuracy';

/**
 * The version a serving container reports: a registry version number (`3`) or, for a model
 * served without the registry (the local default), its label (`builtin`).
 */
const servedVersion = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a version number or label');

export interface MonitorModelDeps {
  readonly registry: Pick<ModelRegistry, 'findVersion'>;
  readonly monitor: Pick<ModelMonitorStore, 'modelTallies'>;
  readonly now: () => Date;
}

/** 404 when the registry has no such version and nothing served under it in the window. */
export async function monitorModelVersion(
  modelName: string,
  version: string,
  input: AccuracyWindowInput,
  deps: MonitorModelDeps,
): Promise<{ modelName: string; version: string; from: string; to: string; intervals: IntervalAccuracy[] }> {
  const parsed = servedVersion.safeParse(version);
  if (!parsed.success)
    throw new ValidationError('INVALID_VERSION', '"version" is invalid', [
      { path: 'version', message: parsed.error.issues[0]?.message ?? 'invalid' },
    ]);
  const { from, to } = accuracyWindow(input, deps.now());
  const tallies = await deps.monitor.modelTallies({ name: modelName, version }, from, to);
  const registered =
    /^\d{1,9}$/.test(version) && (await deps.registry.findVersion(modelName, Number(version)));
  if (tallies.length === 0 && !registered)
    throw new NotFoundError('MODEL_VERSION_NOT_FOUND', `Model "${modelName}" has no version ${version}`);
  return { modelName, version, from, to, intervals: intervalAccuracy(tallies) };
}
