/** What the metric-anomalies scorer runs with: the series sources, the model endpoint, the score store and the forecast log. */
import { randomUUID } from 'node:crypto';
import { createLogger, createMetrics } from '../http-handler';
import { anomalyStore, modelMonitorStore, seriesSources } from '../metric-stores';
import { modelEndpoint } from '../model-endpoint';
import { type Runtime, runtime } from '../runtime';

export function metricAnomaliesDeps(rt: Runtime = runtime()) {
  return {
    ...seriesSources(rt),
    anomalies: anomalyStore(rt),
    monitor: modelMonitorStore(rt),
    endpoint: modelEndpoint(rt),
    now: () => new Date(),
    newId: randomUUID,
    logger: createLogger('metric-anomalies'),
    cloudMetrics: createMetrics('metric-anomalies'),
  };
}
