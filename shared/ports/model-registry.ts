/** Port for the platform's model registry: models, their versions and stages, and endpoint variant splits. */
import type { JsonValue, ModelSummary, ModelVersion } from '../domain/models/model-version';
import type { PromotionPolicy, PromotionResult, PromotionTarget } from '../domain/models/promotion-policy';
import type { EndpointVariant, VariantAssignment } from '../domain/models/variant-assignment';

export interface NewModelVersion {
  readonly modelName: string;
  /** Sets the model's description when given; a missing one keeps the current description. */
  readonly description?: string | undefined;
  readonly algorithm: string;
  readonly hyperparameters: Readonly<Record<string, JsonValue>>;
  readonly scores: Readonly<Record<string, number>>;
  readonly artifact: string;
  readonly createdBy: string;
  /** Client-chosen key: a retry with the same key returns the version it created. */
  readonly idempotencyKey?: string | undefined;
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

export interface ModelRegistry {
  /** Registers the next version of a model (creating the model on its first version). */
  registerVersion(input: NewModelVersion): Promise<RegistrationResult>;
  findModel(name: string): Promise<ModelSummary | null>;
  findVersion(modelName: string, version: number): Promise<ModelVersion | null>;
  /** Models by name, ascending, after the name `after`. */
  listModels(page: {
    readonly limit: number;
    readonly after?: string | undefined;
  }): Promise<RegistryPage<ModelSummary>>;
  /** A model's versions, newest first, below the version `before`. */
  listVersions(
    modelName: string,
    page: { readonly limit: number; readonly before?: number | undefined },
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
