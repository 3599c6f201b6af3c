import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../../shared/domain/errors';
import { promoteModelVersion, rollbackModel } from '../../../../shared/domain/models/promote-model-version';
import { registerModelVersion } from '../../../../shared/domain/models/register-model-version';
import { applyAndStoreVariants } from '../../../../shared/domain/models/serve-variants';
import { InMemoryAuditLog } from '../../../support/twins/in-memory-audit-log';
import { InMemoryEndpointWeights } from '../../../support/twins/in-memory-endpoint-weights';
import { InMemoryModelRegistry } from '../../../support/twins/in-memory-model-registry';

const actor = { tenantId: '11111111-1111-4111-8111-111111111111', keyId: 'key-1' };

describe('promotion and rollback', () => {
  let registry: InMemoryModelRegistry;
  let audit: InMemoryAuditLog;
  let endpointWeights: InMemoryEndpointWeights;
  let deps: {
    registry: InMemoryModelRegistry;
    audit: InMemoryAuditLog;
    endpointWeights: InMemoryEndpointWeights;
    servedEndpoints: string[];
  };

  async function register(count: number, model = 'detector'): Promise<void> {
    for (let i = 0; i < count; i++) {
      await registerModelVersion(
        { modelName: model, input: { algorithm: 'rz', artifact: 'img:1', hyperparameters: {}, scores: {} } },
        actor,
        deps,
      );
    }
    audit.entries.length = 0;
  }

  const stages = async (model = 'detector') =>
    (await registry.listVersions(model, { limit: 100 })).items
      .map((v) => `${v.version}:${v.stage}`)
      .reverse();

  beforeEach(() => {
    registry = new InMemoryModelRegistry();
    audit = new InMemoryAuditLog();
    endpointWeights = new InMemoryEndpointWeights(['anomaly']);
    deps = { registry, audit, endpointWeights, servedEndpoints: ['anomaly'] };
  });

  describe('on the serving endpoint', () => {
    /** champion serves detector v1, challenger detector v2, other an unrelated model. */
    async function split(): Promise<void> {
      await register(2);
      await register(1, 'forecaster');
      await promoteModelVersion('detector', 1, actor, deps);
      await applyAndStoreVariants(
        'anomaly',
        [
          { variantName: 'champion', modelName: 'detector', version: 1, weight: 0.9 },
          { variantName: 'challenger', modelName: 'detector', version: 2, weight: 0.1 },
          { variantName: 'other', modelName: 'forecaster', version: 1, weight: 1 },
        ],
        actor,
        deps,
      );
      endpointWeights.calls.length = 0;
      audit.entries.length = 0;
    }
    const stored = async () =>
      Object.fromEntries(
        (await registry.listEndpointVariants('anomaly')).map((v) => [v.variantName, v.weight]),
      );

    it('moves the model’s traffic to the variant of the promoted version, in the registry and on the endpoint alike', async () => {
      await split();

      await promoteModelVersion('detector', 2, actor, deps);

      const expected = { champion: 0, challenger: 1, other: 1 };
      expect(await stored()).toEqual(expected);
      expect(endpointWeights.of('anomaly')).toEqual(expected);
      expect(audit.entries.map((e) => e.action)).toEqual([
        'model.promoted',
        'endpoint.variants-followed-production',
      ]);
    });

    it('moves it back on rollback, and leaves the endpoint alone for a version no variant serves', async () => {
      await split();
      await promoteModelVersion('detector', 2, actor, deps);

      await rollbackModel('detector', actor, deps);
      expect(endpointWeights.of('anomaly')).toEqual({ champion: 1, challenger: 0, other: 1 });

      await register(1);
      endpointWeights.calls.length = 0;
      await promoteModelVersion('detector', 3, actor, deps);
      expect(endpointWeights.calls).toEqual([]);
      expect(await stored()).toEqual({ champion: 1, challenger: 0, other: 1 });
    });
  });

  it('promotes a staging version and archives the previous production one', async () => {
    // Arrange
    await register(3);
    await promoteModelVersion('detector', 1, actor, deps);

    // Act
    const result = await promoteModelVersion('detector', 3, actor, deps);

    // Assert
    expect([result.changed, result.production.version, result.archived?.version]).toEqual([true, 3, 1]);
    expect(await stages()).toEqual(['1:archived', '2:staging', '3:production']);
    expect(audit.entries.map((e) => [e.action, e.target, e.details])).toEqual([
      ['model.promoted', 'model:detector/1', { version: 1, archivedVersion: null }],
      ['model.promoted', 'model:detector/3', { version: 3, archivedVersion: 1 }],
    ]);
  });

  it('treats promoting the production version again as a no-op without an audit entry', async () => {
    // Arrange
    await register(1);
    await promoteModelVersion('detector', 1, actor, deps);

    // Act
    const again = await promoteModelVersion('detector', 1, actor, deps);

    // Assert
    expect([again.changed, again.production.version, again.archived]).toEqual([false, 1, null]);
    expect(audit.entries).toHaveLength(1);
  });

  it('answers not found for an unknown model or version', async () => {
    // Arrange
    await register(1);

    // Act + Assert
    await expect(promoteModelVersion('nope', 1, actor, deps)).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
    });
    await expect(promoteModelVersion('detector', 2, actor, deps)).rejects.toBeInstanceOf(NotFoundError);
    await expect(promoteModelVersion('detector', 2, actor, deps)).rejects.toMatchObject({
      code: 'MODEL_VERSION_NOT_FOUND',
    });
    expect(audit.entries).toEqual([]);
  });

  it('re-promotes an archived former production version but refuses one that never served', async () => {
    // Arrange
    await register(3);
    await promoteModelVersion('detector', 1, actor, deps);
    await promoteModelVersion('detector', 2, actor, deps);
    registry.forceStage('detector', 3, 'archived');

    // Act
    const back = await promoteModelVersion('detector', 1, actor, deps);
    const never = promoteModelVersion('detector', 3, actor, deps);

    // Assert
    expect([back.production.version, back.archived?.version]).toEqual([1, 2]);
    await expect(never).rejects.toBeInstanceOf(ConflictError);
    await expect(never).rejects.toMatchObject({ code: 'VERSION_NEVER_IN_PRODUCTION' });
    expect(await stages()).toEqual(['1:production', '2:archived', '3:archived']);
  });

  it('rolls back to the previous production version, and a second rollback undoes the first', async () => {
    // Arrange
    await register(3);
    for (const v of [1, 2, 3]) await promoteModelVersion('detector', v, actor, deps);

    // Act
    const first = await rollbackModel('detector', actor, deps);
    const afterFirst = await stages();
    const second = await rollbackModel('detector', actor, deps);

    // Assert
    expect([first.production.version, first.archived?.version]).toEqual([2, 3]);
    expect(afterFirst).toEqual(['1:archived', '2:production', '3:archived']);
    expect([second.production.version, second.archived?.version]).toEqual([3, 2]);
    expect(audit.entries.slice(-2).map((e) => [e.action, e.details])).toEqual([
      ['model.rolled-back', { version: 2, archivedVersion: 3 }],
      ['model.rolled-back', { version: 3, archivedVersion: 2 }],
    ]);
  });

  it('refuses a rollback when no version was in production before (409)', async () => {
    // Arrange
    await register(2);
    await promoteModelVersion('detector', 1, actor, deps);

    // Act
    const rollback = rollbackModel('detector', actor, deps);

    // Assert
    await expect(rollback).rejects.toMatchObject({ code: 'NO_PREVIOUS_PRODUCTION' });
    await expect(rollbackModel('ghost', actor, deps)).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });
});
