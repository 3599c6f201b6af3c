import { randomUUID } from 'node:crypto';
import { datasetCatalog, queryStore, runtime } from '../../../shared/runtime/deps';
import { createLogger } from '../../../shared/runtime/http-handler';
import { createQueryEngine } from '../../../shared/runtime/query-engine';
import { makeQueriesHandler } from './queries';

export const handler = makeQueriesHandler({
  catalog: datasetCatalog(),
  store: queryStore(),
  engine: createQueryEngine(runtime()),
  newId: randomUUID,
  now: () => new Date(),
  logger: createLogger('queries'),
});
