/** Lambda entry of the insights API: the analyze route wired to the SageMaker endpoint adapter. */

import { createLogger } from '../../../shared/runtime/http-handler';
import { modelEndpoint } from '../../../shared/runtime/model-endpoint';
import { makeAnalyzeHandler } from './analyze';

export const handler = makeAnalyzeHandler({
  endpoint: modelEndpoint(),
  logger: createLogger('insights'),
});
