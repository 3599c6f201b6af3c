/**
 * The caller-side A/B split (issue 13): SageMaker Serverless Inference serves one production
 * variant per endpoint, so the caller picks the variant, by a deterministic weighted hash of
 * (tenant, series) over the registry's weights, and invokes the endpoint (or production variant)
 * serving it. A series therefore always reaches the same model version while the weights stand,
 * and the shares of many series follow the weights.
 */

import type { EndpointWeights, VariantWeight } from '../../ports/endpoint-weights';
import type { InvokeOptions, ModelEndpoint, ModelInvocation } from '../../ports/model-endpoint';
import type { InvocationInput, InvocationRequest } from '../analytics/inference/invocation-request';
import { NotFoundError, ValidationError } from '../errors';
import { splitTraffic, variantForKey } from './variant-split';

/** A variant the caller can choose: its name and relative weight. */
export interface RoutableVariant {
  readonly variantName: string;
  readonly weight: number;
}

export interface VariantRoutingOptions {
  /** The endpoint's name in the model registry. */
  readonly endpointName: string;
  /** The registry's split of the endpoint; empty when it holds none. */
  readonly registrySplit: (endpointName: string) => Promise<readonly RoutableVariant[]>;
  /** The variants deployed with their default weights, used while the registry holds no split. */
  readonly deployed: readonly RoutableVariant[];
  /** Invokes one variant; `undefined` leaves the choice to the endpoint (nothing deployed is known). */
  readonly invokeVariant: (
    variantName: string | undefined,
    request: InvocationInput | InvocationRequest,
    options: InvokeOptions,
  ) => Promise<ModelInvocation>;
  /** How long a split read from the registry is reused (a registry change reaches callers within it). @default 5000 */
  readonly cacheMs?: number;
  readonly now?: () => number;
}

/** The key a request is routed by: its tenant and the ids of its series (the tenant alone without ids). */
export function routingKeyOf(
  request: InvocationInput | InvocationRequest,
  tenantId: string | undefined,
): string {
  const ids = (request.series as readonly unknown[]).map((s) =>
    s !== null && typeof s === 'object' && 'id' in s && typeof s.id === 'string' ? s.id : '',
  );
  return `${tenantId ?? ''}\u0000${ids.join('\u0000')}`;
}

export class VariantRoutedModelEndpoint implements ModelEndpoint {
  private cached: { readonly at: number; readonly variants: readonly RoutableVariant[] } | undefined;

  constructor(private readonly options: VariantRoutingOptions) {}

  /** The variants traffic is split over now: the registry's, else the deployed defaults. */
  async variants(): Promise<readonly RoutableVariant[]> {
    const now = (this.options.now ?? Date.now)();
    if (this.cached && now - this.cached.at < (this.options.cacheMs ?? 5_000)) return this.cached.variants;
    const stored = await this.options.registrySplit(this.options.endpointName);
    const variants = stored.length > 0 ? stored : this.options.deployed;
    this.cached = { at: now, variants };
    return variants;
  }

  /** The variant a request goes to (`undefined`: no variant is known, the endpoint decides). */
  async variantFor(
    request: InvocationInput | InvocationRequest,
    options: InvokeOptions = {},
  ): Promise<string | undefined> {
    const variants = await this.variants();
    if (options.targetVariant !== undefined) {
      // SageMaker variant names are case-insensitive; a target may name a variant of weight 0.
      const target = options.targetVariant.toLowerCase();
      const found = variants.find((v) => v.variantName.toLowerCase() === target);
      if (!found && variants.length > 0)
        throw new ValidationError('INVALID_TARGET_VARIANT', 'The target variant does not exist', [
          { path: 'targetVariant', message: `no variant "${options.targetVariant}" can serve this endpoint` },
        ]);
      return found?.variantName ?? options.targetVariant;
    }
    if (variants.length === 0) return undefined;
    return variantForKey(splitTraffic(variants), routingKeyOf(request, options.tenantId)).variantName;
  }

  async invoke(
    request: InvocationInput | InvocationRequest,
    options: InvokeOptions = {},
  ): Promise<ModelInvocation> {
    const variant = await this.variantFor(request, options);
    return this.options.invokeVariant(variant, request, options);
  }
}

/** Parses `champion=0.9,challenger=0.1` (the MODEL_VARIANTS setting); an empty string is none. */
export function parseDeployedVariants(text: string | undefined): RoutableVariant[] {
  if (text === undefined || text.trim() === '') return [];
  return text.split(',').map((entry) => {
    const [variantName = '', weight = ''] = entry.split('=');
    const parsed = Number(weight);
    if (variantName === '' || weight.trim() === '' || !Number.isFinite(parsed) || parsed < 0)
      throw new Error(`MODEL_VARIANTS entry "${entry}" is not <variant>=<weight>`);
    return { variantName, weight: parsed };
  });
}

/** The MODEL_VARIANTS setting for deployed variants (the inverse of parseDeployedVariants). */
export function formatDeployedVariants(variants: readonly RoutableVariant[]): string {
  return variants.map((v) => `${v.variantName}=${v.weight}`).join(',');
}

/**
 * EndpointWeights when the callers split the traffic: the weights take effect from the registry
 * (callers re-read it within their cache time), so applying them only checks that every variant
 * has a deployed endpoint; nothing is sent to SageMaker (and no SageMaker API is needed in the VPC).
 */
export class CallerSplitEndpointWeights implements EndpointWeights {
  constructor(
    private readonly endpointName: string,
    private readonly deployed: readonly RoutableVariant[],
  ) {}

  async apply(endpointName: string, weights: readonly VariantWeight[]): Promise<void> {
    const known = new Set(this.deployed.map((v) => v.variantName.toLowerCase()));
    const missing = weights.filter((w) => !known.has(w.variantName.toLowerCase()));
    if (endpointName.toLowerCase() !== this.endpointName.toLowerCase() || missing.length > 0)
      throw new NotFoundError(
        'ENDPOINT_NOT_FOUND',
        `Endpoint ${endpointName} or a variant does not exist (deployed: ${[...known].join(', ')})`,
      );
  }
}
