/** Use case behind `POST /v1/insights/analyze`: one tenant's series sent to the inference endpoint. */
import * as z from 'zod';
import type { InvokeOptions, ModelEndpoint } from '../../../ports/model-endpoint';
import type { InvocationRequest } from './invocation-request';
import type { InvocationResponse, ModelIdentity } from './invocation-response';

/**
 * Query parameters of the route: `variant` pins a production variant (an A/B comparison);
 * the pattern is SageMaker's for variant names.
 */
export const analyzeQuery = z.strictObject({
  variant: z
    .string()
    .regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/, 'expected a SageMaker variant name')
    .optional(),
});

export interface AnalyzeInput {
  /** The invocation, envelope already validated; each series is validated by the model. */
  readonly request: InvocationRequest;
  readonly targetVariant?: string | undefined;
  /** Correlates the API request with the endpoint's logs and captured data. */
  readonly inferenceId?: string;
}

/** The model's answer and who gave it, so a caller can compare variants. */
export type AnalysisResult = InvocationResponse & {
  readonly variant: string;
  readonly model: ModelIdentity;
};

export interface AnalyzeDeps {
  readonly endpoint: ModelEndpoint;
}

/**
 * Invokes the endpoint for the tenant (carried to the model as a custom attribute, never read
 * from the body). A model that refuses the input surfaces as the endpoint's ValidationError.
 */
export async function analyzeSeries(
  input: AnalyzeInput,
  actor: { readonly tenantId: string },
  deps: AnalyzeDeps,
): Promise<AnalysisResult> {
  const options: InvokeOptions = {
    tenantId: actor.tenantId,
    targetVariant: input.targetVariant,
    inferenceId: input.inferenceId,
  };
  const invocation = await deps.endpoint.invoke(input.request, options);
  return { ...invocation.response, variant: invocation.variant, model: invocation.model };
}
