import { randomUUID } from 'node:crypto';
import { datasetCatalog, queryStore, runtime } from '../../../shared/runtime/deps';
import { createLogger } from '../../../shared/runtime/http-handler';
import { createQueryEngine, createSqlParser } from '../../../shared/runtime/query-engine';
import { makeQueryHandler } from './query';

export const handler = makeQueryHandler({
  catalog: datasetCatalog(),
  store: queryStore(),
  engine: createQueryEngine(runtime()),
  parser: createSqlParser(runtime()),
  newId: randomUUID,
  now: () => new Date(),
  logger: createLogger('query'),
});
