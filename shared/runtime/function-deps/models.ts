/** What the models function runs with: the model registry, the audit log, the serving endpoint's weights and model monitoring. */
import { required } from '../config';
import { endpointWeights } from '../endpoint-weights';
import { createLogger } from '../http-handler';
import { auditLog, modelRegistry } from '../metadata-stores';
import { modelMonitorStore } from '../metric-stores';
import { type Runtime, runtime } from '../runtime';

export function modelsDeps(rt: Runtime = runtime()) {
  return {
    registry: modelRegistry(rt),
    audit: auditLog(rt),
    endpointWeights: endpointWeights(rt),
    monitor: modelMonitorStore(rt),
    now: () => new Date(),
    servedEndpoints: [required(rt.config, 'modelEndpointName')],
    logger: createLogger('models'),
  };
}
