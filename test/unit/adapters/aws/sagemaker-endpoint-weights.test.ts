import {
  SageMakerClient,
  SageMakerServiceException,
  UpdateEndpointWeightsAndCapacitiesCommand,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SageMakerEndpointWeights } from '../../../../shared/adapters/aws/sagemaker-endpoint-weights';
import { ConflictError, NotFoundError } from '../../../../shared/domain/errors';

const sagemaker = mockClient(SageMakerClient);
const weights = () => new SageMakerEndpointWeights(new SageMakerClient({ region: 'eu-west-1' }));
const validation = (message: string) =>
  new SageMakerServiceException({
    name: 'ValidationException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message,
  });

describe('SageMakerEndpointWeights', () => {
  beforeEach(() => sagemaker.reset());

  it('sends every variant weight in one UpdateEndpointWeightsAndCapacities call', async () => {
    // Arrange
    sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).resolves({ EndpointArn: 'arn' });

    // Act
    await weights().apply('nexus-dev-analytics', [
      { variantName: 'champion', weight: 0.9 },
      { variantName: 'challenger', weight: 0.1 },
    ]);

    // Assert
    const calls = sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand);
    expect(calls.map((c) => c.args[0].input)).toEqual([
      {
        EndpointName: 'nexus-dev-analytics',
        DesiredWeightsAndCapacities: [
          { VariantName: 'champion', DesiredWeight: 0.9 },
          { VariantName: 'challenger', DesiredWeight: 0.1 },
        ],
      },
    ]);
  });

  it('reports an endpoint still updating as a conflict and an unknown one as not found', async () => {
    sagemaker
      .on(UpdateEndpointWeightsAndCapacitiesCommand)
      .rejectsOnce(validation('Cannot update in-progress endpoint "arn:aws:sagemaker:...".'))
      .rejectsOnce(validation('Could not find endpoint "arn:aws:sagemaker:...".'));

    await expect(weights().apply('e', [{ variantName: 'a', weight: 1 }])).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(weights().apply('e', [{ variantName: 'a', weight: 1 }])).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('passes other failures through unchanged', async () => {
    const denied = new SageMakerServiceException({
      name: 'AccessDeniedException',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
      message: 'not authorized',
    });
    sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).rejects(denied);
    await expect(weights().apply('e', [{ variantName: 'a', weight: 1 }])).rejects.toBe(denied);
  });
});
