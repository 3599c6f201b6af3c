/** The Postgres model registry against embedded Postgres: versions, promotion races, rollback, variants. */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresModelRegistry } from '../../../shared/adapters/postgres/postgres-model-registry';
import type { PromotionPolicy } from '../../../shared/domain/models/promotion-policy';
import type { NewModelVersion } from '../../../shared/ports/model-registry';
import { modelRegistry } from '../../../shared/runtime/metadata-stores';
import { startTestStack, type TestStack } from '../../support/stand-ins';

let stack: TestStack;
let registry: PostgresModelRegistry;
/** A pool wide enough that parallel calls really run on parallel connections. */
let widePool: pg.Pool;

beforeAll(async () => {
  stack = await startTestStack();
  registry = modelRegistry(stack.runtime);
  widePool = new pg.Pool({ connectionString: stack.standIns.databaseUrl, max: 12 });
  widePool.on('error', () => {});
}, 120_000);
afterAll(async () => {
  await widePool?.end();
  await stack?.stop();
});

const newVersion = (modelName: string, extra: Partial<NewModelVersion> = {}): NewModelVersion => ({
  modelName,
  algorithm: 'robust-zscore',
  hyperparameters: { window: 48, nested: { alpha: 0.5, tags: ['a', 'b'] } },
  scores: { nabStandard: 71.2 },
  artifact: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/nexus-model-server:1.0.0',
  createdBy: 'key:k1',
  fingerprint: 'f1',
  ...extra,
});

/** Promotes whatever target exists unless it already is production. */
const approve: PromotionPolicy = (state) => {
  if (!state.model || !state.target) throw new Error('no target');
  return state.target.stage !== 'production';
};

async function registerMany(model: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await registry.registerVersion(newVersion(model));
}

