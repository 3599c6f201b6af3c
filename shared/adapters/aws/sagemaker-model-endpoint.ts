/** ModelEndpoint on a SageMaker real-time endpoint: InvokeEndpoint with JSON, variants, inference ids and the tenant. */
import {
  InvokeEndpointCommand,
  type InvokeEndpointCommandInput,
  type InvokeEndpointCommandOutput,
  ModelError,
  ModelNotReadyException,
  type SageMakerRuntimeClient,
  ValidationError as SageMakerValidationError,
} from '@aws-sdk/client-sagemaker-runtime';
import type { InvocationInput, InvocationRequest } from '../../domain/analytics/inference/invocation-request';
import type { InvocationResponse } from '../../domain/analytics/inference/invocation-response';
import { invocationResponseSchema } from '../../domain/analytics/inference/invocation-response';
import { definedProps } from '../../domain/defined-props';
import { type ErrorDetail, PayloadTooLargeError, ThrottledError, ValidationError } from '../../domain/errors';
import type { InvokeOptions, ModelEndpoint, ModelInvocation } from '../../ports/model-endpoint';

export interface SageMakerModelEndpointOptions {
  readonly endpointName: string;
  /**
   * The variant this endpoint serves when it serves one only (Serverless Inference, one endpoint
   * per variant): reported instead of SageMaker's own name for its single production variant.
   */
  readonly variantName?: string;
}

/** The model server's error body, as SageMaker relays it in `ModelError.OriginalMessage`. */
interface ModelErrorBody {
  readonly error?: { readonly code?: unknown; readonly message?: unknown; readonly details?: unknown };
}

function detailsOf(value: unknown): ErrorDetail[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((d) =>
    d !== null && typeof d === 'object' && typeof d.path === 'string' && typeof d.message === 'string'
      ? [
          definedProps({
            path: d.path as string,
            message: d.message as string,
            code: typeof d.code === 'string' ? d.code : undefined,
          }),
        ]
      : [],
  );
}

/** Turns the model's 4xx answer into the domain error it describes, keeping its code and paths. */
function modelRejection(error: ModelError): ValidationError | PayloadTooLargeError {
  let body: ModelErrorBody = {};
  try {
    body = JSON.parse(error.OriginalMessage ?? '') as ModelErrorBody;
  } catch {
    // Not the model server's JSON: keep SageMaker's text below.
  }
  const code = typeof body.error?.code === 'string' ? body.error.code : 'MODEL_REJECTED_INPUT';
  const message =
    typeof body.error?.message === 'string' ? body.error.message : (error.OriginalMessage ?? error.message);
  const details = detailsOf(body.error?.details);
  return error.OriginalStatusCode === 413
    ? new PayloadTooLargeError(code, message, details)
    : new ValidationError(code, message, details);
}

export class SageMakerModelEndpoint implements ModelEndpoint {
  constructor(
    private readonly client: SageMakerRuntimeClient,
    private readonly options: SageMakerModelEndpointOptions,
  ) {}

  async invoke(
    request: InvocationInput | InvocationRequest,
    options: InvokeOptions = {},
  ): Promise<ModelInvocation> {
    const input: InvokeEndpointCommandInput = {
      EndpointName: this.options.endpointName,
      ContentType: 'application/json',
      Accept: 'application/json',
      Body: JSON.stringify(request),
      TargetVariant: options.targetVariant,
      InferenceId: options.inferenceId,
      CustomAttributes: options.tenantId === undefined ? undefined : `tenant=${options.tenantId}`,
    };
    let output: InvokeEndpointCommandOutput;
    try {
      output = await this.client.send(new InvokeEndpointCommand(input));
    } catch (error) {
      if (error instanceof ModelError) {
        const status = error.OriginalStatusCode ?? 500;
        if (status >= 400 && status < 500) throw modelRejection(error);
      }
      if (error instanceof SageMakerValidationError && options.targetVariant !== undefined) {
        // SageMaker's answer to a variant the endpoint does not have.
        throw new ValidationError('INVALID_TARGET_VARIANT', error.message, [
          { path: 'targetVariant', message: `no variant "${options.targetVariant}" can serve this endpoint` },
        ]);
      }
      if (error instanceof ModelNotReadyException) {
        throw new ThrottledError('MODEL_NOT_READY', 'The model is not ready yet; retry shortly.');
      }
      throw error;
    }
    let body: unknown;
    try {
      body = JSON.parse(output.Body?.transformToString() ?? '');
    } catch {
      body = undefined;
    }
    const parsed = invocationResponseSchema.safeParse(body);
    if (!parsed.success) {
      throw new Error(`Endpoint ${this.options.endpointName} answered with an unexpected body`);
    }
    const response = parsed.data as InvocationResponse;
    return {
      response,
      variant: this.options.variantName ?? output.InvokedProductionVariant ?? 'unknown',
      model: response.model,
    };
  }
}
