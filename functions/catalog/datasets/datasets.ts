/** Routes for tenant datasets: register (or version) a schema, list, and read one. */
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  assertDatasetName,
  type RegisterDatasetDeps,
  registerDataset,
  registerDatasetInput,
} from '../../../shared/domain/catalog/register-dataset';
import { NotFoundError } from '../../../shared/domain/errors';
import { jsonResponse } from '../../../shared/runtime/http-errors';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { jsonBody, pathParam, principalOf } from '../../../shared/runtime/http-request';
import { parseInput } from '../../../shared/runtime/zod-input';

export interface DatasetsDeps extends RegisterDatasetDeps {
  readonly logger: Logger;
}

export function makeDatasetsHandler(deps: DatasetsDeps) {
  return httpHandler(deps.logger, async (event) => {
    if (event.httpMethod === 'POST') {
      const principal = principalOf(event, 'admin');
      const input = parseInput(registerDatasetInput, jsonBody(event));
      const result = await registerDataset(input, principal, deps);
      return jsonResponse(result.created ? 201 : 200, {
        ...result.dataset,
        created: result.created,
        changed: result.changed,
      });
    }
    const principal = principalOf(event, 'query');
    if (event.pathParameters?.['name']) {
      const name = assertDatasetName(pathParam(event, 'name'));
      const dataset = await deps.catalog.find(principal.tenantId, name);
      if (!dataset) throw new NotFoundError('DATASET_NOT_FOUND', `Dataset "${name}" does not exist`);
      return jsonResponse(200, dataset);
    }
    return jsonResponse(200, { items: await deps.catalog.list(principal.tenantId) });
  });
}
