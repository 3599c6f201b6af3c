/** Everything a report's content blocks read: metrics, datasets, the query engine, rollups, anomalies, the model endpoint. */
import { randomUUID } from 'node:crypto';
import type { ReportContentDeps } from '../domain/reports/report-content';
import { datasetCatalog, tenantDirectory } from './metadata-stores';
import { anomalyStore, lakeDialect, lateWindowSeconds, metricCatalog, rollupStore } from './metric-stores';
import { modelEndpoint } from './model-endpoint';
import { queryEngine } from './query-engine';
import { type Runtime, runtime } from './runtime';
import { sqlParser } from './sql-parser';

export function reportContentSources(rt: Runtime = runtime()): ReportContentDeps {
  return {
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
    now: () => new Date(),
    newId: randomUUID,
  };
}
