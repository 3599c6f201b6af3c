/** What the metric-anomalies scorer runs with: the series sources, the model endpoint and the score store. */
import { randomUUID } from 'node:crypto';
import { createLogger, createMetrics } from '../http-handler';
import { datasetCatalog } from '../metadata-stores';
import { anomalyStore, lakeDialect, lateWindowSeconds, metricCatalog, rollupStore } from '../metric-stores';
import { modelEndpoint } from '../model-endpoint';
import { queryEngine } from '../query-engine';
import { type Runtime, runtime } from '../runtime';

export function metricAnomaliesDeps(rt: Runtime = runtime()) {
  return {
    metrics: metricCatalog(rt),
    datasets: datasetCatalog(rt),
    engine: queryEngine(rt),
    dialect: lakeDialect(rt),
    rollups: rollupStore(rt),
    anomalies: anomalyStore(rt),
    endpoint: modelEndpoint(rt),
    lateWindowSeconds,
    now: () => new Date(),
    newId: randomUUID,
    logger: createLogger('metric-anomalies'),
    cloudMetrics: createMetrics('metric-anomalies'),
  };
}
