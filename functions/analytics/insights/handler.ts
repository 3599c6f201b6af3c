/** Lambda entry of the insights API: the analyze route wired to the SageMaker endpoint adapter. */

import { createLogger } from '../../../shared/runtime/http-handler';
import { modelEndpoint } from '../../../shared/runtime/model-endpoint';
import { makeInsightsHandler } from './insights';

export const handler = makeInsightsHandler({
  endpoint: modelEndpoint(),
  logger: createLogger('insights'),
});
