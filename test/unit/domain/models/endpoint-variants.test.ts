import { beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../../../shared/domain/errors';
import {
  getEndpointVariants,
  listEndpointVariants,
  setEndpointVariants,
  setEndpointVariantsInput,
} from '../../../../shared/domain/models/endpoint-variants';
import { registerModelVersion } from '../../../../shared/domain/models/register-model-version';
import { parseInput } from '../../../../shared/runtime/zod-input';
import { InMemoryAuditLog } from '../../../support/twins/in-memory-audit-log';
import { InMemoryEndpointWeights } from '../../../support/twins/in-memory-endpoint-weights';
import { InMemoryModelRegistry } from '../../../support/twins/in-memory-model-registry';

const actor = { tenantId: '11111111-1111-4111-8111-111111111111', keyId: 'key-1' };

function pathsOf(body: unknown): string[] {
  try {
    parseInput(setEndpointVariantsInput, body);
  } catch (error) {
    if (error instanceof ValidationError) return error.details.map((d) => d.path);
    throw error;
  }
  return [];
}

describe('endpoint variants', () => {
  let registry: InMemoryModelRegistry;
  let audit: InMemoryAuditLog;
  let endpointWeights: InMemoryEndpointWeights;

  beforeEach(async () => {
    registry = new InMemoryModelRegistry();
    audit = new InMemoryAuditLog();
    endpointWeights = new InMemoryEndpointWeights(['anomaly']);
    for (let i = 0; i < 2; i++) {
      await registerModelVersion(
        {
          modelName: 'detector',
          input: { algorithm: 'rz', artifact: 'img:1', hyperparameters: {}, scores: {} },
        },
        actor,
        { registry, audit },
      );
    }
    audit.entries.length = 0;
  });

  it('stores the weights as given and reports each share as weight / sum, as SageMaker does', async () => {
    // Arrange
    const weights = [3, 1, 0];
    const variants = weights.map((weight, i) => ({
      variantName: `v${i}`,
      modelName: 'detector',
      version: i === 1 ? 2 : 1,
      weight,
    }));
    const sum = weights.reduce((a, b) => a + b, 0);

    // Act
    const split = await setEndpointVariants(
      'anomaly',
      parseInput(setEndpointVariantsInput, { variants }),
      actor,
      { registry, audit, endpointWeights },
    );

    // Assert
    expect(split.variants.map((v) => [v.variantName, v.weight, v.trafficShare])).toEqual(
      weights.map((w, i) => [`v${i}`, w, w / sum]),
    );
    expect(await listEndpointVariants('anomaly', { registry })).toEqual(split.variants);
    // The serving endpoint got the same weights, in one update.
    expect(endpointWeights.calls).toEqual([
      { endpointName: 'anomaly', weights: weights.map((weight, i) => ({ variantName: `v${i}`, weight })) },
    ]);
    expect(audit.entries.map((e) => [e.action, e.target])).toEqual([
      ['endpoint.variants-set', 'endpoint:anomaly'],
    ]);
  });

  it('answers 404 naming the variant whose model version does not exist, and stores nothing', async () => {
    // Arrange
    const body = {
      variants: [
        { variantName: 'a', modelName: 'detector', version: 1, weight: 1 },
        { variantName: 'b', modelName: 'detector', version: 9, weight: 1 },
        { variantName: 'c', modelName: 'ghost', version: 1, weight: 1 },
      ],
    };

    // Act
    const attempt = setEndpointVariants('anomaly', parseInput(setEndpointVariantsInput, body), actor, {
      registry,
      audit,
      endpointWeights,
    });

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    await expect(attempt).rejects.toMatchObject({
      code: 'MODEL_VERSION_NOT_FOUND',
      details: [{ path: 'variants[1].version' }, { path: 'variants[2].version' }],
    });
    expect(await listEndpointVariants('anomaly', { registry })).toEqual([]);
    expect(audit.entries).toEqual([]);
  });

  it('stores nothing when the serving endpoint refuses the weights (no such endpoint)', async () => {
    const body = { variants: [{ variantName: 'a', modelName: 'detector', version: 1, weight: 1 }] };

    const attempt = setEndpointVariants('elsewhere', parseInput(setEndpointVariantsInput, body), actor, {
      registry,
      audit,
      endpointWeights,
    });

    await expect(attempt).rejects.toMatchObject({ code: 'ENDPOINT_NOT_FOUND' });
    expect(await listEndpointVariants('elsewhere', { registry })).toEqual([]);
    expect(audit.entries).toEqual([]);
  });

  it('answers 404 for an endpoint with no variants, and the router sees an empty split', async () => {
    await expect(getEndpointVariants('nothing', { registry })).rejects.toMatchObject({
      code: 'ENDPOINT_NOT_FOUND',
    });
    expect(await listEndpointVariants('nothing', { registry })).toEqual([]);
  });

  const variant = (weight: unknown, variantName = 'a') => ({
    variantName,
    modelName: 'detector',
    version: 1,
    weight,
  });

  it.each([
    ['all weights zero', { variants: [variant(0), variant(0, 'b')] }, ['variants']],
    ['a negative weight', { variants: [variant(1), variant(-1, 'b')] }, ['variants[1].weight']],
    ['a string weight', { variants: [variant('1')] }, ['variants[0].weight']],
    ['no variants', { variants: [] }, ['variants']],
    [
      'duplicate names (case-insensitive)',
      { variants: [variant(1, 'Blue'), variant(1, 'blue')] },
      ['variants[1].variantName'],
    ],
    ['a bad variant name', { variants: [variant(1, 'blue_green')] }, ['variants[0].variantName']],
    [
      'eleven variants',
      { variants: Array.from({ length: 11 }, (_, i) => variant(1, `v${i}`)) },
      ['variants'],
    ],
    [
      'weights summing past the largest double',
      { variants: [variant(Number.MAX_VALUE), variant(Number.MAX_VALUE, 'b')] },
      ['variants'],
    ],
  ])('refuses %s with the field path', (_, body, paths) => {
    expect(pathsOf(body)).toEqual(paths);
  });
});
