import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetSchema } from '../../../../shared/domain/catalog/dataset-schema';
import {
  type ValidationContext,
  type ValidationResult,
  validateRecords,
} from '../../../../shared/domain/ingestion/validate-records';
import { TENANT_A } from '../../../support/events';

const schema: DatasetSchema = {
  dataset: 'orders',
  version: 3,
  fields: [
    { name: 'eventId', type: 'string', required: false },
    { name: 'sku', type: 'string', required: true },
    { name: 'price', type: 'number', required: false },
    { name: 'qty', type: 'integer', required: false },
    { name: 'gift', type: 'boolean', required: false },
    { name: 'at', type: 'timestamp', required: false },
    { name: 'meta', type: 'object', required: false },
  ],
};

const RECEIVED_AT = new Date('2026-03-04T05:06:07.089Z');

interface Harness {
  readonly derived: { data: Readonly<Record<string, unknown>>; index: number }[];
  run(
    values: readonly unknown[],
    opts?: { textual?: boolean; indices?: readonly number[] },
  ): ValidationResult;
}

/** validateRecords over `values` (indexed 0..n-1 unless given), recording each id derivation. */
function harness(): Harness {
  const derived: Harness['derived'] = [];
  return {
    derived,
    run(values, opts = {}) {
      const ctx: ValidationContext = {
        tenantId: TENANT_A,
        dataset: 'orders',
        schemaVersion: 3,
        receivedAt: RECEIVED_AT,
        coerceStrings: opts.textual ?? false,
        deriveEventId: (data, index) => {
          derived.push({ data, index });
          return `derived-${index}`;
        },
      };
      return validateRecords(
        values.map((value, i) => ({ index: opts.indices?.[i] ?? i, value })),
        schema,
        ctx,
      );
    },
  };
}

/** The normalised value of one field of one record (fails when the record is rejected). */
function accepted(field: string, value: unknown, textual = false): unknown {
  const result = harness().run([{ sku: 'A-1', [field]: value }], { textual });
  expect(result.errors).toEqual([]);
  expect(result.valid).toHaveLength(1);
  return result.valid[0]?.data[field];
}

/** The one error of one record holding `field: value`. */
function rejected(field: string, value: unknown, textual = false) {
  const result = harness().run([{ sku: 'A-1', [field]: value }], { textual });
  expect(result.valid).toEqual([]);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatchObject({ index: 0, path: `[0].${field}` });
  return result.errors[0];
}

describe('validateRecords: a valid record', () => {
  it('becomes a ValidRecord stamped with the context and holding the schema fields only', () => {
    // Act
    const result = harness().run([
      {
        sku: 'A-1',
        price: 9.5,
        qty: 2,
        gift: false,
        at: '2026-03-04T07:06:07+02:00',
        meta: { color: 'red' },
      },
    ]);

    // Assert
    expect(result.errors).toEqual([]);
    expect(result.duplicates).toBe(0);
    expect(result.valid).toEqual([
      {
        eventId: 'derived-0',
        tenantId: TENANT_A,
        dataset: 'orders',
        schemaVersion: 3,
        receivedAt: '2026-03-04T05:06:07.089Z',
        data: {
          sku: 'A-1',
          price: 9.5,
          qty: 2,
          gift: false,
          at: '2026-03-04T05:06:07.000Z',
          meta: { color: 'red' },
        },
      },
    ]);
  });

  it('leaves absent and null optional fields out of data', () => {
    // Act
    const result = harness().run([{ sku: 'A-1', price: null }]);

    // Assert
    expect(result.valid[0]?.data).toEqual({ sku: 'A-1' });
    expect(Object.keys(result.valid[0]?.data ?? {})).toEqual(['sku']);
  });
});

describe('validateRecords: string', () => {
  it('keeps strings as they are, the empty string included in JSON', () => {
    expect(accepted('sku', ' A 1 ')).toBe(' A 1 ');
    expect(accepted('sku', '')).toBe('');
  });

  it.each([
    [42, 'number'],
    [true, 'boolean'],
    [{ a: 1 }, 'object'],
    [['a'], 'array'],
  ])('refuses %j with TYPE_MISMATCH naming the type received', (value, got) => {
    // Act
    const error = rejected('sku', value);

    // Assert
    expect(error).toMatchObject({ code: 'TYPE_MISMATCH' });
    expect(error?.message).toContain(`got ${got}`);
  });
});

