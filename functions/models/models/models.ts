/** Routes for the platform's model registry: register, list, promote, roll back, and endpoint variant splits. */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { NotFoundError } from '../../../shared/domain/errors';
import {
  getEndpointVariants,
  setEndpointVariants,
  setEndpointVariantsInput,
} from '../../../shared/domain/models/endpoint-variants';
import { listModels, listModelVersions, listPageInput } from '../../../shared/domain/models/list-models';
import {
  assertIdempotencyKey,
  assertRegistryName,
  assertVersionNumber,
} from '../../../shared/domain/models/model-names';
import { promoteModelVersion, rollbackModel } from '../../../shared/domain/models/promote-model-version';
import {
  type ModelRegistryDeps,
  registerModelVersion,
  registerModelVersionInput,
} from '../../../shared/domain/models/register-model-version';
import { jsonResponse } from '../../../shared/runtime/http-errors';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { header, jsonBody, pathParam, principalOf } from '../../../shared/runtime/http-request';
import { parseInput } from '../../../shared/runtime/zod-input';

export interface ModelsDeps extends ModelRegistryDeps {
  readonly logger: Logger;
}

const modelName = (event: APIGatewayProxyEvent) => assertRegistryName(pathParam(event, 'name'), 'name');
const endpointName = (event: APIGatewayProxyEvent) =>
  assertRegistryName(pathParam(event, 'endpoint'), 'endpoint');
const page = (event: APIGatewayProxyEvent) => parseInput(listPageInput, event.queryStringParameters ?? {});

export function makeModelsHandler(deps: ModelsDeps) {
  return httpHandler(deps.logger, async (event) => {
    // Models serve every tenant, so every route needs an admin key.
    const principal = principalOf(event, 'admin');
    switch (`${event.httpMethod} ${event.resource}`) {
      case 'POST /v1/models/{name}/versions': {
        const name = modelName(event);
        const idempotencyKey = assertIdempotencyKey(header(event, 'idempotency-key'));
        const input = parseInput(registerModelVersionInput, jsonBody(event));
        const result = await registerModelVersion(
          { modelName: name, input, ...(idempotencyKey !== undefined ? { idempotencyKey } : {}) },
          principal,
          deps,
        );
        const location = `/v1/models/${name}/versions/${result.version.version}`;
        return jsonResponse(result.created ? 201 : 200, result.version, { location });
      }
      case 'GET /v1/models':
        return jsonResponse(200, await listModels(page(event), deps));
      case 'GET /v1/models/{name}/versions':
        return jsonResponse(200, await listModelVersions(modelName(event), page(event), deps));
      case 'POST /v1/models/{name}/versions/{version}/promote':
        return jsonResponse(
          200,
          await promoteModelVersion(
            modelName(event),
            assertVersionNumber(pathParam(event, 'version')),
            principal,
            deps,
          ),
        );
      case 'POST /v1/models/{name}/rollback':
        return jsonResponse(200, await rollbackModel(modelName(event), principal, deps));
      case 'PUT /v1/endpoints/{endpoint}/variants': {
        const name = endpointName(event);
        const input = parseInput(setEndpointVariantsInput, jsonBody(event));
        return jsonResponse(200, await setEndpointVariants(name, input, principal, deps));
      }
      case 'GET /v1/endpoints/{endpoint}/variants':
        return jsonResponse(200, await getEndpointVariants(endpointName(event), deps));
      default:
        throw new NotFoundError('ROUTE_NOT_FOUND', `No route for ${event.httpMethod} ${event.resource}`);
    }
  });
}
