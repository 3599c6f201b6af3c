/** What the datasets function runs with: the dataset catalog, the lake catalog (Glue) and the audit log. */
import { createLogger } from '../http-handler';
import { lakeCatalog } from '../lake-catalog';
import { auditLog, registeringDatasetCatalog } from '../metadata-stores';
import { type Runtime, runtime } from '../runtime';

export function datasetsDeps(rt: Runtime = runtime()) {
  return {
    catalog: registeringDatasetCatalog(rt),
    audit: auditLog(rt),
    lakeCatalog: lakeCatalog(rt),
    logger: createLogger('datasets'),
  };
}
