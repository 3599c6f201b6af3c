/** SageMakerModelEndpoint: the exact InvokeEndpoint input, the answering variant, and how model errors map. */
import {
  InvokeEndpointCommand,
  type InvokeEndpointCommandOutput,
  ModelError,
  ModelNotReadyException,
  SageMakerRuntimeClient,
  ValidationError as SageMakerValidationError,
} from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SageMakerModelEndpoint } from '../../../../shared/adapters/aws/sagemaker-model-endpoint';
import type { InvocationInput } from '../../../../shared/domain/analytics/inference/invocation-request';
import { PayloadTooLargeError, ThrottledError, ValidationError } from '../../../../shared/domain/errors';

const sagemaker = mockClient(SageMakerRuntimeClient);
const ENDPOINT = 'nexus-anomaly-test';

const request: InvocationInput = { operation: 'summarize', series: [{ id: 'cpu', values: [1, 2, 3] }] };

const answer = {
  operation: 'summarize',
  succeeded: 1,
  failed: 0,
  results: [{ index: 0, id: 'cpu', status: 'ok', result: { count: 3 } }],
  model: { name: 'nexus-analytics', version: '4' },
};

function body(value: unknown): InvokeEndpointCommandOutput['Body'] {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return { transformToString: () => text } as unknown as InvokeEndpointCommandOutput['Body'];
}

function endpoint() {
  return new SageMakerModelEndpoint(new SageMakerRuntimeClient({ region: 'eu-west-1' }), {
    endpointName: ENDPOINT,
  });
}

function modelError(status: number, original: string) {
  return new ModelError({
    $metadata: {},
    message: `Received client error (${status}) from primary`,
    OriginalStatusCode: status,
    OriginalMessage: original,
  });
}

describe('SageMakerModelEndpoint', () => {
  beforeEach(() => {
    sagemaker.reset();
  });

  it('sends JSON with the target variant, inference id and tenant, and reports who answered', async () => {
    // Arrange
    sagemaker
      .on(InvokeEndpointCommand)
      .resolves({ Body: body(answer), InvokedProductionVariant: 'challenger' });

    // Act
    const result = await endpoint().invoke(request, {
      targetVariant: 'challenger',
      inferenceId: 'inf-1',
      tenantId: 't-42',
    });

    // Assert
    const calls = sagemaker.commandCalls(InvokeEndpointCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      EndpointName: ENDPOINT,
      ContentType: 'application/json',
      Accept: 'application/json',
      Body: JSON.stringify(request),
      TargetVariant: 'challenger',
      InferenceId: 'inf-1',
      CustomAttributes: 'tenant=t-42',
    });
    expect(result.variant).toBe('challenger');
    expect(result.model).toEqual({ name: 'nexus-analytics', version: '4' });
    expect(result.response.results[0]).toMatchObject({ id: 'cpu', status: 'ok' });
  });

  it('leaves variant, inference id and attributes out when not given', async () => {
    sagemaker
      .on(InvokeEndpointCommand)
      .resolves({ Body: body(answer), InvokedProductionVariant: 'AllTraffic' });

    await endpoint().invoke(request);

    expect(sagemaker.commandCalls(InvokeEndpointCommand)[0]?.args[0].input).toEqual({
      EndpointName: ENDPOINT,
      ContentType: 'application/json',
      Accept: 'application/json',
      Body: JSON.stringify(request),
    });
  });

  it('reports the variant an endpoint of its own serves, whatever SageMaker names its one production variant', async () => {
    // Arrange: a Serverless Inference endpoint per variant (the callers split, issue 13).
    sagemaker
      .on(InvokeEndpointCommand)
      .resolves({ Body: body(answer), InvokedProductionVariant: 'AllTraffic' });
    const perVariant = new SageMakerModelEndpoint(new SageMakerRuntimeClient({ region: 'eu-west-1' }), {
      endpointName: `${ENDPOINT}-challenger`,
      variantName: 'challenger',
    });

    // Act
    const result = await perVariant.invoke(request, { tenantId: 't-42' });

    // Assert
    expect(sagemaker.commandCalls(InvokeEndpointCommand)[0]?.args[0].input).toMatchObject({
      EndpointName: `${ENDPOINT}-challenger`,
    });
    expect(result.variant).toBe('challenger');
  });

  it("maps a 4xx ModelError to a ValidationError with the model's code and paths", async () => {
    const original = {
      error: {
        code: 'NO_VALID_SERIES',
        message: 'No series in the request could be served.',
        details: [{ path: 'series[0].values', message: 'expected at least 3 values' }],
      },
    };
    sagemaker.on(InvokeEndpointCommand).rejects(modelError(400, JSON.stringify(original)));

    const error = await endpoint()
      .invoke(request)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      code: 'NO_VALID_SERIES',
      message: 'No series in the request could be served.',
      details: [{ path: 'series[0].values', message: 'expected at least 3 values' }],
    });
  });

  it('maps a 413 from the model to PayloadTooLargeError and a non-JSON 4xx to a generic rejection', async () => {
    sagemaker
      .on(InvokeEndpointCommand)
      .rejectsOnce(modelError(413, JSON.stringify({ error: { code: 'BODY_TOO_LARGE', message: 'big' } })))
      .rejectsOnce(modelError(400, 'bad input'));

    const tooLarge = await endpoint()
      .invoke(request)
      .catch((e: unknown) => e);
    const plain = await endpoint()
      .invoke(request)
      .catch((e: unknown) => e);

    expect(tooLarge).toBeInstanceOf(PayloadTooLargeError);
    expect(tooLarge).toMatchObject({ code: 'BODY_TOO_LARGE' });
    expect(plain).toBeInstanceOf(ValidationError);
    expect(plain).toMatchObject({ code: 'MODEL_REJECTED_INPUT', message: 'bad input' });
  });

  it('lets a 5xx ModelError through as an infrastructure failure', async () => {
    const failure = modelError(500, 'crash');
    sagemaker.on(InvokeEndpointCommand).rejects(failure);

    const error = await endpoint()
      .invoke(request)
      .catch((e: unknown) => e);

    expect(error).toBe(failure);
    expect(error).not.toBeInstanceOf(ValidationError);
  });

  it('names the target variant when SageMaker refuses it, and maps a model that is not ready to Throttled', async () => {
    sagemaker
      .on(InvokeEndpointCommand)
      .rejectsOnce(new SageMakerValidationError({ $metadata: {}, message: 'variant not found' }))
      .rejectsOnce(new ModelNotReadyException({ $metadata: {}, message: 'loading' }));

    const unknownVariant = await endpoint()
      .invoke(request, { targetVariant: 'nope' })
      .catch((e: unknown) => e);
    const notReady = await endpoint()
      .invoke(request)
      .catch((e: unknown) => e);

    expect(unknownVariant).toMatchObject({
      code: 'INVALID_TARGET_VARIANT',
      details: [{ path: 'targetVariant' }],
    });
    expect(unknownVariant).toBeInstanceOf(ValidationError);
    expect(notReady).toBeInstanceOf(ThrottledError);
  });

  it('refuses a response that is not an invocation response', async () => {
    sagemaker
      .on(InvokeEndpointCommand)
      .resolves({ Body: body('{"hello":1}'), InvokedProductionVariant: 'a' });

    await expect(endpoint().invoke(request)).rejects.toThrow(/unexpected body/);
  });
});
