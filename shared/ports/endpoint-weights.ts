/** Applies an endpoint's variant traffic weights to the serving endpoint (SageMaker in AWS). */

/** One production variant's relative traffic weight (the serving side normalises them). */
export interface VariantWeight {
  readonly variantName: string;
  readonly weight: number;
}

export interface EndpointWeights {
  /**
   * Sets the named variants' weights on the endpoint; variants not named keep theirs. Throws
   * NotFoundError for an unknown endpoint or variant, ConflictError while the endpoint is
   * still applying an earlier update.
   */
  apply(endpointName: string, weights: readonly VariantWeight[]): Promise<void>;
}