describe('registering versions', () => {
  it('numbers versions per model from 1 and keeps their JSON as given', async () => {
    // Act
    const first = await registry.registerVersion(newVersion('detector', { description: 'Anomalies' }));
    const second = await registry.registerVersion(newVersion('detector', { scores: { nabStandard: 72.5 } }));
    const other = await registry.registerVersion(newVersion('forecaster'));

    // Assert
    expect([first.version.version, second.version.version, other.version.version]).toEqual([1, 2, 1]);
    const stored = await registry.findVersion('detector', 2);
    expect(stored).toMatchObject({
      stage: 'staging',
      hyperparameters: newVersion('x').hyperparameters,
      scores: { nabStandard: 72.5 },
      createdBy: 'key:k1',
    });
    expect(stored?.promotedAt).toBeUndefined();
    expect(await registry.findModel('detector')).toMatchObject({
      name: 'detector',
      description: 'Anomalies',
      latestVersion: 2,
    });
    expect(await registry.findVersion('detector', 3)).toBeNull();
  });

  it('replays a registration by its idempotency key instead of creating a version', async () => {
    // Arrange
    const input = newVersion('idem', { idempotencyKey: 'build-42', fingerprint: 'fp-a' });
    const created = await registry.registerVersion(input);

    // Act
    const replay = await registry.registerVersion({ ...input, fingerprint: 'fp-b' });

    // Assert
    expect(created.kind).toBe('created');
    expect(replay).toMatchObject({ kind: 'replayed', fingerprint: 'fp-a', version: { version: 1 } });
    expect((await registry.findModel('idem'))?.latestVersion).toBe(1);
  });

  it('gives concurrent registrations of one model consecutive versions', async () => {
    // Act
    const wide = new PostgresModelRegistry(widePool);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => wide.registerVersion(newVersion('busy'))),
    );

    // Assert
    expect(results.map((r) => r.version.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('listing', () => {
  it('pages models by name and versions newest first', async () => {
    // Arrange
    for (const name of ['page-b', 'page-a', 'page-c']) await registry.registerVersion(newVersion(name));
    await registerMany('page-a', 4);

    // Act
    const all = await registry.listModels({ limit: 1000 });
    const names = all.items.map((m) => m.name).filter((n) => n.startsWith('page-'));
    const afterA = await registry.listModels({ limit: 1, after: 'page-a' });
    const v1 = await registry.listVersions('page-a', { limit: 2 });
    const v2 = await registry.listVersions('page-a', { limit: 2, before: 4 });
    const v3 = await registry.listVersions('page-a', { limit: 2, before: 2 });

    // Assert
    expect(names).toEqual(['page-a', 'page-b', 'page-c']);
    expect(afterA.items.map((m) => m.name)).toEqual(['page-b']);
    expect(afterA.hasMore).toBe(true);
    expect([v1, v2, v3].map((p) => [p.items.map((v) => v.version), p.hasMore])).toEqual([
      [[5, 4], true],
      [[3, 2], true],
      [[1], false],
    ]);
  });
});

describe('promotion', () => {
  it('archives the previous production version and rolls back to the most recently archived one', async () => {
    // Arrange
    await registerMany('promo', 3);

    // Act
    const p1 = await registry.promote('promo', { kind: 'version', version: 1 }, approve);
    const p2 = await registry.promote('promo', { kind: 'version', version: 2 }, approve);
    const p3 = await registry.promote('promo', { kind: 'version', version: 3 }, approve);
    const back = await registry.promote('promo', { kind: 'previous-production' }, approve);

    // Assert
    expect([p1.changed, p1.production.version, p1.archived]).toEqual([true, 1, null]);
    expect([p2.production.version, p2.archived?.version, p2.archived?.stage]).toEqual([2, 1, 'archived']);
    expect(p3.archived?.version).toBe(2);
    expect([back.production.version, back.archived?.version]).toEqual([2, 3]);
    expect((await registry.findModel('promo'))?.productionVersion).toBe(2);
    const stages = (await registry.listVersions('promo', { limit: 10 })).items.map((v) => [
      v.version,
      v.stage,
    ]);
    expect(stages).toEqual([
      [3, 'archived'],
      [2, 'production'],
      [1, 'archived'],
    ]);
  });

  it('leaves exactly one production version after 10 promotions fired in parallel', async () => {
    // Arrange
    await registerMany('race', 10);
    const wide = new PostgresModelRegistry(widePool);

    // Act
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        wide.promote('race', { kind: 'version', version: i + 1 }, approve),
      ),
    );

    // Assert
    const { rows } = await stack.runtime.pool.query<{ stage: string; n: number }>(
      "SELECT stage, count(*)::int AS n FROM model_versions WHERE model_name = 'race' GROUP BY stage ORDER BY stage",
    );
    expect(rows).toEqual([
      { stage: 'archived', n: 9 },
      { stage: 'production', n: 1 },
    ]);
    // Serialised: every promotion but the first archived the one committed just before it.
    expect(results.filter((r) => r.archived === null)).toHaveLength(1);
    const archivedVersions = results.flatMap((r) => (r.archived ? [r.archived.version] : []));
    expect(new Set(archivedVersions).size).toBe(9);
  });

  it('refuses a second production version at the database even without the lock', async () => {
    // Arrange
    await registerMany('guarded', 2);
    await registry.promote('guarded', { kind: 'version', version: 1 }, approve);

    // Act
    const direct = stack.runtime.pool.query(
      "UPDATE model_versions SET stage = 'production', promoted_at = now() WHERE model_name = 'guarded' AND version = 2",
    );

    // Assert
    await expect(direct).rejects.toMatchObject({ code: '23505' });
  });

  it('changes nothing when the policy refuses, and reports a no-op without changes', async () => {
    // Arrange
    await registerMany('refused', 2);
    await registry.promote('refused', { kind: 'version', version: 1 }, approve);

    // Act
    const refusal = await registry
      .promote('refused', { kind: 'version', version: 2 }, () => {
        throw new Error('refused by policy');
      })
      .catch((error: Error) => error.message);
    const noop = await registry.promote('refused', { kind: 'version', version: 1 }, approve);

    // Assert
    expect(refusal).toBe('refused by policy');
    expect(noop.changed).toBe(false);
    expect((await registry.findVersion('refused', 2))?.stage).toBe('staging');
    expect((await registry.findModel('refused'))?.productionVersion).toBe(1);
  });

  it('shows the policy a missing model, a missing version and an absent rollback target', async () => {
    // Arrange
    await registerMany('lonely', 1);
    const seen: unknown[] = [];
    const record: PromotionPolicy = (state) => {
      seen.push([state.model?.name ?? null, state.target?.version ?? null]);
      throw new Error('stop');
    };

    // Act
    await registry.promote('nobody', { kind: 'version', version: 1 }, record).catch(() => {});
    await registry.promote('lonely', { kind: 'version', version: 9 }, record).catch(() => {});
    await registry.promote('lonely', { kind: 'previous-production' }, record).catch(() => {});

    // Assert
    expect(seen).toEqual([
      [null, null],
      ['lonely', null],
      ['lonely', null],
    ]);
  });
});

describe('endpoint variants', () => {
  it('replaces an endpoint’s variants as a whole and lists them by name', async () => {
    // Arrange
    await registerMany('ab', 2);

    // Act
    await registry.replaceEndpointVariants(
      'anomaly',
      [
        { variantName: 'champion', modelName: 'ab', version: 1, weight: 3 },
        { variantName: 'challenger', modelName: 'ab', version: 2, weight: 1 },
      ],
      'key:k1',
    );
    const replaced = await registry.replaceEndpointVariants(
      'anomaly',
      [{ variantName: 'only', modelName: 'ab', version: 2, weight: 0.5 }],
      'key:k2',
    );

    // Assert
    expect(replaced.map((v) => [v.variantName, v.version, v.weight])).toEqual([['only', 2, 0.5]]);
    expect(await registry.listEndpointVariants('anomaly')).toEqual(replaced);
    expect(await registry.listEndpointVariants('unknown')).toEqual([]);
  });

  it('refuses unknown versions and an all-zero split at the database', async () => {
    // Arrange
    await registerMany('ab2', 1);
    await registry.replaceEndpointVariants(
      'guarded-endpoint',
      [{ variantName: 'a', modelName: 'ab2', version: 1, weight: 1 }],
      'key:k1',
    );

    // Act
    const unknown = registry.replaceEndpointVariants(
      'guarded-endpoint',
      [{ variantName: 'a', modelName: 'ab2', version: 7, weight: 1 }],
      'key:k1',
    );
    const allZero = registry.replaceEndpointVariants(
      'guarded-endpoint',
      [{ variantName: 'a', modelName: 'ab2', version: 1, weight: 0 }],
      'key:k1',
    );

    // Assert
    await expect(unknown).rejects.toMatchObject({ code: '23503' });
    await expect(allZero).rejects.toMatchObject({ code: '23514' });
    expect((await registry.listEndpointVariants('guarded-endpoint')).map((v) => v.weight)).toEqual([1]);
  });

  it('serialises concurrent replacements of one endpoint', async () => {
    // Arrange
    await registerMany('ab3', 1);
    const wide = new PostgresModelRegistry(widePool);

    // Act
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        wide.replaceEndpointVariants(
          'contended',
          [{ variantName: `v${i}`, modelName: 'ab3', version: 1, weight: i + 1 }],
          'key:k1',
        ),
      ),
    );

    // Assert
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(await registry.listEndpointVariants('contended')).toHaveLength(1);
  });
});
