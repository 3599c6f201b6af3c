import { auditLog, datasetCatalog, lakeCatalog } from '../../../shared/runtime/deps';
import { createLogger } from '../../../shared/runtime/http-handler';
import { makeDatasetsHandler } from './datasets';

export const handler = makeDatasetsHandler({
  catalog: datasetCatalog(),
  audit: auditLog(),
  lakeCatalog: lakeCatalog(),
  logger: createLogger('datasets'),
});
