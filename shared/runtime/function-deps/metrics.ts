/** What the metrics function runs with: the series sources (definitions, rollups, kept lake cells, the lake engine), the audit log, the anomaly scores and model accuracy. */
import { randomUUID } from 'node:crypto';
import { createLogger } from '../http-handler';
import { auditLog } from '../metadata-stores';
import { anomalyStore, modelMonitorStore, seriesSources } from '../metric-stores';
import { type Runtime, runtime } from '../runtime';

export function metricsDeps(rt: Runtime = runtime()) {
  return {
    ...seriesSources(rt),
    audit: auditLog(rt),
    anomalies: anomalyStore(rt),
    monitor: modelMonitorStore(rt),
    now: () => new Date(),
    newId: randomUUID,
    logger: createLogger('metrics'),
  };
}
