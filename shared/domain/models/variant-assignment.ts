/** How an endpoint's traffic is split between model versions (its production variants). */

/** One variant's share of an endpoint's traffic, as stored (weights are relative, not normalised). */
export interface VariantAssignment {
  readonly variantName: string;
  readonly modelName: string;
  readonly version: number;
  readonly weight: number;
}

export interface EndpointVariant extends VariantAssignment {
  readonly endpointName: string;
  readonly updatedAt: string;
}
