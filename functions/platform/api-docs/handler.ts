/** Lambda entry of the public API reference (GET /v1/openapi.json, GET /docs). */
import { apiDocsDeps } from '../../../shared/runtime/function-deps/api-docs';
import { makeApiDocsHandler } from './api-docs';

export const handler = makeApiDocsHandler(apiDocsDeps());
