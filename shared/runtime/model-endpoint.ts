/** The SageMaker endpoint serving detect, forecast and summarize (the local endpoint router locally). */
import { SageMakerModelEndpoint } from '../adapters/aws/sagemaker-model-endpoint';
import type { ModelEndpoint } from '../ports/model-endpoint';
import { sagemakerRuntimeClient } from './clients/sagemaker-runtime-client';
import { required } from './config';
import { type Runtime, runtime } from './runtime';

export function modelEndpoint(rt: Runtime = runtime()): ModelEndpoint {
  return new SageMakerModelEndpoint(rt.client(sagemakerRuntimeClient), {
    endpointName: required(rt.config, 'modelEndpointName'),
  });
}
