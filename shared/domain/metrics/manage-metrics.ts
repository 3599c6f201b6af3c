/** Use cases: a tenant defines, lists, reads and deletes its metrics. */
import type { AuditLog } from '../../ports/audit-log';
import type { DatasetCatalog } from '../../ports/dataset-catalog';
import type { MetricCatalog } from '../../ports/metric-catalog';
import { ValidationError } from '../errors';
import {
  checkMetricFields,
  type DefineMetricInput,
  type MetricDefinition,
  specOf,
} from './metric-definition';
import { findMetric } from './metric-series';

export interface ManageMetricsDeps {
  readonly metrics: MetricCatalog;
  readonly datasets: Pick<DatasetCatalog, 'find'>;
  readonly audit: AuditLog;
  readonly newId: () => string;
}

export interface Actor {
  readonly tenantId: string;
  readonly keyId: string;
}

/** Creates the metric, or a new version of the metric of that name when its definition changed. */
export async function defineMetric(
  input: DefineMetricInput,
  actor: Actor,
  deps: ManageMetricsDeps,
): Promise<{ metric: MetricDefinition; created: boolean; changed: boolean }> {
  const dataset = await deps.datasets.find(actor.tenantId, input.dataset);
  if (!dataset) {
    throw new ValidationError('INVALID_METRIC_FIELDS', `Dataset "${input.dataset}" does not exist`, [
      { path: 'dataset', message: 'no such dataset' },
    ]);
  }
  const spec = specOf(input);
  checkMetricFields(spec, dataset);
  const result = await deps.metrics.define(actor.tenantId, deps.newId(), input.name, spec);
  if (result.changed) {
    await deps.audit.record({
      tenantId: actor.tenantId,
      actor: `key:${actor.keyId}`,
      action: result.created ? 'metric.created' : 'metric.changed',
      target: result.metric.metricId,
      details: { name: input.name, version: result.metric.version },
    });
  }
  return result;
}

export function listMetrics(tenantId: string, deps: Pick<ManageMetricsDeps, 'metrics'>) {
  return deps.metrics.list(tenantId);
}

export function getMetric(tenantId: string, metricId: string, deps: Pick<ManageMetricsDeps, 'metrics'>) {
  return findMetric(tenantId, metricId, deps);
}

export async function deleteMetric(actor: Actor, metricId: string, deps: ManageMetricsDeps): Promise<void> {
  const metric = await findMetric(actor.tenantId, metricId, deps);
  await deps.metrics.remove(actor.tenantId, metric.metricId);
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: `key:${actor.keyId}`,
    action: 'metric.deleted',
    target: metric.metricId,
    details: { name: metric.name },
  });
}
