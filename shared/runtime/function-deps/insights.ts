/** What the insights function runs with: the model endpoint serving detect, forecast and summarize. */
import { createLogger } from '../http-handler';
import { modelEndpoint } from '../model-endpoint';
import { type Runtime, runtime } from '../runtime';

export function insightsDeps(rt: Runtime = runtime()) {
  return { endpoint: modelEndpoint(rt), logger: createLogger('insights') };
}
