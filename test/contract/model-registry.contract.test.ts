/** ModelRegistry contract: the in-memory twin and PostgresModelRegistry must behave alike. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProductionState, PromotionPolicy } from '../../shared/domain/models/promotion-policy';
import type { ModelRegistry, NewModelVersion } from '../../shared/ports/model-registry';
import { modelRegistry } from '../../shared/runtime/metadata-stores';
import { InMemoryModelRegistry } from '../support/twins/in-memory-model-registry';
import { type ContractStack, startContractStack } from './contract-stand-ins';

const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Approves any existing target (the domain's policy adds the stage rules on top). */
const approve: PromotionPolicy = (state) => {
  if (!state.model || !state.target) throw new Error('no such model or version');
  return true;
};

/** Records the state the registry showed the policy, then decides with `decide`. */
function spyPolicy(decide: PromotionPolicy = approve): { policy: PromotionPolicy; seen: ProductionState[] } {
  const seen: ProductionState[] = [];
  return {
    seen,
    policy: (state) => {
      seen.push(state);
      return decide(state);
    },
  };
}

/**
 * Defines the ModelRegistry behaviours once; each subject runs all of them. Models and endpoints
 * are platform-wide (no tenant), so every test names its own with a fresh UUID.
 * Left out because the subjects disagree (the port does not say; the domain's zod input checks
 * both before the registry is called): names outside `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$` and an
 * endpoint whose variants all weigh 0. Postgres refuses both (CHECK, commit-time trigger); the
 * twin stores them.
 */
