/** Lambda entry of the model registry API: the models routes wired to the runtime's adapters. */
import { auditLog, modelRegistry } from '../../../shared/runtime/deps';
import { createLogger } from '../../../shared/runtime/http-handler';
import { makeModelsHandler } from './models';

export const handler = makeModelsHandler({
  registry: modelRegistry(),
  audit: auditLog(),
  logger: createLogger('models'),
});
