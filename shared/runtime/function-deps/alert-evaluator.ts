/**
 * What the alert evaluator runs with: the series sources (kept lake cells included, so a rule's
 * look-back before the late-data window is read from the lake once, not every minute), scores,
 * forecaster, rules and the delivery queue.
 */
import { randomUUID } from 'node:crypto';
import { alertChannelStore, alertStore, deliveryQueue, seriesLink } from '../alert-stores';
import { createLogger, createMetrics } from '../http-handler';
import { anomalyStore, modelMonitorStore, seriesSources } from '../metric-stores';
import { modelEndpoint } from '../model-endpoint';
import { type Runtime, runtime } from '../runtime';

export function alertEvaluatorDeps(rt: Runtime = runtime()) {
  return {
    alerts: alertStore(rt),
    channels: alertChannelStore(rt),
    ...seriesSources(rt),
    anomalies: anomalyStore(rt),
    monitor: modelMonitorStore(rt),
    endpoint: modelEndpoint(rt),
    queue: deliveryQueue(rt),
    seriesLink: seriesLink(rt),
    // The scorer runs on the same schedule: wait up to 30 s for it rather than a whole minute.
    scorerWait: { attempts: 15, pause: () => new Promise<void>((resolve) => setTimeout(resolve, 2_000)) },
    now: () => new Date(),
    newId: randomUUID,
    logger: createLogger('alert-evaluator'),
    cloudMetrics: createMetrics('alert-evaluator'),
  };
}
