import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../../../shared/domain/errors';
import { assertIdempotencyKey, assertRegistryName } from '../../../../shared/domain/models/model-names';
import {
  type RegisterModelVersionInput,
  registerModelVersion,
  registerModelVersionInput,
} from '../../../../shared/domain/models/register-model-version';
import { parseInput } from '../../../../shared/runtime/zod-input';
import { InMemoryAuditLog } from '../../../support/twins/in-memory-audit-log';
import { InMemoryModelRegistry } from '../../../support/twins/in-memory-model-registry';

const actor = { tenantId: '11111111-1111-4111-8111-111111111111', keyId: 'key-1' };
const body = {
  algorithm: 'robust-zscore',
  hyperparameters: { window: 48, thresholds: [0.9, 0.99], seasonal: { period: 24 } },
  scores: { nabStandard: 71.2 },
  artifact: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/nexus-model-server:1.4.0',
};

/** The path strings of the validation errors a body produces. */
function pathsOf(input: unknown): string[] {
  try {
    parseInput(registerModelVersionInput, input);
  } catch (error) {
    if (error instanceof ValidationError) return error.details.map((d) => d.path);
    throw error;
  }
  return [];
}

describe('registerModelVersion', () => {
  let registry: InMemoryModelRegistry;
  let audit: InMemoryAuditLog;
  const parsed = (input: unknown): RegisterModelVersionInput => parseInput(registerModelVersionInput, input);

  beforeEach(() => {
    registry = new InMemoryModelRegistry();
    audit = new InMemoryAuditLog();
  });

  it('registers staging versions numbered per model and audits each', async () => {
    // Act
    const first = await registerModelVersion({ modelName: 'detector', input: parsed(body) }, actor, {
      registry,
      audit,
    });
    const second = await registerModelVersion({ modelName: 'detector', input: parsed(body) }, actor, {
      registry,
      audit,
    });

    // Assert
    expect([first.created, first.version.version, first.version.stage]).toEqual([true, 1, 'staging']);
    expect(second.version.version).toBe(2);
    expect(first.version.createdBy).toBe('key:key-1');
    expect(audit.entries.map((e) => [e.action, e.target, e.actor, e.tenantId])).toEqual([
      ['model.version-registered', 'model:detector/1', 'key:key-1', actor.tenantId],
      ['model.version-registered', 'model:detector/2', 'key:key-1', actor.tenantId],
    ]);
  });

  it('returns the first version for a retry with the same idempotency key and body, without a new audit entry', async () => {
    // Arrange
    const deps = { registry, audit };
    const first = await registerModelVersion(
      { modelName: 'm', idempotencyKey: 'ci-77', input: parsed(body) },
      actor,
      deps,
    );
    // The same request with its keys in another order.
    const reordered = parsed({
      artifact: body.artifact,
      scores: body.scores,
      hyperparameters: { seasonal: { period: 24 }, thresholds: [0.9, 0.99], window: 48 },
      algorithm: body.algorithm,
    });

    // Act
    const retry = await registerModelVersion(
      { modelName: 'm', idempotencyKey: 'ci-77', input: reordered },
      actor,
      deps,
    );

    // Assert
    expect(retry).toEqual({ version: first.version, created: false });
    expect(audit.entries).toHaveLength(1);
    expect((await registry.findModel('m'))?.latestVersion).toBe(1);
  });

  it('refuses an idempotency key reused for a different registration (409)', async () => {
    // Arrange
    const deps = { registry, audit };
    await registerModelVersion({ modelName: 'm', idempotencyKey: 'ci-78', input: parsed(body) }, actor, deps);

    // Act
    const reuse = registerModelVersion(
      { modelName: 'm', idempotencyKey: 'ci-78', input: parsed({ ...body, scores: { nabStandard: 60 } }) },
      actor,
      deps,
    );

    // Assert
    await expect(reuse).rejects.toBeInstanceOf(ConflictError);
    await expect(reuse).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });
});

describe('registration contract', () => {
  it('accepts a minimal body and defaults the JSON fields to empty objects', () => {
    // Act
    const input = parseInput(registerModelVersionInput, {
      algorithm: 'theta',
      artifact: 's3://models/theta.tar.gz',
    });

    // Assert
    expect(input).toEqual({
      algorithm: 'theta',
      artifact: 's3://models/theta.tar.gz',
      hyperparameters: {},
      scores: {},
    });
  });

  it.each([
    ['a hyperparameters array', { ...body, hyperparameters: [1, 2] }, ['hyperparameters']],
    ['hyperparameters as a string', { ...body, hyperparameters: '{"a":1}' }, ['hyperparameters']],
    ['a non-numeric score', { ...body, scores: { nabStandard: '71.2' } }, ['scores.nabStandard']],
    ['a nested score', { ...body, scores: { nab: { standard: 71 } } }, ['scores.nab']],
    ['an upper-case algorithm', { ...body, algorithm: 'RCF' }, ['algorithm']],
    ['a missing algorithm and artifact', { scores: {} }, ['algorithm', 'artifact']],
    ['an artifact with spaces', { ...body, artifact: 'my image' }, ['artifact']],
    ['an unknown field', { ...body, stage: 'production' }, ['']],
  ])('reports the field path for %s', (_, input, paths) => {
    expect(pathsOf(input)).toEqual(paths);
  });

  it('bounds the size of the hyperparameters', () => {
    // Arrange: one string longer than the 16 KiB bound.
    const big = { ...body, hyperparameters: { blob: 'x'.repeat(16 * 1024) } };

    // Act + Assert
    expect(pathsOf(big)).toEqual(['hyperparameters']);
  });

  it.each([
    ['anomaly-detector', true],
    ['a', true],
    ['-leading', false],
    ['trailing-', false],
    ['under_score', false],
    ['x'.repeat(63), true],
    ['x'.repeat(64), false],
  ])('validates the model name %s as SageMaker would', (name, valid) => {
    const attempt = () => assertRegistryName(name, 'name');
    if (valid) expect(attempt()).toBe(name);
    else expect(attempt).toThrow(ValidationError);
  });

  it('accepts a printable idempotency key and refuses one with spaces', () => {
    expect(assertIdempotencyKey(undefined)).toBeUndefined();
    expect(assertIdempotencyKey('build-2026-11-25#3')).toBe('build-2026-11-25#3');
    expect(() => assertIdempotencyKey('two words')).toThrow(ValidationError);
  });
});
