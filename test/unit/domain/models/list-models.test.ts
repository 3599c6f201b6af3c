import { beforeEach, describe, expect, it } from 'vitest';
import { definedProps } from '../../../../shared/domain/defined-props';
import { ValidationError } from '../../../../shared/domain/errors';
import { listModels, listModelVersions, listPageInput } from '../../../../shared/domain/models/list-models';
import { registerModelVersion } from '../../../../shared/domain/models/register-model-version';
import { parseInput } from '../../../../shared/runtime/zod-input';
import { InMemoryAuditLog } from '../../../support/twins/in-memory-audit-log';
import { InMemoryModelRegistry } from '../../../support/twins/in-memory-model-registry';

const actor = { tenantId: '11111111-1111-4111-8111-111111111111', keyId: 'key-1' };
const input = { algorithm: 'theta', artifact: 's3://m/theta.tgz', hyperparameters: {}, scores: {} };

describe('listing models and versions', () => {
  let registry: InMemoryModelRegistry;

  beforeEach(() => {
    registry = new InMemoryModelRegistry();
  });

  async function register(model: string, times = 1): Promise<void> {
    const deps = { registry, audit: new InMemoryAuditLog() };
    for (let i = 0; i < times; i++) await registerModelVersion({ modelName: model, input }, actor, deps);
  }

  it('walks every model in name order through its cursors', async () => {
    // Arrange
    const names = ['forecast-b', 'Alpha', 'detector', 'forecast-a', 'zeta', 'beta', 'm4'];
    for (const name of names) await register(name);
    const expected = [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

    // Act
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listModels({ limit: 3, ...definedProps({ cursor }) }, { registry });
      seen.push(...page.items.map((m) => m.name));
      pageSizes.push(page.items.length);
      cursor = page.nextCursor;
    } while (cursor);

    // Assert
    expect(seen).toEqual(expected);
    expect(pageSizes).toEqual([3, 3, 1]);
  });

  it('pages versions newest first', async () => {
    // Arrange
    await register('detector', 5);

    // Act
    const first = await listModelVersions('detector', { limit: 2 }, { registry });
    const second = await listModelVersions('detector', { limit: 2, cursor: first.nextCursor }, { registry });
    const third = await listModelVersions('detector', { limit: 2, cursor: second.nextCursor }, { registry });

    // Assert
    expect([first, second, third].map((p) => p.items.map((v) => v.version))).toEqual([[5, 4], [3, 2], [1]]);
    expect(third.nextCursor).toBeUndefined();
  });

  it('answers 404 for the versions of an unknown model', async () => {
    await expect(listModelVersions('ghost', { limit: 10 }, { registry })).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
    });
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['a versions cursor given to the models list', Buffer.from('{"before":3}').toString('base64url')],
    ['an empty object', Buffer.from('{}').toString('base64url')],
  ])('refuses a cursor that is %s, naming the cursor', async (_, cursor) => {
    const attempt = listModels({ limit: 10, cursor }, { registry });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ code: 'INVALID_CURSOR', details: [{ path: 'cursor' }] });
  });

  it('reads limit from the query string, defaulting to 25 and refusing 0 and 101', () => {
    expect(parseInput(listPageInput, {})).toEqual({ limit: 25 });
    expect(parseInput(listPageInput, { limit: '7' })).toEqual({ limit: 7 });
    for (const limit of ['0', '101', 'ten']) {
      expect(() => parseInput(listPageInput, { limit })).toThrow(ValidationError);
    }
  });
});
