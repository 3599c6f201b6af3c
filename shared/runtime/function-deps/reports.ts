/** What the reports function runs with: report subscriptions, their schedules and the metric catalog. */
import { randomUUID } from 'node:crypto';
import { createLogger } from '../http-handler';
import { metricCatalog } from '../metric-stores';
import { reportScheduler, reportStore } from '../report-stores';
import { type Runtime, runtime } from '../runtime';

export function reportsDeps(rt: Runtime = runtime()) {
  return {
    reports: reportStore(rt),
    scheduler: reportScheduler(rt),
    metrics: metricCatalog(rt),
    newId: randomUUID,
    now: () => new Date(),
    logger: createLogger('reports'),
  };
}
