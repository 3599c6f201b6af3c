/**
 * A MetricCatalog that keeps the definitions it finds for a few seconds, so a series request
 * costs no Postgres read before its own. Definitions changed or removed through it are dropped
 * at once; a change made through another container shows within the TTL (one asked for past
 * half of it is read again in the background, see TenantTtlCache). Misses are not kept,
 * so a metric defined elsewhere is found on its first request.
 */
import type { MetricCatalog } from '../../ports/metric-catalog';
import { TenantTtlCache } from '../tenant-ttl-cache';
import type { MetricDefinition } from './metric-definition';

/** How long a found definition is answered from memory. */
export const metricDefinitionTtlMs = 5_000;

/** Definitions kept at most; the oldest go first. */
const maxEntries = 10_000;

export function cachedMetricCatalog(
  catalog: MetricCatalog,
  ttlMs = metricDefinitionTtlMs,
  now: () => number = Date.now,
): MetricCatalog {
  const entries = new TenantTtlCache<MetricDefinition>(ttlMs, now, maxEntries);
  return {
    find: (tenantId, metricId) => entries.get(tenantId, metricId, () => catalog.find(tenantId, metricId)),
    async define(tenantId, metricId, name, spec) {
      const result = await catalog.define(tenantId, metricId, name, spec);
      entries.forget(tenantId, result.metric.metricId);
      return result;
    },
    async remove(tenantId, metricId) {
      entries.forget(tenantId, metricId);
      return catalog.remove(tenantId, metricId);
    },
    list: (tenantId) => catalog.list(tenantId),
    listForDataset: (tenantId, dataset) => catalog.listForDataset(tenantId, dataset),
    listAll: () => catalog.listAll(),
  };
}
