import { auditLog, datasetCatalog } from '../../../shared/runtime/deps';
import { createLogger } from '../../../shared/runtime/http-handler';
import { lakeCatalog } from '../../../shared/runtime/lake-catalog';
import { makeDatasetsHandler } from './datasets';

export const handler = makeDatasetsHandler({
  catalog: datasetCatalog(),
  audit: auditLog(),
  lakeCatalog: lakeCatalog(),
  logger: createLogger('datasets'),
});
