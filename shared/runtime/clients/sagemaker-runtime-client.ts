/** SageMaker runtime client (the local endpoint router locally). */
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { NexusConfig } from '../config';
import { clientOptions, connectionTimeoutMs } from './client-options';
import { traced } from './traced';

/** SageMaker real-time inference answers in seconds; API Gateway gives up after 29 s. */
const inferenceTimeoutMs = 25_000;

/**
 * Inference can take seconds (up to 100k points per request), so this client waits longer than
 * the others yet ends within API Gateway's 29 s integration timeout; one retry at most, since a
 * timed-out invocation is expensive to repeat.
 */
export function sagemakerRuntimeClient(config: NexusConfig): SageMakerRuntimeClient {
  return traced(
    new SageMakerRuntimeClient({
      ...clientOptions(config, config.endpointSagemakerRuntime),
      maxAttempts: 2,
      requestHandler: new NodeHttpHandler({
        requestTimeout: inferenceTimeoutMs,
        connectionTimeout: connectionTimeoutMs,
      }),
    }),
  );
}
