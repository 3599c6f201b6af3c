/**
 * The model endpoint serving detect, forecast and summarize, with the A/B split done by the
 * caller (issue 13): the variant comes from the registry's weights by a deterministic hash of
 * (tenant, series), then is reached by its own Serverless Inference endpoint
 * (`endpoint-per-variant`) or by TargetVariant on one endpoint (`target-variant`: instances, and
 * the local endpoint router).
 */
import { SageMakerModelEndpoint } from '../adapters/aws/sagemaker-model-endpoint';
import { listEndpointVariants } from '../domain/models/endpoint-variants';
import { parseDeployedVariants, VariantRoutedModelEndpoint } from '../domain/models/variant-routed-endpoint';
import { variantEndpointName } from '../domain/models/variant-split';
import type { ModelEndpoint } from '../ports/model-endpoint';
import { sagemakerRuntimeClient } from './clients/sagemaker-runtime-client';
import { required } from './config';
import { modelRegistry } from './metadata-stores';
import { type Runtime, runtime } from './runtime';

export function modelEndpoint(rt: Runtime = runtime()): ModelEndpoint {
  const endpointName = required(rt.config, 'modelEndpointName');
  const client = rt.client(sagemakerRuntimeClient);
  const shared = new SageMakerModelEndpoint(client, { endpointName });
  const perVariant = new Map<string, SageMakerModelEndpoint>();
  const endpointOf = (variantName: string): SageMakerModelEndpoint => {
    let endpoint = perVariant.get(variantName);
    if (!endpoint) {
      endpoint = new SageMakerModelEndpoint(client, {
        endpointName: variantEndpointName(endpointName, variantName),
        variantName,
      });
      perVariant.set(variantName, endpoint);
    }
    return endpoint;
  };
  const byEndpoint = rt.config.modelVariantRouting === 'endpoint-per-variant';
  // The pool connects on its first query: building it here only reads the settings.
  const registry = modelRegistry(rt);
  return new VariantRoutedModelEndpoint({
    endpointName,
    registrySplit: (name) => listEndpointVariants(name, { registry }),
    deployed: parseDeployedVariants(rt.config.modelVariants),
    invokeVariant: (variantName, request, options) =>
      byEndpoint && variantName !== undefined
        ? endpointOf(variantName).invoke(request, { ...options, targetVariant: undefined })
        : shared.invoke(request, { ...options, targetVariant: variantName }),
  });
}
