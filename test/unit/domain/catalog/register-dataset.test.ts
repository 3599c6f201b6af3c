import { beforeEach, describe, expect, it } from 'vitest';
import {
  assertDatasetName,
  registerDataset,
  registerDatasetInput,
} from '../../../../shared/domain/catalog/register-dataset';
import { ConflictError, ValidationError } from '../../../../shared/domain/errors';
import { parseInput } from '../../../../shared/runtime/zod-input';
import { TENANT_A } from '../../../support/events';
import { InMemoryAuditLog } from '../../../support/twins/in-memory-audit-log';
import { InMemoryDatasetCatalog } from '../../../support/twins/in-memory-dataset-catalog';

const actor = { tenantId: TENANT_A, keyId: 'key-1' };

function issuesOf(input: unknown) {
  const result = registerDatasetInput.safeParse(input);
  if (result.success) throw new Error('expected the input to be invalid');
  return result.error.issues.map((i) => ({ path: i.path, message: i.message }));
}

describe('registerDatasetInput', () => {
  it('accepts a valid dataset and defaults required to false', () => {
    // Act
    const input = registerDatasetInput.parse({ name: 'orders', fields: [{ name: 'total', type: 'number' }] });

    // Assert
    expect(input).toEqual({ name: 'orders', fields: [{ name: 'total', type: 'number', required: false }] });
  });

  it('rejects field names that differ only by case, at the later field', () => {
    // Act
    const issues = issuesOf({
      name: 'orders',
      fields: [
        { name: 'total', type: 'number' },
        { name: 'sku', type: 'string' },
        { name: 'Total', type: 'number' },
      ],
    });

    // Assert
    expect(issues).toEqual([{ path: ['fields', 2, 'name'], message: 'duplicate field name "Total"' }]);
  });

  it.each(['receivedAt', 'SCHEMAVERSION', 'tenant', 'dataset', 'dt', 'hour'])(
    'rejects the reserved field name %s',
    (name) => {
      // Act
      const issues = issuesOf({ name: 'orders', fields: [{ name, type: 'string' }] });

      // Assert
      expect(issues).toEqual([{ path: ['fields', 0, 'name'], message: `"${name}" is reserved by the lake` }]);
    },
  );

  it('requires eventId to be a string field', () => {
    // Act
    const issues = issuesOf({ name: 'orders', fields: [{ name: 'eventId', type: 'integer' }] });

    // Assert
    expect(issues).toEqual([{ path: ['fields', 0, 'type'], message: 'eventId must be a string field' }]);
  });

  it('reports field paths like fields[1].type through parseInput', () => {
    // Act
    const attempt = () =>
      parseInput(registerDatasetInput, {
        name: 'Orders',
        fields: [
          { name: 'a', type: 'string' },
          { name: 'b', type: 'decimal' },
        ],
      });

    // Assert
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).details.map((d) => d.path)).toEqual(['name', 'fields[1].type']);
    }
  });

  it.each([[[]], [Array.from({ length: 201 }, (_, i) => ({ name: `f${i}`, type: 'string' }))]])(
    'bounds the number of fields',
    (fields) => {
      // Act / Assert
      expect(registerDatasetInput.safeParse({ name: 'orders', fields }).success).toBe(false);
    },
  );
});

describe('registerDataset', () => {
  let catalog: InMemoryDatasetCatalog;
  let audit: InMemoryAuditLog;

  beforeEach(() => {
    catalog = new InMemoryDatasetCatalog();
    audit = new InMemoryAuditLog();
  });

  it('creates the dataset with eventId added first and records the creation', async () => {
    // Arrange
    const input = registerDatasetInput.parse({ name: 'orders', fields: [{ name: 'total', type: 'number' }] });

    // Act
    const result = await registerDataset(input, actor, { catalog, audit });

    // Assert
    expect(result.created).toBe(true);
    expect(result.changed).toBe(true);
    expect(result.dataset.fields).toEqual([
      { name: 'eventId', type: 'string', required: false },
      { name: 'total', type: 'number', required: false },
    ]);
    expect(audit.entries).toEqual([
      {
        tenantId: TENANT_A,
        actor: 'key:key-1',
        action: 'dataset.created',
        target: 'orders',
        details: { version: 1, fields: 2 },
      },
    ]);
  });

  it('keeps a declared eventId where the tenant put it', async () => {
    // Arrange
    const input = registerDatasetInput.parse({
      name: 'orders',
      fields: [
        { name: 'total', type: 'number' },
        { name: 'eventId', type: 'string', required: true },
      ],
    });

    // Act
    const result = await registerDataset(input, actor, { catalog, audit });

    // Assert
    expect(result.dataset.fields.map((f) => f.name)).toEqual(['total', 'eventId']);
  });

  it('records a schema change, and nothing when the schema is unchanged', async () => {
    // Arrange
    const v1 = registerDatasetInput.parse({ name: 'orders', fields: [{ name: 'total', type: 'number' }] });
    const v2 = registerDatasetInput.parse({
      name: 'orders',
      fields: [
        { name: 'total', type: 'number' },
        { name: 'sku', type: 'string' },
      ],
    });
    await registerDataset(v1, actor, { catalog, audit });

    // Act
    const changed = await registerDataset(v2, actor, { catalog, audit });
    const unchanged = await registerDataset(v2, actor, { catalog, audit });

    // Assert
    expect(changed).toMatchObject({ created: false, changed: true, dataset: { version: 2 } });
    expect(unchanged).toMatchObject({ created: false, changed: false, dataset: { version: 2 } });
    expect(audit.entries.map((e) => [e.action, e.details])).toEqual([
      ['dataset.created', { version: 1, fields: 2 }],
      ['dataset.schema-changed', { version: 2, fields: 3 }],
    ]);
  });

  it('refuses to redefine the built-in events dataset', async () => {
    // Arrange
    const input = registerDatasetInput.parse({ name: 'events', fields: [{ name: 'x', type: 'string' }] });

    // Act
    const attempt = registerDataset(input, actor, { catalog, audit });

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ code: 'DATASET_BUILT_IN', details: [{ path: 'name' }] });
    expect(catalog.calls.register).toBe(0);
    expect(audit.entries).toEqual([]);
  });
});

describe('assertDatasetName', () => {
  it('returns a valid name', () => {
    expect(assertDatasetName('orders_2026')).toBe('orders_2026');
  });

  it.each(['Orders', '1orders', 'orders-x', '', 'a'.repeat(64)])(
    'rejects %j with INVALID_DATASET_NAME',
    (name) => {
      // Act / Assert
      expect(() => assertDatasetName(name)).toThrow(
        expect.objectContaining({
          code: 'INVALID_DATASET_NAME',
          details: [expect.objectContaining({ path: 'name' })],
        }),
      );
    },
  );
});
