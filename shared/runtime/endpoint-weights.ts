/** Applies variant weights to the serving endpoint: SageMaker in AWS, the local endpoint router locally. */
import { SageMakerEndpointWeights } from '../adapters/aws/sagemaker-endpoint-weights';
import type { EndpointWeights } from '../ports/endpoint-weights';
import { sagemakerClient } from './clients/sagemaker-client';
import { type Runtime, runtime } from './runtime';

export function endpointWeights(rt: Runtime = runtime()): EndpointWeights {
  return new SageMakerEndpointWeights(rt.client(sagemakerClient));
}
