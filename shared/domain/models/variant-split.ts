/** An endpoint's traffic split as SageMaker computes it: each variant gets weight / sum of weights. */
import type { VariantAssignment } from './variant-assignment';

export interface WeightedVariant extends VariantAssignment {
  /** The variant's share of requests, in [0, 1]; the shares of an endpoint sum to 1. */
  readonly trafficShare: number;
}

/** Normalises relative weights to traffic shares (SageMaker: `VariantWeight / sum(VariantWeight)`). */
export function splitTraffic<V extends VariantAssignment>(variants: readonly V[]): (V & WeightedVariant)[] {
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
export function chooseVariant<V extends WeightedVariant>(split: readonly V[], u: number): V {
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