function describeContract(name: string, makeSubject: () => ModelRegistry): void {
  describe(`ModelRegistry contract: ${name}`, () => {
    let registry: ModelRegistry;
    let model: string;
    const input = (modelName: string, extra: Partial<NewModelVersion> = {}): NewModelVersion => ({
      modelName,
      algorithm: 'robust-zscore',
      hyperparameters: { window: 48, nested: { alpha: 0.5, tags: ['a', 'b'], off: null, on: true } },
      scores: { nabStandard: 71.2, nabLowFp: 64 },
      artifact: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/nexus-model-server:1.0.0',
      createdBy: 'key:k1',
      fingerprint: 'fp-1',
      ...extra,
    });
    const register = async (modelName: string, extra: Partial<NewModelVersion> = {}) =>
      (await registry.registerVersion(input(modelName, extra))).version;
    const stages = async (modelName: string) =>
      (await registry.listVersions(modelName, { limit: 100 })).items
        .map((v) => [v.version, v.stage] as const)
        .sort((a, b) => a[0] - b[0]);

    beforeEach(() => {
      registry = makeSubject();
      model = `m-${randomUUID()}`;
    });

    describe('registering versions', () => {
      it('creates the model with version 1 in staging on its first registration', async () => {
        // Act
        const result = await registry.registerVersion(input(model, { description: 'Anomalies' }));

        // Assert
        expect(result.kind).toBe('created');
        const version = result.version;
        expect(version).toMatchObject({
          modelName: model,
          version: 1,
          algorithm: 'robust-zscore',
          hyperparameters: input(model).hyperparameters,
          scores: input(model).scores,
          artifact: input(model).artifact,
          stage: 'staging',
          createdBy: 'key:k1',
        });
        expect(version.createdAt).toMatch(isoTimestamp);
        expect(version.updatedAt).toMatch(isoTimestamp);
        expect(version).not.toHaveProperty('promotedAt');
        expect(version).not.toHaveProperty('archivedAt');
        expect(await registry.findVersion(model, 1)).toEqual(version);
        const summary = await registry.findModel(model);
        expect(summary).toMatchObject({ name: model, description: 'Anomalies', latestVersion: 1 });
        expect(summary).not.toHaveProperty('productionVersion');
        expect(summary?.createdAt).toMatch(isoTimestamp);
      });

      it('numbers versions per model from 1, one after the other', async () => {
        const other = `m-${randomUUID()}`;

        const numbers = [
          await register(model),
          await register(model),
          await register(other),
          await register(model),
        ];

        expect(numbers.map((v) => [v.modelName === model, v.version])).toEqual([
          [true, 1],
          [true, 2],
          [false, 1],
          [true, 3],
        ]);
        expect((await registry.findModel(model))?.latestVersion).toBe(3);
        expect((await registry.findModel(other))?.latestVersion).toBe(1);
      });

      it('sets the description when given and keeps it when a registration leaves it out', async () => {
        await register(model);
        expect(await registry.findModel(model)).not.toHaveProperty('description');

        await register(model, { description: 'First words' });
        await register(model);
        const kept = (await registry.findModel(model))?.description;
        await register(model, { description: 'Second words' });

        expect(kept).toBe('First words');
        expect((await registry.findModel(model))?.description).toBe('Second words');
      });

      it('replays a registration by its idempotency key, with the fingerprint stored first', async () => {
        // Arrange
        const first = await registry.registerVersion(
          input(model, { idempotencyKey: 'k-1', fingerprint: 'fp-a' }),
        );

        // Act
        const same = await registry.registerVersion(
          input(model, { idempotencyKey: 'k-1', fingerprint: 'fp-a' }),
        );
        const changed = await registry.registerVersion(
          input(model, { idempotencyKey: 'k-1', fingerprint: 'fp-b', artifact: 'other:2.0.0' }),
        );

        // Assert
        expect(first.kind).toBe('created');
        expect(same).toEqual({ kind: 'replayed', version: first.version, fingerprint: 'fp-a' });
        expect(changed).toEqual({ kind: 'replayed', version: first.version, fingerprint: 'fp-a' });
        expect((await registry.findModel(model))?.latestVersion).toBe(1);
        expect(await registry.findVersion(model, 2)).toBeNull();
      });

      it('scopes idempotency keys to their model, and never replays without a key', async () => {
        const other = `m-${randomUUID()}`;
        await registry.registerVersion(input(model, { idempotencyKey: 'shared-key' }));

        const elsewhere = await registry.registerVersion(input(other, { idempotencyKey: 'shared-key' }));
        const fresh = await registry.registerVersion(input(model, { idempotencyKey: 'another-key' }));
        const keyless = [
          await registry.registerVersion(input(model)),
          await registry.registerVersion(input(model)),
        ];

        expect([elsewhere.kind, elsewhere.version.version]).toEqual(['created', 1]);
        expect([fresh.kind, fresh.version.version]).toEqual(['created', 2]);
        expect(keyless.map((r) => [r.kind, r.version.version])).toEqual([
          ['created', 3],
          ['created', 4],
        ]);
      });

      it('gives concurrent registrations of one model consecutive versions', async () => {
        const results = await Promise.all(
          Array.from({ length: 6 }, () => registry.registerVersion(input(model))),
        );

        expect(results.map((r) => r.version.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
        expect((await registry.findModel(model))?.latestVersion).toBe(6);
      });

      it('finds nothing for a model or a version that was never registered', async () => {
        await register(model);

        expect(await registry.findModel(`m-${randomUUID()}`)).toBeNull();
        expect(await registry.findVersion(`m-${randomUUID()}`, 1)).toBeNull();
        expect(await registry.findVersion(model, 2)).toBeNull();
      });
    });

    describe('listing', () => {
      it('pages models by name in byte order after a cursor', async () => {
        // Arrange: sorts after every other test's `m-…` names; `B` < `a` in byte order.
        const prefix = `zz${randomUUID()}`;
        const names = [`${prefix}-b`, `${prefix}-a1`, `${prefix}-B`, `${prefix}-a`];
        for (const n of names) await register(n);
        await registry.promote(`${prefix}-a`, { kind: 'version', version: 1 }, approve);

        // Act
        const first = await registry.listModels({ limit: 2, after: prefix });
        const second = await registry.listModels({ limit: 2, after: first.items.at(-1)?.name ?? '' });
        const third = await registry.listModels({ limit: 2, after: second.items.at(-1)?.name ?? '' });

        // Assert
        expect(first.items.map((m) => m.name)).toEqual([`${prefix}-B`, `${prefix}-a`]);
        expect(first.hasMore).toBe(true);
        expect(first.items[1]).toMatchObject({ latestVersion: 1, productionVersion: 1 });
        expect(second.items.map((m) => m.name)).toEqual([`${prefix}-a1`, `${prefix}-b`]);
        expect(second.hasMore).toBe(false);
        expect(third).toEqual({ items: [], hasMore: false });
      });

      it('lists models from the first name when no cursor is given', async () => {
        await register(model);

        const page = await registry.listModels({ limit: 1 });

        expect(page.items).toHaveLength(1);
        const all = await registry.listModels({ limit: 10_000 });
        expect(page.items[0]?.name).toBe(all.items[0]?.name);
        expect(all.items.map((m) => m.name)).toContain(model);
        expect(all.hasMore).toBe(false);
      });

      it("pages a model's versions newest first below a cursor", async () => {
        for (let i = 0; i < 5; i++) await register(model);

        const first = await registry.listVersions(model, { limit: 2 });
        const second = await registry.listVersions(model, { limit: 2, before: first.items.at(-1)?.version });
        const last = await registry.listVersions(model, { limit: 2, before: second.items.at(-1)?.version });

        expect([first.items.map((v) => v.version), first.hasMore]).toEqual([[5, 4], true]);
        expect([second.items.map((v) => v.version), second.hasMore]).toEqual([[3, 2], true]);
        expect([last.items.map((v) => v.version), last.hasMore]).toEqual([[1], false]);
        expect(first.items[0]).toEqual(await registry.findVersion(model, 5));
      });

      it('lists no versions of an unknown model', async () => {
        expect(await registry.listVersions(`m-${randomUUID()}`, { limit: 5 })).toEqual({
          items: [],
          hasMore: false,
        });
      });
    });

    describe('promotion', () => {
      it('makes a staging version the production version', async () => {
        await register(model);

        const result = await registry.promote(model, { kind: 'version', version: 1 }, approve);

        expect(result.changed).toBe(true);
        expect(result.archived).toBeNull();
        expect(result.production).toMatchObject({ modelName: model, version: 1, stage: 'production' });
        expect(result.production.promotedAt).toMatch(isoTimestamp);
        expect(await registry.findVersion(model, 1)).toEqual(result.production);
        expect((await registry.findModel(model))?.productionVersion).toBe(1);
      });

      it('archives the previous production version, leaving exactly one in production', async () => {
        for (let i = 0; i < 3; i++) await register(model);
        await registry.promote(model, { kind: 'version', version: 1 }, approve);

        const result = await registry.promote(model, { kind: 'version', version: 2 }, approve);

        expect(result.production).toMatchObject({ version: 2, stage: 'production' });
        expect(result.archived).toMatchObject({ version: 1, stage: 'archived' });
        expect(result.archived?.archivedAt).toMatch(isoTimestamp);
        expect(result.archived?.promotedAt).toMatch(isoTimestamp);
        expect(await registry.findVersion(model, 1)).toEqual(result.archived);
        expect(await stages(model)).toEqual([
          [1, 'archived'],
          [2, 'production'],
          [3, 'staging'],
        ]);
        expect((await registry.findModel(model))?.productionVersion).toBe(2);
      });

      it('shows the policy the model, its production version and the target', async () => {
        for (let i = 0; i < 2; i++) await register(model);
        await registry.promote(model, { kind: 'version', version: 1 }, approve);
        const spy = spyPolicy();

        await registry.promote(model, { kind: 'version', version: 2 }, spy.policy);

        expect(spy.seen).toHaveLength(1);
        const [state] = spy.seen as [ProductionState];
        expect(state.model).toMatchObject({ name: model, latestVersion: 2, productionVersion: 1 });
        expect(state.production).toMatchObject({ version: 1, stage: 'production' });
        expect(state.target).toMatchObject({ version: 2, stage: 'staging' });
      });

      it('shows the policy no model and no target for an unknown model, and fails if it approves', async () => {
        const spy = spyPolicy(() => true);

        await expect(registry.promote(model, { kind: 'version', version: 1 }, spy.policy)).rejects.toThrow();

        expect(spy.seen).toEqual([{ model: null, production: null, target: null }]);
        expect(await registry.findModel(model)).toBeNull();
      });

      it('shows the policy no target for a version that does not exist', async () => {
        await register(model);
        const spy = spyPolicy(() => true);

        await expect(registry.promote(model, { kind: 'version', version: 9 }, spy.policy)).rejects.toThrow();

        expect(spy.seen[0]?.model?.name).toBe(model);
        expect(spy.seen[0]?.target).toBeNull();
        expect(await stages(model)).toEqual([[1, 'staging']]);
      });

      it('changes nothing when the policy declines, and says so', async () => {
        for (let i = 0; i < 2; i++) await register(model);
        await registry.promote(model, { kind: 'version', version: 1 }, approve);
        const before = await registry.findVersion(model, 1);

        const result = await registry.promote(model, { kind: 'version', version: 2 }, () => false);

        expect(result.changed).toBe(false);
        expect(result.archived).toBeNull();
        expect(result.production.version).toBe(2);
        expect(await stages(model)).toEqual([
          [1, 'production'],
          [2, 'staging'],
        ]);
        expect(await registry.findVersion(model, 1)).toEqual(before);
      });

      it("passes on the policy's refusal and changes nothing", async () => {
        for (let i = 0; i < 2; i++) await register(model);
        await registry.promote(model, { kind: 'version', version: 1 }, approve);
        const refusal = new Error('refused by policy');

        await expect(
          registry.promote(model, { kind: 'version', version: 2 }, () => {
            throw refusal;
          }),
        ).rejects.toBe(refusal);

        expect(await stages(model)).toEqual([
          [1, 'production'],
          [2, 'staging'],
        ]);
      });

      it('never archives the production version when it is promoted again', async () => {
        await register(model);
        await registry.promote(model, { kind: 'version', version: 1 }, approve);

        const again = await registry.promote(model, { kind: 'version', version: 1 }, approve);

        expect(again.archived).toBeNull();
        expect(again.production).toMatchObject({ version: 1, stage: 'production' });
        expect(await stages(model)).toEqual([[1, 'production']]);
      });

      it('rolls back to the most recently archived former production version, and a second rollback undoes it', async () => {
        // Arrange: 1 -> 2 -> 3 in production; 1 and 2 archived, 2 most recently.
        for (let i = 0; i < 4; i++) await register(model);
        for (const version of [1, 2, 3]) await registry.promote(model, { kind: 'version', version }, approve);

        // Act
        const spy = spyPolicy();
        const rollback = await registry.promote(model, { kind: 'previous-production' }, spy.policy);
        const undo = await registry.promote(model, { kind: 'previous-production' }, approve);

        // Assert
        expect(spy.seen[0]?.target).toMatchObject({ version: 2, stage: 'archived' });
        expect(spy.seen[0]?.production).toMatchObject({ version: 3 });
        expect([rollback.production.version, rollback.archived?.version]).toEqual([2, 3]);
        expect([undo.production.version, undo.archived?.version]).toEqual([3, 2]);
        expect(await stages(model)).toEqual([
          [1, 'archived'],
          [2, 'archived'],
          [3, 'production'],
          [4, 'staging'],
        ]);
      });

      it('shows the policy no rollback target when no version was in production before', async () => {
        for (let i = 0; i < 2; i++) await register(model);
        await registry.promote(model, { kind: 'version', version: 1 }, approve);
        const spy = spyPolicy(() => true);

        await expect(registry.promote(model, { kind: 'previous-production' }, spy.policy)).rejects.toThrow();

        expect(spy.seen[0]?.target).toBeNull();
        expect(spy.seen[0]?.production).toMatchObject({ version: 1 });
        expect(await stages(model)).toEqual([
          [1, 'production'],
          [2, 'staging'],
        ]);
      });

      it('re-promotes an archived former production version, archiving the current one', async () => {
        for (let i = 0; i < 2; i++) await register(model);
        const firstTime = await registry.promote(model, { kind: 'version', version: 1 }, approve);
        await registry.promote(model, { kind: 'version', version: 2 }, approve);

        const secondTime = await registry.promote(model, { kind: 'version', version: 1 }, approve);

        expect(secondTime.production.stage).toBe('production');
        expect(secondTime.archived?.version).toBe(2);
        expect(secondTime.production.promotedAt).toMatch(isoTimestamp);
        expect((secondTime.production.promotedAt ?? '') >= (firstTime.production.promotedAt ?? '~')).toBe(
          true,
        );
        expect(await stages(model)).toEqual([
          [1, 'production'],
          [2, 'archived'],
        ]);
      });

      it('leaves exactly one production version after promotions fired at once', async () => {
        for (let i = 0; i < 5; i++) await register(model);

        const results = await Promise.all(
          [1, 2, 3, 4, 5].map((version) => registry.promote(model, { kind: 'version', version }, approve)),
        );

        const production = (await stages(model)).filter(([, stage]) => stage === 'production');
        expect(production).toHaveLength(1);
        expect(results.every((r) => r.changed)).toBe(true);
        // Serialised: each promotion but the first archived the one before it.
        expect(results.filter((r) => r.archived === null)).toHaveLength(1);
        expect((await registry.findModel(model))?.productionVersion).toBe(production[0]?.[0]);
      });
    });

    describe('endpoint variants', () => {
      let endpoint: string;
      beforeEach(() => {
        endpoint = `e-${randomUUID()}`;
      });

      it('stores an endpoint’s variants and lists them by variant name in byte order', async () => {
        // Arrange
        for (let i = 0; i < 2; i++) await register(model);
        await registry.promote(model, { kind: 'version', version: 1 }, approve);

        // Act
        const stored = await registry.replaceEndpointVariants(
          endpoint,
          [
            { variantName: 'challenger', modelName: model, version: 2, weight: 0.25 },
            { variantName: 'Champion', modelName: model, version: 1, weight: 3 },
          ],
          'key:k1',
        );

        // Assert
        expect(stored.map((v) => [v.variantName, v.version, v.weight, v.modelName, v.endpointName])).toEqual([
          ['Champion', 1, 3, model, endpoint],
          ['challenger', 2, 0.25, model, endpoint],
        ]);
        for (const v of stored) expect(v.updatedAt).toMatch(isoTimestamp);
        expect(await registry.listEndpointVariants(endpoint)).toEqual(stored);
      });

      it('replaces the variants as a whole', async () => {
        for (let i = 0; i < 3; i++) await register(model);
        await registry.replaceEndpointVariants(
          endpoint,
          [
            { variantName: 'a', modelName: model, version: 1, weight: 1 },
            { variantName: 'b', modelName: model, version: 2, weight: 1 },
          ],
          'key:k1',
        );

        await registry.replaceEndpointVariants(
          endpoint,
          [{ variantName: 'c', modelName: model, version: 3, weight: 1 }],
          'key:k2',
        );

        const listed = await registry.listEndpointVariants(endpoint);
        expect(listed.map((v) => [v.variantName, v.version])).toEqual([['c', 3]]);
      });

      it('lists no variants for an endpoint that has none', async () => {
        expect(await registry.listEndpointVariants(endpoint)).toEqual([]);
      });

      it('keeps endpoints apart', async () => {
        await register(model);
        const other = `e-${randomUUID()}`;

        await registry.replaceEndpointVariants(
          endpoint,
          [{ variantName: 'only', modelName: model, version: 1, weight: 1 }],
          'key:k1',
        );

        expect(await registry.listEndpointVariants(other)).toEqual([]);
        expect(await registry.listEndpointVariants(endpoint)).toHaveLength(1);
      });

      it('refuses a variant of an unregistered version and keeps the variants it had', async () => {
        await register(model);
        const before = await registry.replaceEndpointVariants(
          endpoint,
          [{ variantName: 'a', modelName: model, version: 1, weight: 1 }],
          'key:k1',
        );

        await expect(
          registry.replaceEndpointVariants(
            endpoint,
            [
              { variantName: 'a', modelName: model, version: 1, weight: 1 },
              { variantName: 'b', modelName: model, version: 2, weight: 1 },
            ],
            'key:k1',
          ),
        ).rejects.toThrow();
        await expect(
          registry.replaceEndpointVariants(
            endpoint,
            [{ variantName: 'a', modelName: `m-${randomUUID()}`, version: 1, weight: 1 }],
            'key:k1',
          ),
        ).rejects.toThrow();

        expect(await registry.listEndpointVariants(endpoint)).toEqual(before);
      });
    });
  });
}

let stack: ContractStack | undefined;
beforeAll(async () => {
  stack = await startContractStack(['postgres']);
});
afterAll(async () => {
  await stack?.stop();
});

function started(): ContractStack {
  if (!stack) throw new Error('the stand-ins did not start');
  return stack;
}

describeContract('InMemoryModelRegistry (twin)', () => new InMemoryModelRegistry());

describeContract('PostgresModelRegistry on embedded Postgres', () => modelRegistry(started().runtime));
