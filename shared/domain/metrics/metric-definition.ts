/**
 * Metric definitions: the zod contract of `POST /v1/metrics` and the check of its fields
 * against the dataset's schema, so a metric can never name a column the lake does not have.
 */
import * as z from 'zod';
import type { DatasetSchema, FieldType } from '../catalog/dataset-schema';
import { datasetNameSchema, fieldNameSchema } from '../catalog/dataset-schema';
import { definedProps } from '../defined-props';
import { type ErrorDetail, ValidationError } from '../errors';

export const aggregations = [
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'distinct',
  'p50',
  'p90',
  'p95',
  'p99',
] as const;
export type Aggregation = (typeof aggregations)[number];

/** The least value a metric of this aggregation can take: 0 for counts, none for the others. */
export function aggregationFloor(aggregation: Aggregation): number | undefined {
  return aggregation === 'count' || aggregation === 'distinct' ? 0 : undefined;
}

export const filterOps = ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte'] as const;
export type FilterOp = (typeof filterOps)[number];

const scalar = z.union([z.string().max(1000), z.number(), z.boolean()]);

export const metricFilterSchema = z
  .object({
    field: fieldNameSchema,
    op: z.enum(filterOps),
    value: z.union([scalar, z.array(scalar).min(1).max(100)]),
  })
  .superRefine((filter, ctx) => {
    // `in` takes a list, every other operator one value.
    if ((filter.op === 'in') !== Array.isArray(filter.value)) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: filter.op === 'in' ? '"in" takes a list of values' : `"${filter.op}" takes one value`,
      });
    }
  });
export type MetricFilter = z.infer<typeof metricFilterSchema>;

export const metricNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 _.:-]{0,99}$/, 'letters, digits, space, _ . : - (max 100)');

export const defineMetricInput = z
  .strictObject({
    name: metricNameSchema,
    dataset: datasetNameSchema,
    aggregation: z.enum(aggregations),
    field: fieldNameSchema.optional(),
    filter: z.array(metricFilterSchema).max(20).optional(),
    dimensions: z
      .array(fieldNameSchema)
      .max(3)
      .refine((d) => new Set(d).size === d.length, 'dimensions must be distinct')
      .optional(),
    timeField: fieldNameSchema.default('timestamp'),
  })
  .superRefine((input, ctx) => {
    if (input.aggregation === 'count' && input.field !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['field'], message: 'count takes no field' });
    }
    if (input.aggregation !== 'count' && input.field === undefined) {
      ctx.addIssue({ code: 'custom', path: ['field'], message: `${input.aggregation} needs a field` });
    }
  });
export type DefineMetricInput = z.infer<typeof defineMetricInput>;

/** A stored metric: the definition as given, with its identity and version. */
export interface MetricDefinition {
  readonly metricId: string;
  readonly tenantId: string;
  readonly name: string;
  readonly dataset: string;
  readonly aggregation: Aggregation;
  readonly field?: string;
  readonly filter: readonly MetricFilter[];
  readonly dimensions: readonly string[];
  readonly timeField: string;
  /** Bumped when the definition changes: rollups are keyed by it, so old cells never mix in. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The definition part that decides what a metric counts (what versions compare). */
export type MetricSpec = Pick<
  MetricDefinition,
  'dataset' | 'aggregation' | 'field' | 'filter' | 'dimensions' | 'timeField'
>;

export function specOf(input: DefineMetricInput): MetricSpec {
  return {
    dataset: input.dataset,
    aggregation: input.aggregation,
    ...definedProps({ field: input.field }),
    filter: input.filter ?? [],
    dimensions: input.dimensions ?? [],
    timeField: input.timeField,
  };
}

const numericTypes = new Set<FieldType>(['number', 'integer']);
const comparableTypes = new Set<FieldType>(['number', 'integer', 'string', 'timestamp']);
const dimensionTypes = new Set<FieldType>(['string', 'integer', 'boolean']);

function valueFits(type: FieldType, value: string | number | boolean): boolean {
  switch (type) {
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'timestamp':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value));
    default:
      return typeof value === 'string';
  }
}

/**
 * Checks every field the metric names against the dataset's current schema.
 * @throws ValidationError with one detail per problem, each with the input path.
 */
export function checkMetricFields(spec: MetricSpec, schema: DatasetSchema): void {
  const types = new Map(schema.fields.map((f) => [f.name, f.type]));
  const details: ErrorDetail[] = [];
  const typeAt = (path: string, name: string): FieldType | undefined => {
    const type = types.get(name);
    if (!type) details.push({ path, message: `dataset "${schema.dataset}" has no field "${name}"` });
    return type;
  };

  const timeType = typeAt('timeField', spec.timeField);
  if (timeType && timeType !== 'timestamp')
    details.push({ path: 'timeField', message: `"${spec.timeField}" is a ${timeType}, not a timestamp` });

  if (spec.field !== undefined) {
    const type = typeAt('field', spec.field);
    if (type && spec.aggregation !== 'distinct' && !numericTypes.has(type))
      details.push({
        path: 'field',
        message: `${spec.aggregation} needs a number field, "${spec.field}" is a ${type}`,
      });
    if (type === 'object') details.push({ path: 'field', message: 'object fields cannot be aggregated' });
  }

  spec.dimensions.forEach((name, i) => {
    const type = typeAt(`dimensions[${i}]`, name);
    if (type && !dimensionTypes.has(type))
      details.push({
        path: `dimensions[${i}]`,
        message: `a dimension must be a string, integer or boolean field, "${name}" is a ${type}`,
      });
  });

  spec.filter.forEach((filter, i) => {
    const type = typeAt(`filter[${i}].field`, filter.field);
    if (!type) return;
    if (type === 'object') {
      details.push({ path: `filter[${i}].field`, message: 'object fields cannot be filtered on' });
      return;
    }
    if (['gt', 'gte', 'lt', 'lte'].includes(filter.op) && !comparableTypes.has(type))
      details.push({ path: `filter[${i}].op`, message: `"${filter.op}" does not apply to a ${type} field` });
    const values = Array.isArray(filter.value) ? filter.value : [filter.value];
    values.forEach((value, j) => {
      if (!valueFits(type, value))
        details.push({
          path: Array.isArray(filter.value) ? `filter[${i}].value[${j}]` : `filter[${i}].value`,
          message: `must be a ${type} like field "${filter.field}"`,
        });
    });
  });

  if (details.length > 0)
    throw new ValidationError(
      'INVALID_METRIC_FIELDS',
      'The metric names fields its dataset does not have',
      details,
    );
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function specPart(spec: MetricSpec): MetricSpec {
  const { dataset, aggregation, field, filter, dimensions, timeField } = spec;
  return definedProps({ dataset, aggregation, field, filter, dimensions, timeField });
}

/** Whether two specs (or definitions) count the same thing, key order and other keys aside. */
export function sameSpec(a: MetricSpec, b: MetricSpec): boolean {
  return canonical(specPart(a)) === canonical(specPart(b));
}
