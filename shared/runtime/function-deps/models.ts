/** What the models function runs with: the model registry, the audit log and the serving endpoint's weights. */
import { required } from '../config';
import { endpointWeights } from '../endpoint-weights';
import { createLogger } from '../http-handler';
import { auditLog, modelRegistry } from '../metadata-stores';
import { type Runtime, runtime } from '../runtime';

export function modelsDeps(rt: Runtime = runtime()) {
  return {
    registry: modelRegistry(rt),
    audit: auditLog(rt),
    endpointWeights: endpointWeights(rt),
    servedEndpoints: [required(rt.config, 'modelEndpointName')],
    logger: createLogger('models'),
  };
}
