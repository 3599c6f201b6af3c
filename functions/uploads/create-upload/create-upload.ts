/** POST /v1/uploads (a presigned PUT for a large file) and GET /v1/uploads/{uploadId} (its result). */
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type CreateUploadDeps,
  createUpload,
  createUploadInput,
} from '../../../shared/domain/uploads/create-upload';
import { getUploadStatus } from '../../../shared/domain/uploads/upload-result';
import { jsonResponse } from '../../../shared/runtime/http-errors';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { jsonBody, pathParam, principalOf } from '../../../shared/runtime/http-request';
import { routeTable } from '../../../shared/runtime/route-table';
import { parseInput } from '../../../shared/runtime/zod-input';

/** The use case's ports plus the logger. */
export interface CreateUploadHandlerDeps extends CreateUploadDeps {
  readonly logger: Logger;
}

/** Both upload routes, `ingest` scope: the tenant comes from the API key, never from the body. */
export const createUploadRoutes = (deps: CreateUploadHandlerDeps) =>
  routeTable({
    'POST /v1/uploads': async (event) => {
      const { tenantId } = principalOf(event, 'ingest');
      const input = parseInput(createUploadInput, jsonBody(event));
      const upload = await createUpload(tenantId, input, deps);
      deps.logger.info('upload created', {
        uploadId: upload.uploadId,
        dataset: input.dataset,
        sizeBytes: input.sizeBytes,
      });
      return jsonResponse(201, upload);
    },
    'GET /v1/uploads/{uploadId}': async (event) => {
      const { tenantId } = principalOf(event, 'ingest');
      return jsonResponse(200, await getUploadStatus(tenantId, pathParam(event, 'uploadId'), deps));
    },
  });

export function makeCreateUploadHandler(deps: CreateUploadHandlerDeps) {
  return httpHandler(deps.logger, createUploadRoutes(deps));
}