describe('validateRecords: number', () => {
  it.each([0, -3, 9.5, 1e21])('accepts the JSON number %d', (value) => {
    expect(accepted('price', value)).toBe(value);
  });

  it('refuses a numeric string in JSON (no coercion outside CSV and XML)', () => {
    expect(rejected('price', '9.5')).toMatchObject({ code: 'TYPE_MISMATCH' });
  });

  it.each([
    ['9.5', 9.5],
    ['-2e3', -2000],
    ['.5', 0.5],
    ['+3', 3],
    ['7.', 7],
  ])('coerces the text %j in CSV and XML', (value, expected) => {
    expect(accepted('price', value, true)).toBe(expected);
  });

  it.each(['abc', '0x10', '1,5', 'NaN', 'Infinity', '1 2', '--1'])('refuses the text %j', (value) => {
    expect(rejected('price', value, true)).toMatchObject({ code: 'TYPE_MISMATCH' });
  });

  it('refuses a text that overflows to infinity', () => {
    expect(rejected('price', '1e999', true)).toMatchObject({ code: 'TYPE_MISMATCH' });
  });
});

describe('validateRecords: integer', () => {
  it.each([0, -7, 2 ** 53 - 1])('accepts %d', (value) => {
    expect(accepted('qty', value)).toBe(value);
  });

  it.each([1.5, 2 ** 53, -(2 ** 53)])('refuses %d (not a safe integer)', (value) => {
    expect(rejected('qty', value)).toMatchObject({ code: 'TYPE_MISMATCH' });
  });

  it('coerces integral text in CSV and XML, and refuses fractional text', () => {
    expect(accepted('qty', '42', true)).toBe(42);
    expect(accepted('qty', '1e3', true)).toBe(1000);
    expect(rejected('qty', '4.2', true)).toMatchObject({ code: 'TYPE_MISMATCH' });
  });

  it('refuses integral text in JSON', () => {
    expect(rejected('qty', '42')).toMatchObject({ code: 'TYPE_MISMATCH' });
  });
});

describe('validateRecords: boolean', () => {
  it('accepts JSON booleans', () => {
    expect(accepted('gift', true)).toBe(true);
    expect(accepted('gift', false)).toBe(false);
  });

  it.each(['true', 1, 0])('refuses %j in JSON', (value) => {
    expect(rejected('gift', value)).toMatchObject({ code: 'TYPE_MISMATCH' });
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['false', false],
    ['False', false],
    ['0', false],
  ])('coerces the text %j in CSV and XML', (value, expected) => {
    expect(accepted('gift', value, true)).toBe(expected);
  });

  it.each(['yes', 'no', 't', '2'])('refuses the text %j', (value) => {
    expect(rejected('gift', value, true)).toMatchObject({ code: 'TYPE_MISMATCH' });
  });
});

