/** Use cases: set an endpoint's variant weights (A/B split between model versions) and read the split. */
import * as z from 'zod';
import type { ErrorDetail } from '../errors';
import { NotFoundError } from '../errors';
import { registryNameSchema } from './model-names';
import type { ModelRegistryDeps, RegistryActor } from './register-model-version';
import { applyAndStoreVariants, type ModelServingDeps } from './serve-variants';
import { splitTraffic, type WeightedVariant } from './variant-split';

/** SageMaker's limit of production variants per endpoint. */
const MAX_VARIANTS = 10;

/** The body of `PUT /v1/endpoints/{endpoint}/variants`: the endpoint's complete set of variants. */
export const setEndpointVariantsInput = z.strictObject({
  variants: z
    .array(
      z.strictObject({
        variantName: registryNameSchema,
        modelName: registryNameSchema,
        version: z.number().int().positive().max(2_147_483_647),
        /** Relative weight (SageMaker's `VariantWeight`); 0 keeps a variant deployed but idle. */
        weight: z.number().min(0),
      }),
    )
    .min(1)
    .max(MAX_VARIANTS)
    .superRefine((variants, ctx) => {
      const seen = new Set<string>();
      variants.forEach((variant, index) => {
        // SageMaker variant names are case-insensitive within an endpoint.
        const key = variant.variantName.toLowerCase();
        if (seen.has(key)) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'variantName'],
            message: `duplicate variant name "${variant.variantName}"`,
          });
        }
        seen.add(key);
      });
      // zod runs this even when an element failed; only a set of valid weights has a meaningful sum.
      if (variants.length === 0 || variants.some((v) => typeof v.weight !== 'number' || v.weight < 0)) return;
      const total = variants.reduce((sum, v) => sum + v.weight, 0);
      if (!(total > 0)) {
        ctx.addIssue({ code: 'custom', path: [], message: 'at least one variant needs a weight above 0' });
      } else if (!Number.isFinite(total)) {
        ctx.addIssue({ code: 'custom', path: [], message: 'the weights must sum to a finite number' });
      }
    }),
});
export type SetEndpointVariantsInput = z.infer<typeof setEndpointVariantsInput>;

/** An endpoint's variants with their normalised traffic shares. */
export interface EndpointSplit {
  readonly endpointName: string;
  readonly variants: readonly (WeightedVariant & { readonly updatedAt: string })[];
}

/**
 * Replaces the endpoint's variants and applies their weights to the serving endpoint. Every
 * variant must name a registered model version (404 naming the variant otherwise); any stage is
 * accepted, so a staging challenger can take a share.
 */
export async function setEndpointVariants(
  endpointName: string,
  input: SetEndpointVariantsInput,
  actor: RegistryActor,
  deps: Pick<ModelServingDeps, 'registry' | 'audit' | 'endpointWeights'>,
): Promise<EndpointSplit> {
  const found = await Promise.all(
    input.variants.map((v) => deps.registry.findVersion(v.modelName, v.version)),
  );
  const missing: ErrorDetail[] = input.variants.flatMap((v, index) =>
    found[index]
      ? []
      : [
          {
            path: `variants[${index}].version`,
            message: `model "${v.modelName}" has no version ${v.version}`,
          },
        ],
  );
  if (missing.length > 0) {
    throw new NotFoundError(
      'MODEL_VERSION_NOT_FOUND',
      'A variant names a model version that does not exist',
      missing,
    );
  }
  const stored = await applyAndStoreVariants(endpointName, input.variants, actor, deps);
  const split = { endpointName, variants: splitTraffic(stored) };
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: `key:${actor.keyId}`,
    action: 'endpoint.variants-set',
    target: `endpoint:${endpointName}`,
    details: {
      variants: split.variants.map((v) => ({
        variantName: v.variantName,
        modelName: v.modelName,
        version: v.version,
        weight: v.weight,
        trafficShare: v.trafficShare,
      })),
    },
  });
  return split;
}

/**
 * The split an endpoint router routes by: its variants with traffic shares, or an empty list
 * when the endpoint has no variants.
 */
export async function listEndpointVariants(
  endpointName: string,
  deps: Pick<ModelRegistryDeps, 'registry'>,
): Promise<EndpointSplit['variants']> {
  const stored = await deps.registry.listEndpointVariants(endpointName);
  return stored.length === 0 ? [] : splitTraffic(stored);
}

/** The split for the admin API: 404 ENDPOINT_NOT_FOUND when the endpoint has no variants. */
export async function getEndpointVariants(
  endpointName: string,
  deps: Pick<ModelRegistryDeps, 'registry'>,
): Promise<EndpointSplit> {
  const variants = await listEndpointVariants(endpointName, deps);
  if (variants.length === 0) {
    throw new NotFoundError('ENDPOINT_NOT_FOUND', `Endpoint "${endpointName}" has no variants`);
  }
  return { endpointName, variants };
}
