import { runtime } from '../../../shared/runtime/deps';
import { createLogger } from '../../../shared/runtime/http-handler';
import { makeDatasetsHandler } from './datasets';

export const handler = makeDatasetsHandler({
  catalog: runtime().datasetCatalog(),
  audit: runtime().auditLog(),
  lakeCatalog: runtime().lakeCatalog(),
  logger: createLogger('datasets'),
});
