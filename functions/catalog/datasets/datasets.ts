/** Routes for tenant datasets: register (or version) a schema, list, and read one. */
import type { Logger } from '@aws-lambda-powertools/logger';
import { getDataset, listDatasets } from '../../../shared/domain/catalog/read-datasets';
import {
  type RegisterDatasetDeps,
  registerDataset,
  registerDatasetInput,
} from '../../../shared/domain/catalog/register-dataset';
import { jsonResponse } from '../../../shared/runtime/http-errors';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { jsonBody, pathParam, principalOf } from '../../../shared/runtime/http-request';
import { routeTable } from '../../../shared/runtime/route-table';
import { parseInput } from '../../../shared/runtime/zod-input';

export interface DatasetsDeps extends RegisterDatasetDeps {
  readonly logger: Logger;
}

/** Registering needs an admin key; reading needs a query key. */
export const datasetsRoutes = (deps: DatasetsDeps) =>
  routeTable({
    'POST /v1/datasets': async (event) => {
      const input = parseInput(registerDatasetInput, jsonBody(event));
      const { dataset, created, changed } = await registerDataset(input, principalOf(event, 'admin'), deps);
      return jsonResponse(created ? 201 : 200, { ...dataset, created, changed });
    },
    'GET /v1/datasets': async (event) =>
      jsonResponse(200, await listDatasets(principalOf(event, 'query').tenantId, deps)),
    'GET /v1/datasets/{name}': async (event) =>
      jsonResponse(
        200,
        await getDataset(principalOf(event, 'query').tenantId, pathParam(event, 'name'), deps),
      ),
  });

export function makeDatasetsHandler(deps: DatasetsDeps) {
  return httpHandler(deps.logger, datasetsRoutes(deps));
}
