/**
 * What the report runner runs with: the report store and suppressions, every content source, the
 * chart renderer, the mailer, unsubscribe links and the bucket of files too large to attach.
 */
import { randomUUID } from 'node:crypto';
import { chartRenderer } from '../chart-renderer';
import { createLogger, createMetrics } from '../http-handler';
import { mailer } from '../mailer';
import { datasetCatalog, tenantDirectory } from '../metadata-stores';
import { anomalyStore, lakeDialect, lateWindowSeconds, metricCatalog, rollupStore } from '../metric-stores';
import { modelEndpoint } from '../model-endpoint';
import { queryEngine } from '../query-engine';
import { reportFileStore, reportStore, suppressionStore } from '../report-stores';
import { type Runtime, runtime } from '../runtime';
import { sqlParser } from '../sql-parser';
import { unsubscribeLinks } from '../unsubscribe-links';

export function reportRunnerDeps(rt: Runtime = runtime()) {
  const now = () => new Date();
  return {
    reports: reportStore(rt),
    suppressions: suppressionStore(rt),
    unsubscribeUrl: unsubscribeLinks(rt),
    files: reportFileStore(rt),
    mailer: mailer(rt),
    charts: chartRenderer(rt),
    content: {
      metrics: metricCatalog(rt),
      datasets: datasetCatalog(rt),
      catalog: datasetCatalog(rt),
      engine: queryEngine(rt),
      dialect: lakeDialect(rt),
      rollups: rollupStore(rt),
      anomalies: anomalyStore(rt),
      endpoint: modelEndpoint(rt),
      parser: sqlParser(rt),
      tenantLimits: (tenantId: string) => tenantDirectory(rt).tenantLimits(tenantId),
      lateWindowSeconds,
      now,
      newId: randomUUID,
    },
    newId: randomUUID,
    now,
    logger: createLogger('report-runner'),
    cloudMetrics: createMetrics('report-runner'),
  };
}
