/** Port for the inference endpoint that serves detect, forecast and summarize (SageMaker in AWS and locally). */
import type { InvocationInput, InvocationRequest } from '../domain/analytics/inference/invocation-request';
import type { InvocationResponse, ModelIdentity } from '../domain/analytics/inference/invocation-response';

export interface InvokeOptions {
  /** Send the request to this production variant instead of the endpoint's weighted split. */
  readonly targetVariant?: string | undefined;
  /** Caller-chosen id recorded with the invocation (SageMaker's `InferenceId`), for tracing and model monitoring. */
  readonly inferenceId?: string | undefined;
  /** The tenant the request is made for; the model server logs it and a tenant never sees another's. */
  readonly tenantId?: string;
}

/** An endpoint's answer and who gave it: the variant that served it and the model version behind it. */
export interface ModelInvocation {
  readonly response: InvocationResponse;
  /** The production variant that answered (SageMaker's `InvokedProductionVariant`). */
  readonly variant: string;
  readonly model: ModelIdentity;
}

export interface ModelEndpoint {
  /**
   * Invokes the endpoint. Rejects with a `ValidationError` (or `PayloadTooLargeError`) when the
   * model refuses the input, carrying the model's own code and field paths.
   */
  invoke(request: InvocationInput | InvocationRequest, options?: InvokeOptions): Promise<ModelInvocation>;
}
