/** What the metrics function runs with: definitions, rollups, the lake engine and the anomaly scores. */
import { randomUUID } from 'node:crypto';
import { LakeSeriesCache } from '../../domain/metrics/metric-series';
import { createLogger } from '../http-handler';
import { auditLog, datasetCatalog } from '../metadata-stores';
import { anomalyStore, lakeDialect, lateWindowSeconds, metricCatalog, rollupStore } from '../metric-stores';
import { queryEngine } from '../query-engine';
import { type Runtime, runtime } from '../runtime';

export function metricsDeps(rt: Runtime = runtime()) {
  return {
    metrics: metricCatalog(rt),
    datasets: datasetCatalog(rt),
    audit: auditLog(rt),
    engine: queryEngine(rt),
    dialect: lakeDialect(rt),
    rollups: rollupStore(rt),
    anomalies: anomalyStore(rt),
    lateWindowSeconds,
    lakeCache: new LakeSeriesCache(),
    now: () => new Date(),
    newId: randomUUID,
    logger: createLogger('metrics'),
  };
}
