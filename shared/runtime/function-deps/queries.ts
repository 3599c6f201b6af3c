/** What the queries function runs with: the dataset catalog, the query store and the SQL engine. */
import { randomUUID } from 'node:crypto';
import { createLogger } from '../http-handler';
import { datasetCatalog, queryStore, tenantDirectory } from '../metadata-stores';
import { queryEngine } from '../query-engine';
import { type Runtime, runtime } from '../runtime';
import { sqlParser } from '../sql-parser';

export function queriesDeps(rt: Runtime = runtime()) {
  return {
    catalog: datasetCatalog(rt),
    store: queryStore(rt),
    engine: queryEngine(rt),
    parser: sqlParser(rt),
    tenantLimits: (tenantId: string) => tenantDirectory(rt).tenantLimits(tenantId),
    newId: randomUUID,
    now: () => new Date(),
    logger: createLogger('queries'),
  };
}
