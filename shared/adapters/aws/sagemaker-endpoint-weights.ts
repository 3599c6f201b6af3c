/** EndpointWeights on SageMaker: UpdateEndpointWeightsAndCapacities with the variants' new weights. */
import {
  type SageMakerClient,
  SageMakerServiceException,
  UpdateEndpointWeightsAndCapacitiesCommand,
} from '@aws-sdk/client-sagemaker';
import { ConflictError, NotFoundError } from '../../domain/errors';
import type { EndpointWeights, VariantWeight } from '../../ports/endpoint-weights';

export class SageMakerEndpointWeights implements EndpointWeights {
  constructor(private readonly client: SageMakerClient) {}

  async apply(endpointName: string, weights: readonly VariantWeight[]): Promise<void> {
    try {
      await this.client.send(
        new UpdateEndpointWeightsAndCapacitiesCommand({
          EndpointName: endpointName,
          DesiredWeightsAndCapacities: weights.map((w) => ({
            VariantName: w.variantName,
            DesiredWeight: w.weight,
          })),
        }),
      );
    } catch (error) {
      // SageMaker reports both cases as ValidationException; only the message tells them apart.
      if (error instanceof SageMakerServiceException && error.name === 'ValidationException') {
        if (/in-progress|being updated|status/i.test(error.message))
          throw new ConflictError('ENDPOINT_BUSY', `Endpoint ${endpointName} is still applying an update`);
        if (/could not find|not found|does not exist/i.test(error.message))
          throw new NotFoundError(
            'ENDPOINT_NOT_FOUND',
            `Endpoint ${endpointName} or a variant does not exist`,
          );
      }
      throw error;
    }
  }
}
