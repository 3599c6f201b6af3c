/** Lambda entry of POST /v1/insights/analyze, served by the model endpoint. */
import { insightsDeps } from '../../../shared/runtime/function-deps/insights';
import { makeInsightsHandler } from './insights';

export const handler = makeInsightsHandler(insightsDeps());
