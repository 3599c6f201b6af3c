/** What the alerts function runs with: rules and channels, delivery targets and log, the queue for tests. */
import { randomUUID } from 'node:crypto';
import { newWebhookSecret } from '../../adapters/http/webhook-signing';
import { alertChannelStore, alertStore, deliveryQueue, deliveryStore, seriesLink } from '../alert-stores';
import { createLogger } from '../http-handler';
import { auditLog } from '../metadata-stores';
import { metricCatalog } from '../metric-stores';
import { type Runtime, runtime } from '../runtime';

export function alertsDeps(rt: Runtime = runtime()) {
  return {
    alerts: alertStore(rt),
    channels: alertChannelStore(rt),
    metrics: metricCatalog(rt),
    deliveries: deliveryStore(rt),
    queue: deliveryQueue(rt),
    audit: auditLog(rt),
    seriesLink: seriesLink(rt),
    now: () => new Date(),
    newId: randomUUID,
    newSecret: newWebhookSecret,
    logger: createLogger('alerts'),
  };
}
