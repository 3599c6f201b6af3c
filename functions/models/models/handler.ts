/** Lambda entry of the model registry API: /v1/models and /v1/endpoints/{endpoint}/variants. */
import { modelsDeps } from '../../../shared/runtime/function-deps/models';
import { makeModelsHandler } from './models';

export const handler = makeModelsHandler(modelsDeps());
