/** Routes for the platform's model registry: register, list, promote, roll back, monitor a version in service, and endpoint variant splits. */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { accuracyWindowInput } from '../../../shared/domain/metrics/metric-model-accuracy';
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
import { monitorModelVersion } from '../../../shared/domain/models/monitor-model-version';
import { promoteModelVersion, rollbackModel } from '../../../shared/domain/models/promote-model-version';
import {
  registerModelVersion,
  registerModelVersionInput,
} from '../../../shared/domain/models/register-model-version';
import type { ModelServingDeps } from '../../../shared/domain/models/serve-variants';
import type { ModelMonitorStore } from '../../../shared/ports/model-monitor-store';
import { jsonResponse } from '../../../shared/runtime/http-errors';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { header, jsonBody, pathParam } from '../../../shared/runtime/http-request';
import { routeTable, withPrincipal } from '../../../shared/runtime/route-table';
import { parseInput } from '../../../shared/runtime/zod-input';

export interface ModelsDeps extends ModelServingDeps {
  readonly monitor: Pick<ModelMonitorStore, 'modelTallies'>;
  readonly now: () => Date;
  readonly logger: Logger;
}

const modelName = (event: APIGatewayProxyEvent) => assertRegistryName(pathParam(event, 'name'), 'name');
const endpointName = (event: APIGatewayProxyEvent) =>
  assertRegistryName(pathParam(event, 'endpoint'), 'endpoint');
const version = (event: APIGatewayProxyEvent) => assertVersionNumber(pathParam(event, 'version'));
const page = (event: APIGatewayProxyEvent) => parseInput(listPageInput, event.queryStringParameters ?? {});

/** The registration the request asks for: model from the path, retry key from the header, version from the body. */
function registration(event: APIGatewayProxyEvent) {
  const name = modelName(event);
  const idempotencyKey = assertIdempotencyKey(header(event, 'idempotency-key'));
  const input = parseInput(registerModelVersionInput, jsonBody(event));
  return { modelName: name, input, idempotencyKey };
}

/** Models serve every tenant, so only a platform operator's key may read or change them (a tenant admin gets 403). */
export const modelsRoutes = (deps: ModelsDeps) =>
  routeTable({
    'POST /v1/models/{name}/versions': withPrincipal('operator', async (event, principal) => {
      const { created, version: registered } = await registerModelVersion(
        registration(event),
        principal,
        deps,
      );
      const location = `/v1/models/${registered.modelName}/versions/${registered.version}`;
      return jsonResponse(created ? 201 : 200, registered, { location });
    }),
    'GET /v1/models': withPrincipal('operator', async (event) =>
      jsonResponse(200, await listModels(page(event), deps)),
    ),
    'GET /v1/models/{name}/versions': withPrincipal('operator', async (event) =>
      jsonResponse(200, await listModelVersions(modelName(event), page(event), deps)),
    ),
    'POST /v1/models/{name}/versions/{version}/promote': withPrincipal('operator', async (event, principal) =>
      jsonResponse(200, await promoteModelVersion(modelName(event), version(event), principal, deps)),
    ),
    'GET /v1/models/{name}/versions/{version}/monitoring': withPrincipal('operator', async (event) => {
      const input = parseInput(accuracyWindowInput, event.queryStringParameters ?? {});
      const served = pathParam(event, 'version');
      return jsonResponse(200, await monitorModelVersion(modelName(event), served, input, deps));
    }),
    'POST /v1/models/{name}/rollback': withPrincipal('operator', async (event, principal) =>
      jsonResponse(200, await rollbackModel(modelName(event), principal, deps)),
    ),
    'PUT /v1/endpoints/{endpoint}/variants': withPrincipal('operator', async (event, principal) => {
      const input = parseInput(setEndpointVariantsInput, jsonBody(event));
      return jsonResponse(200, await setEndpointVariants(endpointName(event), input, principal, deps));
    }),
    'GET /v1/endpoints/{endpoint}/variants': withPrincipal('operator', async (event) =>
      jsonResponse(200, await getEndpointVariants(endpointName(event), deps)),
    ),
  });

export function makeModelsHandler(deps: ModelsDeps) {
  return httpHandler(deps.logger, modelsRoutes(deps));
}
