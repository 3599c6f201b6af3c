/**
 * Keeps the serving endpoint in step with the registry, in AWS and locally alike: every change of
 * an endpoint's split is applied through the EndpointWeights port (SageMaker's
 * UpdateEndpointWeightsAndCapacities; the local endpoint router answers the same call), and a
 * promotion or rollback moves the model's traffic to the variant serving the new production version.
 */
import type { EndpointWeights } from '../../ports/endpoint-weights';
import type { ModelRegistryDeps, RegistryActor } from './register-model-version';
import type { EndpointVariant, VariantAssignment } from './variant-assignment';

export interface ModelServingDeps extends ModelRegistryDeps {
  readonly endpointWeights: EndpointWeights;
  /** The endpoints promotions and rollbacks move traffic on (the deployed endpoint). */
  readonly servedEndpoints: readonly string[];
}

const assignment = (v: VariantAssignment): VariantAssignment => ({
  variantName: v.variantName,
  modelName: v.modelName,
  version: v.version,
  weight: v.weight,
});

/**
 * Applies the weights to the endpoint first, then stores the split: a refused update (an endpoint
 * that does not exist, or one still applying an earlier update) leaves the registry as it was.
 */
export async function applyAndStoreVariants(
  endpointName: string,
  variants: readonly VariantAssignment[],
  actor: RegistryActor,
  deps: Pick<ModelServingDeps, 'registry' | 'endpointWeights'>,
): Promise<readonly EndpointVariant[]> {
  await deps.endpointWeights.apply(
    endpointName,
    variants.map((v) => ({ variantName: v.variantName, weight: v.weight })),
  );
  return deps.registry.replaceEndpointVariants(endpointName, variants.map(assignment), `key:${actor.keyId}`);
}

/**
 * After `modelName`'s production version became `version`: on each served endpoint with a variant
 * serving that version, that variant takes the traffic all of the model's variants had together
 * (the others of the model go to weight 0, still deployed); other models' variants keep theirs.
 * An endpoint with no variant for the version is left alone. Returns the endpoints changed.
 */
export async function followProduction(
  modelName: string,
  version: number,
  actor: RegistryActor,
  deps: ModelServingDeps,
): Promise<string[]> {
  const changed: string[] = [];
  for (const endpointName of deps.servedEndpoints) {
    const current = await deps.registry.listEndpointVariants(endpointName);
    const target = current.find((v) => v.modelName === modelName && v.version === version);
    if (!target) continue;
    const modelWeight = current.filter((v) => v.modelName === modelName).reduce((s, v) => s + v.weight, 0);
    const next = current.map((v) =>
      v.modelName !== modelName
        ? assignment(v)
        : { ...assignment(v), weight: v === target ? modelWeight : 0 },
    );
    if (next.every((v, i) => v.weight === current[i]?.weight)) continue;
    await applyAndStoreVariants(endpointName, next, actor, deps);
    await deps.audit.record({
      tenantId: actor.tenantId,
      actor: `key:${actor.keyId}`,
      action: 'endpoint.variants-followed-production',
      target: `endpoint:${endpointName}`,
      details: {
        modelName,
        version,
        variants: next.map((v) => ({ variantName: v.variantName, weight: v.weight })),
      },
    });
    changed.push(endpointName);
  }
  return changed;
}
