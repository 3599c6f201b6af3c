/** SageMaker control-plane client: the models function applies variant weights with it (the endpoint router locally). */
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { NexusConfig } from '../config';
import { clientOptions } from './client-options';
import { traced } from './traced';

export function sagemakerClient(config: NexusConfig): SageMakerClient {
  return traced(new SageMakerClient(clientOptions(config, config.endpointSagemaker)));
}