describe('validateRecords: timestamp', () => {
  // A zone far from UTC, so that a time without a zone read as local time would show.
  let savedTz: string | undefined;
  beforeAll(() => {
    savedTz = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
  });
  afterAll(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it.each([
    ['2026-03-04T05:06:07.089Z', '2026-03-04T05:06:07.089Z'],
    ['2026-03-04T05:06:07Z', '2026-03-04T05:06:07.000Z'],
    ['2026-03-04T07:06:07+02:00', '2026-03-04T05:06:07.000Z'],
    ['2026-03-04T00:36:07-04:30', '2026-03-04T05:06:07.000Z'],
    ['2026-03-04T05:06:07', '2026-03-04T05:06:07.000Z'],
    ['2026-03-04 05:06:07', '2026-03-04T05:06:07.000Z'],
    ['2026-03-04T05:06', '2026-03-04T05:06:00.000Z'],
    ['2026-03-04', '2026-03-04T00:00:00.000Z'],
  ])('normalises %j to UTC ISO-8601 (no zone means UTC)', (value, expected) => {
    expect(accepted('at', value)).toBe(expected);
  });

  it('reads a number as epoch milliseconds', () => {
    expect(accepted('at', Date.UTC(2026, 2, 4, 5, 6, 7, 89))).toBe('2026-03-04T05:06:07.089Z');
  });

  it('reads epoch milliseconds sent as text in CSV and XML only', () => {
    // Arrange
    const millis = String(Date.UTC(2026, 2, 4, 5, 6, 7));

    // Act / Assert
    expect(accepted('at', millis, true)).toBe('2026-03-04T05:06:07.000Z');
    expect(rejected('at', millis)).toMatchObject({ code: 'INVALID_TIMESTAMP' });
  });

  it.each([
    'yesterday',
    '04/03/2026',
    '2026-3-4',
    '2026-03-04T05:06:07 UTC',
    '2026-13-01',
    '2026-03-04T25:00:00Z',
  ])('refuses %j with INVALID_TIMESTAMP', (value) => {
    expect(rejected('at', value)).toMatchObject({ code: 'INVALID_TIMESTAMP' });
  });

  it.each([
    '2026-02-30',
    '2026-04-31T10:00:00',
    '2026-02-29T12:00:00Z',
    '2026-06-31 08:00',
    '2026-11-31T23:30:00-05:00',
    '2026-01-32',
    '2026-00-10',
    '2026-03-00T00:00:00Z',
    '2100-02-29',
    '2026-03-04T23:60:00Z',
    '2026-03-04T23:59:60Z',
  ])('refuses the impossible date or time %j with INVALID_TIMESTAMP rather than moving it', (value) => {
    expect(rejected('at', value)).toMatchObject({ code: 'INVALID_TIMESTAMP' });
  });

  it.each([
    ['a leap day', '2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
    ['a leap day of a century divisible by 400', '2000-02-29', '2000-02-29T00:00:00.000Z'],
    ['the last day of a 31-day month', '2026-12-31T23:59:59Z', '2026-12-31T23:59:59.000Z'],
    [
      'a written date whose offset moves it across a month end',
      '2026-02-28T23:30:00-01:00',
      '2026-03-01T00:30:00.000Z',
    ],
    [
      'a written date whose offset moves it back a day',
      '2026-03-01T00:30:00+02:00',
      '2026-02-28T22:30:00.000Z',
    ],
    [
      '24:00 as the end of the day (ECMAScript, ISO 8601)',
      '2026-02-28T24:00:00Z',
      '2026-03-01T00:00:00.000Z',
    ],
  ])('accepts %s', (_what, value, expected) => {
    expect(accepted('at', value)).toBe(expected);
  });

  it.each([
    ['before 2000', '1999-12-31T23:59:59.999Z'],
    ['in 2101', '2101-01-01T00:00:00.000Z'],
    ['epoch seconds taken as milliseconds (1970)', Date.UTC(2026, 2, 4) / 1000],
  ])('refuses a date %s with INVALID_TIMESTAMP', (_what, value) => {
    expect(rejected('at', value)).toMatchObject({ code: 'INVALID_TIMESTAMP' });
  });

  it('accepts both ends of the 2000-2100 range', () => {
    expect(accepted('at', '2000-01-01T00:00:00Z')).toBe('2000-01-01T00:00:00.000Z');
    expect(accepted('at', '2100-12-31T23:59:59.999Z')).toBe('2100-12-31T23:59:59.999Z');
  });

  it.each([true, { t: 1 }])('refuses %j with TYPE_MISMATCH', (value) => {
    expect(rejected('at', value)).toMatchObject({ code: 'TYPE_MISMATCH' });
  });
});

describe('validateRecords: object', () => {
  it('keeps an object as it is', () => {
    expect(accepted('meta', { a: { b: [1, 2] } })).toEqual({ a: { b: [1, 2] } });
  });

  it.each([
    [[1, 2], 'array'],
    ['{"a":1}', 'string'],
    [3, 'number'],
  ])('refuses %j with TYPE_MISMATCH', (value, got) => {
    // Act
    const error = rejected('meta', value);

    // Assert
    expect(error).toMatchObject({ code: 'TYPE_MISMATCH' });
    expect(error?.message).toContain(`got ${got}`);
  });
});

describe('validateRecords: required fields', () => {
  it.each([
    ['missing', {}],
    ['null', { sku: null }],
  ])('rejects a record whose required field is %s with REQUIRED', (_what, value) => {
    // Act
    const result = harness().run([value]);

    // Assert
    expect(result.valid).toEqual([]);
    expect(result.errors).toMatchObject([{ index: 0, path: '[0].sku', code: 'REQUIRED' }]);
  });

  it('treats an empty cell as missing in CSV and XML', () => {
    // Act
    const result = harness().run([{ sku: '', price: '' }], { textual: true });

    // Assert
    expect(result.errors).toMatchObject([{ index: 0, path: '[0].sku', code: 'REQUIRED' }]);
  });
});

describe('validateRecords: unknown fields', () => {
  it('rejects a record holding a field the schema does not have, naming it in the path', () => {
    // Act
    const result = harness().run([{ sku: 'A-1', colour: 'red' }]);

    // Assert
    expect(result.valid).toEqual([]);
    expect(result.errors).toMatchObject([{ index: 0, path: '[0].colour', code: 'UNKNOWN_FIELD' }]);
  });

  it('ignores a tenant id in the body: neither an error nor stored', () => {
    // Act
    const result = harness().run([{ sku: 'A-1', tenantId: 'someone-else', tenant_id: 'someone-else' }]);

    // Assert
    expect(result.errors).toEqual([]);
    expect(result.valid[0]?.tenantId).toBe(TENANT_A);
    expect(result.valid[0]?.data).toEqual({ sku: 'A-1' });
  });

  it('rejects an own "__proto__" key as an unknown field', () => {
    // Arrange
    const value = JSON.parse('{"sku":"A-1","__proto__":{"x":1}}') as unknown;

    // Act
    const result = harness().run([value]);

    // Assert
    expect(result.errors).toMatchObject([{ index: 0, path: '[0].__proto__', code: 'UNKNOWN_FIELD' }]);
  });

  it('looks at own fields only: an enumerable key on Object.prototype is not an unknown field', () => {
    // Arrange
    Object.defineProperty(Object.prototype, 'polluted', {
      value: 'yes',
      enumerable: true,
      configurable: true,
      writable: true,
    });

    // Act
    let result: ValidationResult;
    try {
      result = harness().run([{ sku: 'A-1' }]);
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }

    // Assert
    expect(result.errors).toEqual([]);
    expect(result.valid).toHaveLength(1);
  });
});

describe('validateRecords: fields named like Object.prototype members', () => {
  const memberSchema: DatasetSchema = {
    dataset: 'members',
    version: 1,
    fields: [
      { name: 'valueOf', type: 'string', required: true },
      { name: 'constructor', type: 'string', required: false },
      { name: 'toString', type: 'object', required: false },
      { name: 'hasOwnProperty', type: 'boolean', required: false },
    ],
  };
  const run = (value: unknown): ValidationResult =>
    validateRecords([{ index: 0, value }], memberSchema, {
      tenantId: TENANT_A,
      dataset: 'members',
      schemaVersion: 1,
      receivedAt: RECEIVED_AT,
      coerceStrings: false,
      deriveEventId: (_data, index) => `derived-${index}`,
    });

  it('reports a missing required field as REQUIRED, not as the inherited method', () => {
    // Act
    const result = run({});

    // Assert
    expect(result.valid).toEqual([]);
    expect(result.errors).toMatchObject([{ index: 0, path: '[0].valueOf', code: 'REQUIRED' }]);
  });

  it('accepts a record that leaves the optional ones out', () => {
    // Act
    const result = run({ valueOf: 'v' });

    // Assert
    expect(result.errors).toEqual([]);
    expect(result.valid[0]?.data).toEqual({ valueOf: 'v' });
  });

  it('validates and keeps them when they are sent', () => {
    // Act
    const result = run({ valueOf: 'v', constructor: 'c', toString: { a: 1 }, hasOwnProperty: true });

    // Assert
    expect(result.errors).toEqual([]);
    expect(result.valid[0]?.data).toEqual({
      valueOf: 'v',
      constructor: 'c',
      toString: { a: 1 },
      hasOwnProperty: true,
    });
  });

  it('still type-checks them', () => {
    // Act
    const result = run({ valueOf: 'v', constructor: 3 });

    // Assert
    expect(result.errors).toMatchObject([{ index: 0, path: '[0].constructor', code: 'TYPE_MISMATCH' }]);
  });
});

describe('validateRecords: errors per record, rest of the batch kept', () => {
  it('reports every problem of a record and keeps the valid records around it', () => {
    // Act
    const result = harness().run([
      { sku: 'ok-0' },
      { price: 'x', qty: 1.5, extra: 1 },
      { sku: 'ok-2', gift: true },
    ]);

    // Assert
    expect(result.valid.map((r) => r.data.sku)).toEqual(['ok-0', 'ok-2']);
    expect(result.errors.map((e) => [e.index, e.path, e.code])).toEqual([
      [1, '[1].sku', 'REQUIRED'],
      [1, '[1].price', 'TYPE_MISMATCH'],
      [1, '[1].qty', 'TYPE_MISMATCH'],
      [1, '[1].extra', 'UNKNOWN_FIELD'],
    ]);
  });

  it.each([
    [42, 'number'],
    [null, 'null'],
    [[{ sku: 'A-1' }], 'array'],
    ['A-1', 'string'],
  ])('rejects the non-object %j with NOT_AN_OBJECT at the record path', (value, got) => {
    // Act
    const result = harness().run([{ sku: 'ok' }, value]);

    // Assert
    expect(result.valid).toHaveLength(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ index: 1, path: '[1]', code: 'NOT_AN_OBJECT' });
    expect(result.errors[0]?.message).toContain(got);
  });

  it('keeps the index each record came with (records dropped by the parser leave gaps)', () => {
    // Act
    const result = harness().run([{ sku: 'a' }, { sku: 1 }], { indices: [3, 7] });

    // Assert
    expect(result.errors).toMatchObject([{ index: 7, path: '[7].sku' }]);
    expect(result.valid[0]?.eventId).toBe('derived-3');
  });
});

describe('validateRecords: event ids', () => {
  it('keeps an eventId the client sent and derives none for it', () => {
    // Arrange
    const h = harness();

    // Act
    const result = h.run([{ sku: 'A-1', eventId: 'order-17:v2' }]);

    // Assert
    expect(result.valid[0]?.eventId).toBe('order-17:v2');
    expect(result.valid[0]?.data).toEqual({ sku: 'A-1' });
    expect(h.derived).toEqual([]);
  });

  it.each([
    ['null', null],
    ['empty', ''],
    ['absent', undefined],
  ])('derives an id from the normalised data when eventId is %s', (_what, eventId) => {
    // Arrange
    const h = harness();
    const value = eventId === undefined ? { sku: 'A-1', qty: '2' } : { sku: 'A-1', qty: '2', eventId };

    // Act
    const result = h.run([value], { textual: true });

    // Assert
    expect(result.valid[0]?.eventId).toBe('derived-0');
    expect(h.derived).toEqual([{ data: { sku: 'A-1', qty: 2 }, index: 0 }]);
  });

  it.each([
    ['a number', 17],
    ['spaces', 'order 17'],
    ['a slash', 'a/b'],
    ['129 characters', 'x'.repeat(129)],
  ])('rejects an eventId with %s with INVALID_EVENT_ID', (_what, eventId) => {
    // Act
    const result = harness().run([{ sku: 'A-1', eventId }, { sku: 'A-2' }]);

    // Assert
    expect(result.valid.map((r) => r.data.sku)).toEqual(['A-2']);
    expect(result.errors).toMatchObject([{ index: 0, path: '[0].eventId', code: 'INVALID_EVENT_ID' }]);
  });

  it('drops a later record repeating an eventId of the same request and counts it', () => {
    // Act
    const result = harness().run([
      { sku: 'first', eventId: 'e1' },
      { sku: 'second', eventId: 'e1' },
      { sku: 'other', eventId: 'e2' },
    ]);

    // Assert
    expect(result.valid.map((r) => [r.eventId, r.data.sku])).toEqual([
      ['e1', 'first'],
      ['e2', 'other'],
    ]);
    expect(result.duplicates).toBe(1);
    expect(result.errors).toEqual([]);
  });

  it('does not let a rejected record claim an eventId', () => {
    // Act
    const result = harness().run([
      { sku: 1, eventId: 'e1' },
      { sku: 'valid', eventId: 'e1' },
    ]);

    // Assert
    expect(result.valid.map((r) => r.data.sku)).toEqual(['valid']);
    expect(result.duplicates).toBe(0);
  });

  it('treats equal derived ids as duplicates too', () => {
    // Arrange
    const ctx: ValidationContext = {
      tenantId: TENANT_A,
      dataset: 'orders',
      schemaVersion: 3,
      receivedAt: RECEIVED_AT,
      coerceStrings: false,
      deriveEventId: (data) => `h-${String(data.sku)}`,
    };

    // Act
    const result = validateRecords(
      [
        { index: 0, value: { sku: 'same' } },
        { index: 1, value: { sku: 'same' } },
        { index: 2, value: { sku: 'different' } },
      ],
      schema,
      ctx,
    );

    // Assert
    expect(result.valid.map((r) => r.eventId)).toEqual(['h-same', 'h-different']);
    expect(result.duplicates).toBe(1);
  });
});
