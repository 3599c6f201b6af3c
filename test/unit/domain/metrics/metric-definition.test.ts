import { describe, expect, it } from 'vitest';
import { eventsDatasetSchema } from '../../../../shared/domain/catalog/dataset-schema';
import { ValidationError } from '../../../../shared/domain/errors';
import {
  aggregationFloor,
  aggregations,
  checkMetricFields,
  defineMetricInput,
  sameSpec,
  specOf,
} from '../../../../shared/domain/metrics/metric-definition';

const orders = {
  dataset: 'orders',
  version: 1,
  fields: [
    { name: 'eventId', type: 'string' as const, required: false },
    { name: 'timestamp', type: 'timestamp' as const, required: true },
    { name: 'amount', type: 'number' as const, required: false },
    { name: 'country', type: 'string' as const, required: false },
    { name: 'meta', type: 'object' as const, required: false },
  ],
};

function fieldErrors(input: unknown): { path: string; message: string }[] {
  try {
    checkMetricFields(specOf(defineMetricInput.parse(input)), orders);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return [...(error as ValidationError).details];
  }
}

describe('metric definitions', () => {
  it('defaults timeField to "timestamp" and accepts a full definition', () => {
    const parsed = defineMetricInput.parse({
      name: 'Revenue by country',
      dataset: 'orders',
      aggregation: 'sum',
      field: 'amount',
      filter: [{ field: 'country', op: 'in', value: ['DE', 'FR'] }],
      dimensions: ['country'],
    });

    expect(parsed.timeField).toBe('timestamp');
    expect(fieldErrors(parsed)).toEqual([]);
  });

  it('refuses a count with a field, a sum without one, four dimensions and a list for eq', () => {
    const result = defineMetricInput.safeParse({
      name: 'x',
      dataset: 'orders',
      aggregation: 'sum',
      dimensions: ['a', 'b', 'c', 'd'],
      filter: [{ field: 'country', op: 'eq', value: ['DE'] }],
    });

    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['dimensions', 'filter.0.value']));
    const noField = defineMetricInput.safeParse({ name: 'x', dataset: 'orders', aggregation: 'sum' });
    expect(noField.error?.issues.map((i) => i.path.join('.'))).toEqual(['field']);
    expect(
      defineMetricInput.safeParse({ name: 'x', dataset: 'orders', aggregation: 'count', field: 'amount' })
        .success,
    ).toBe(false);
  });

  it('names the path of every field the dataset lacks or cannot aggregate', () => {
    const errors = fieldErrors({
      name: 'bad',
      dataset: 'orders',
      aggregation: 'p95',
      field: 'country',
      timeField: 'amount',
      dimensions: ['country', 'nope'],
      filter: [
        { field: 'amount', op: 'gt', value: 'ten' },
        { field: 'missing', op: 'eq', value: 1 },
      ],
    });

    expect(errors.map((e) => e.path)).toEqual([
      'timeField',
      'field',
      'dimensions[1]',
      'filter[0].value',
      'filter[1].field',
    ]);
  });

  it('accepts a distinct count over a string field of the built-in events dataset', () => {
    const spec = specOf(
      defineMetricInput.parse({ name: 'users', dataset: 'events', aggregation: 'distinct', field: 'userId' }),
    );

    expect(() => checkMetricFields(spec, eventsDatasetSchema)).not.toThrow();
  });

  it('floors counts and distinct counts at 0 and leaves the aggregations that can go negative unbounded', () => {
    const floored = aggregations.filter((a) => aggregationFloor(a) !== undefined);

    expect(floored).toEqual(['count', 'distinct']);
    expect(floored.map(aggregationFloor)).toEqual([0, 0]);
  });

  it('compares specs by content, not key order', () => {
    const a = specOf(defineMetricInput.parse({ name: 'n', dataset: 'orders', aggregation: 'count' }));
    const b = {
      timeField: 'timestamp',
      dimensions: [],
      filter: [],
      aggregation: 'count' as const,
      dataset: 'orders',
    };

    expect(sameSpec(a, b)).toBe(true);
    expect(sameSpec(a, { ...b, dimensions: ['country'] })).toBe(false);
  });
});
