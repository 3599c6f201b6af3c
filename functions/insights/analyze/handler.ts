/** Lambda entry of the insights API: the analyze route wired to the SageMaker endpoint adapter. */
import { runtime } from '../../../shared/runtime/deps';
import { createLogger } from '../../../shared/runtime/http-handler';
import { makeAnalyzeHandler } from './analyze';

export const handler = makeAnalyzeHandler({
  endpoint: runtime().modelEndpoint(),
  logger: createLogger('insights'),
});
