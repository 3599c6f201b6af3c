/** In-memory twin of the EndpointWeights port: the endpoints it knows, the weights last applied, every call. */
import { NotFoundError } from '../../../shared/domain/errors';
import type { EndpointWeights, VariantWeight } from '../../../shared/ports/endpoint-weights';

export class InMemoryEndpointWeights implements EndpointWeights {
  /** Endpoint → variant (lower-case, as SageMaker compares them) → weight. */
  readonly weights = new Map<string, Map<string, number>>();
  readonly calls: { endpointName: string; weights: VariantWeight[] }[] = [];

  /** Endpoints that exist; `apply` on any other is NotFoundError. */
  constructor(endpoints: readonly string[]) {
    for (const name of endpoints) this.weights.set(name, new Map());
  }

  async apply(endpointName: string, weights: readonly VariantWeight[]): Promise<void> {
    const endpoint = this.weights.get(endpointName);
    if (!endpoint) throw new NotFoundError('ENDPOINT_NOT_FOUND', `Endpoint ${endpointName} does not exist`);
    this.calls.push({ endpointName, weights: [...weights] });
    for (const w of weights) endpoint.set(w.variantName.toLowerCase(), w.weight);
  }

  /** The weights of one endpoint, by variant name. */
  of(endpointName: string): Record<string, number> {
    return Object.fromEntries(this.weights.get(endpointName) ?? []);
  }
}
