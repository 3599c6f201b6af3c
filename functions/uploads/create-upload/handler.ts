/** Lambda entry of POST /v1/uploads and GET /v1/uploads/{uploadId}. */
import { createUploadDeps } from '../../../shared/runtime/function-deps/create-upload';
import { makeCreateUploadHandler } from './create-upload';

export const handler = makeCreateUploadHandler(createUploadDeps());
