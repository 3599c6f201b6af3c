/** What the alert evaluator runs with: the series sources, scores, forecaster, rules and the delivery queue. */
import { randomUUID } from 'node:crypto';
import { alertChannelStore, alertStore, deliveryQueue, seriesLink } from '../alert-stores';
import { createLogger, createMetrics } from '../http-handler';
import { datasetCatalog } from '../metadata-stores';
import {
  anomalyStore,
  lakeDialect,
  lateWindowSeconds,
  metricCatalog,
  modelMonitorStore,
  rollupStore,
} from '../metric-stores';
import { modelEndpoint } from '../model-endpoint';
import { queryEngine } from '../query-engine';
import { type Runtime, runtime } from '../runtime';

export function alertEvaluatorDeps(rt: Runtime = runtime()) {
  return {
    alerts: alertStore(rt),
    channels: alertChannelStore(rt),
    metrics: metricCatalog(rt),
    datasets: datasetCatalog(rt),
    engine: queryEngine(rt),
    dialect: lakeDialect(rt),
    rollups: rollupStore(rt),
    anomalies: anomalyStore(rt),
    monitor: modelMonitorStore(rt),
    endpoint: modelEndpoint(rt),
    queue: deliveryQueue(rt),
    seriesLink: seriesLink(rt),
    lateWindowSeconds,
    // The scorer runs on the same schedule: wait up to 30 s for it rather than a whole minute.
    scorerWait: { attempts: 15, pause: () => new Promise<void>((resolve) => setTimeout(resolve, 2_000)) },
    now: () => new Date(),
    newId: randomUUID,
    logger: createLogger('alert-evaluator'),
    cloudMetrics: createMetrics('alert-evaluator'),
  };
}
