/**
 * A ModelEndpoint twin that runs the model server's dispatcher in-process with the real engines,
 * so scoring and alert tests exercise the real detector and forecaster without a server.
 */
import { analyticsEngines } from '../../../functions/model-server/engines';
import { dispatchInvocation } from '../../../shared/domain/analytics/inference/dispatch-invocation';
import type { ModelEndpoint } from '../../../shared/ports/model-endpoint';

export interface ServedModel {
  readonly name: string;
  readonly version: string;
}

/**
 * Counts its calls and keeps the operation of each, in order; `variant` is what the endpoint
 * reports as having served each one.
 */
export function inProcessModelEndpoint(
  model: ServedModel,
  variant = 'AllTraffic',
): ModelEndpoint & { calls: number; readonly operations: string[] } {
  return {
    calls: 0,
    operations: [],
    async invoke(request) {
      this.calls++;
      this.operations.push(request.operation);
      return { response: { ...dispatchInvocation(request, analyticsEngines), model }, variant, model };
    },
  };
}
