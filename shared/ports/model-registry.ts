/** Port for the platform's model registry: models, their versions and stages, and endpoint variant splits. */

/** A version's lifecycle stage; at most one version per model is `production`. */
export type ModelStage = 'staging' | 'production' | 'archived';

/** A JSON value as stored in jsonb columns. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface ModelSummary {
  readonly name: string;
  readonly description?: string;
  /** The highest version registered so far (versions are never reused). */
  readonly latestVersion: number;
  readonly productionVersion?: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ModelVersion {
  readonly modelName: string;
  readonly version: number;
  readonly algorithm: string;
  readonly hyperparameters: Readonly<Record<string, JsonValue>>;
  /** Evaluation scores by metric, e.g. `{ "nabStandard": 71.2 }`. */
  readonly scores: Readonly<Record<string, number>>;
  /** Container image or model artifact the version is served from. */
  readonly artifact: string;
  readonly stage: ModelStage;
  /** Who registered it: `key:<keyId>`. */
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When it last became `production`; absent when it never was. */
  readonly promotedAt?: string;
  /** When it was last archived. */
  readonly archivedAt?: string;
}

export interface NewModelVersion {
  readonly modelName: string;
  /** Sets the model's description when given; a missing one keeps the current description. */
  readonly description?: string;
  readonly algorithm: string;
  readonly hyperparameters: Readonly<Record<string, JsonValue>>;
  readonly scores: Readonly<Record<string, number>>;
  readonly artifact: string;
  readonly createdBy: string;
  /** Client-chosen key: a retry with the same key returns the version it created. */
  readonly idempotencyKey?: string;
  /** Digest of the registration request, compared when an idempotency key is replayed. */
  readonly fingerprint: string;
}

export type RegistrationResult =
  | { readonly kind: 'created'; readonly version: ModelVersion }
  /** The idempotency key was used before; `fingerprint` is the one stored with it. */
  | { readonly kind: 'replayed'; readonly version: ModelVersion; readonly fingerprint: string };

/** A page of results; `hasMore` says whether a next page exists after the last item. */
export interface RegistryPage<T> {
  readonly items: readonly T[];
  readonly hasMore: boolean;
}

/** Which version a production change is aimed at. */
export type PromotionTarget =
  | { readonly kind: 'version'; readonly version: number }
  /** The most recently archived version that had been in production (a rollback). */
  | { readonly kind: 'previous-production' };

/** What a promotion policy sees, read under the model's lock. */
export interface ProductionState {
  /** Null when the model does not exist. */
  readonly model: ModelSummary | null;
  readonly production: ModelVersion | null;
  /** The version the target names, or null when there is none. */
  readonly target: ModelVersion | null;
}

/**
 * Decides, while the model is locked, whether a promotion goes ahead: `true` to promote the
 * target, `false` for a no-op; it throws to refuse (the transaction then rolls back).
 */
export type PromotionPolicy = (state: ProductionState) => boolean;

export interface PromotionResult {
  readonly changed: boolean;
  readonly production: ModelVersion;
  /** The version that left production for `archived`, if any. */
  readonly archived: ModelVersion | null;
}

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

export interface ModelRegistry {
  /** Registers the next version of a model (creating the model on its first version). */
  registerVersion(input: NewModelVersion): Promise<RegistrationResult>;
  findModel(name: string): Promise<ModelSummary | null>;
  findVersion(modelName: string, version: number): Promise<ModelVersion | null>;
  /** Models by name, ascending, after the name `after`. */
  listModels(page: { readonly limit: number; readonly after?: string }): Promise<RegistryPage<ModelSummary>>;
  /** A model's versions, newest first, below the version `before`. */
  listVersions(
    modelName: string,
    page: { readonly limit: number; readonly before?: number },
  ): Promise<RegistryPage<ModelVersion>>;
  /**
   * Makes the target the model's one production version and archives the previous one, atomically
   * and serialised per model, after `policy` approved the state it saw under the lock.
   */
  promote(modelName: string, target: PromotionTarget, policy: PromotionPolicy): Promise<PromotionResult>;
  /** Replaces an endpoint's variants as a whole. */
  replaceEndpointVariants(
    endpointName: string,
    variants: readonly VariantAssignment[],
    updatedBy: string,
  ): Promise<readonly EndpointVariant[]>;
  /** An endpoint's variants by name; empty when the endpoint has none. */
  listEndpointVariants(endpointName: string): Promise<readonly EndpointVariant[]>;
}
