/** What the metrics function runs with: the series sources (definitions, rollups, kept lake cells, the lake engine), the audit log, the anomaly scores and model accuracy. */
import { randomUUID } from 'node:crypto';
import { cachedMetricCatalog } from '../../domain/metrics/cached-metric-catalog';
import { createLogger } from '../http-handler';
import { auditLog } from '../metadata-stores';
import { anomalyStore, modelMonitorStore, seriesSources } from '../metric-stores';
import { type Runtime, runtime } from '../runtime';

export function metricsDeps(rt: Runtime = runtime()) {
  const sources = seriesSources(rt);
  return {
    ...sources,
    // The definition is read before anything else on every series request; kept a few seconds.
    metrics: cachedMetricCatalog(sources.metrics),
    audit: auditLog(rt),
    anomalies: anomalyStore(rt),
    monitor: modelMonitorStore(rt),
    now: () => new Date(),
    newId: randomUUID,
    logger: createLogger('metrics'),
  };
}
