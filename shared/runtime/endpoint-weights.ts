/**
 * Applies variant weights to the serving endpoint: SageMaker's UpdateEndpointWeightsAndCapacities
 * on one endpoint with production variants (the local endpoint router answers it too), or, when
 * the callers split the traffic over one endpoint per variant, only a check against the deployed
 * variants (the registry itself is what callers route by).
 */
import { SageMakerEndpointWeights } from '../adapters/aws/sagemaker-endpoint-weights';
import { CallerSplitEndpointWeights, parseDeployedVariants } from '../domain/models/variant-routed-endpoint';
import type { EndpointWeights } from '../ports/endpoint-weights';
import { sagemakerClient } from './clients/sagemaker-client';
import { required } from './config';
import { type Runtime, runtime } from './runtime';

export function endpointWeights(rt: Runtime = runtime()): EndpointWeights {
  if (rt.config.modelVariantRouting === 'endpoint-per-variant')
    return new CallerSplitEndpointWeights(
      required(rt.config, 'modelEndpointName'),
      parseDeployedVariants(rt.config.modelVariants),
    );
  return new SageMakerEndpointWeights(rt.client(sagemakerClient));
}
