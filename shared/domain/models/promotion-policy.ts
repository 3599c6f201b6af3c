/** What a production change aims at, what its policy sees under the model's lock, and what it did. */
import type { ModelSummary, ModelVersion } from './model-version';

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
