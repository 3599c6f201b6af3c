/** An endpoint's traffic split as SageMaker computes it: each variant gets weight / sum of weights. */
import { createHash } from 'node:crypto';
import type { VariantAssignment } from './variant-assignment';

export interface WeightedVariant extends VariantAssignment {
  /** The variant's share of requests, in [0, 1]; the shares of an endpoint sum to 1. */
  readonly trafficShare: number;
}

/** Normalises relative weights to traffic shares (SageMaker: `VariantWeight / sum(VariantWeight)`). */
export function splitTraffic<V extends Pick<VariantAssignment, 'weight'>>(
  variants: readonly V[],
): (V & { readonly trafficShare: number })[] {
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  if (!(total > 0) || !Number.isFinite(total)) {
    throw new RangeError('An endpoint needs a finite, positive sum of variant weights');
  }
  return variants.map((v) => ({ ...v, trafficShare: v.weight / total }));
}

/**
 * Picks the variant a request goes to, given `u` uniform in [0, 1): walks the cumulative shares,
 * skipping zero-weight variants, as a weighted router does.
 */
export function chooseVariant<V extends Pick<WeightedVariant, 'trafficShare'>>(
  split: readonly V[],
  u: number,
): V {
  let cumulative = 0;
  let last: V | undefined;
  for (const variant of split) {
    if (variant.trafficShare <= 0) continue;
    cumulative += variant.trafficShare;
    last = variant;
    if (u < cumulative) return variant;
  }
  // Rounding can leave the cumulative sum a hair under 1.
  if (!last) throw new RangeError('No variant has a positive weight');
  return last;
}

/**
 * A stable point in [0, 1) for a routing key (the first 48 bits of its SHA-256): the same key
 * always lands on the same point, and keys spread uniformly, so shares follow the weights.
 */
export function routingPoint(key: string): number {
  return createHash('sha256').update(key).digest().readUIntBE(0, 6) / 2 ** 48;
}

/**
 * The caller-side A/B split: the variant a (tenant, series) key always goes to while the weights
 * stand, so a series' detector state and its scores stay with one model version.
 */
export function variantForKey<V extends Pick<WeightedVariant, 'trafficShare'>>(
  split: readonly V[],
  key: string,
): V {
  return chooseVariant(split, routingPoint(key));
}

/**
 * The SageMaker endpoint serving one variant when each variant has an endpoint of its own
 * (Serverless Inference serves one production variant per endpoint). Lowercase, as IAM ARNs
 * spell endpoint names.
 */
export function variantEndpointName(endpointName: string, variantName: string): string {
  return `${endpointName}-${variantName}`.toLowerCase();
}
