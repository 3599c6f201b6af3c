/** Use cases: promote a version to production and roll back to the previous production version. */

import { ConflictError, NotFoundError } from '../errors';
import type { PromotionPolicy, PromotionResult, PromotionTarget } from './promotion-policy';
import type { RegistryActor } from './register-model-version';
import { followProduction, type ModelServingDeps } from './serve-variants';

/**
 * The rules a production change must pass, checked by the registry while the model is locked:
 * - the model and the version must exist (404);
 * - promoting the current production version changes nothing (idempotent, no audit entry);
 * - a `staging` version, or an `archived` one that was in production before, may be promoted;
 * - an `archived` version that never was in production is refused (409 VERSION_NEVER_IN_PRODUCTION):
 *   it was retired without ever serving, so it goes back through a new registration;
 * - a rollback needs a former production version (409 NO_PREVIOUS_PRODUCTION otherwise).
 */
export function promotionPolicy(modelName: string, target: PromotionTarget): PromotionPolicy {
  return ({ model, target: version }) => {
    if (!model) throw new NotFoundError('MODEL_NOT_FOUND', `Model "${modelName}" does not exist`);
    if (!version) {
      if (target.kind === 'version') {
        throw new NotFoundError(
          'MODEL_VERSION_NOT_FOUND',
          `Model "${modelName}" has no version ${target.version}`,
        );
      }
      throw new ConflictError(
        'NO_PREVIOUS_PRODUCTION',
        `Model "${modelName}" has no archived version that was in production to roll back to`,
      );
    }
    if (version.stage === 'production') return false;
    if (version.stage === 'archived' && version.promotedAt === undefined) {
      throw new ConflictError(
        'VERSION_NEVER_IN_PRODUCTION',
        `Version ${version.version} of "${modelName}" was archived without ever being in production`,
      );
    }
    return true;
  };
}

async function changeProduction(
  modelName: string,
  target: PromotionTarget,
  action: string,
  actor: RegistryActor,
  deps: ModelServingDeps,
): Promise<PromotionResult> {
  const result = await deps.registry.promote(modelName, target, promotionPolicy(modelName, target));
  if (result.changed) {
    await deps.audit.record({
      tenantId: actor.tenantId,
      actor: `key:${actor.keyId}`,
      action,
      target: `model:${modelName}/${result.production.version}`,
      details: { version: result.production.version, archivedVersion: result.archived?.version ?? null },
    });
  }
  // Also when unchanged: a retry after a refused endpoint update (409 ENDPOINT_BUSY) converges.
  await followProduction(modelName, result.production.version, actor, deps);
  return result;
}

/** Makes `version` the model's production version; the previous one becomes `archived`. */
export function promoteModelVersion(
  modelName: string,
  version: number,
  actor: RegistryActor,
  deps: ModelServingDeps,
): Promise<PromotionResult> {
  return changeProduction(modelName, { kind: 'version', version }, 'model.promoted', actor, deps);
}

/**
 * Re-promotes the previous production version: the most recently archived version that was in
 * production. The current one is archived, so a second rollback undoes the first.
 */
export function rollbackModel(
  modelName: string,
  actor: RegistryActor,
  deps: ModelServingDeps,
): Promise<PromotionResult> {
  return changeProduction(modelName, { kind: 'previous-production' }, 'model.rolled-back', actor, deps);
}
