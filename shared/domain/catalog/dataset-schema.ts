/**
 * Dataset schemas: the typed fields a tenant's records are validated against and that become
 * the columns of the dataset's table in the lake.
 */
import * as z from 'zod';

export const fieldTypes = ['string', 'number', 'integer', 'boolean', 'timestamp', 'object'] as const;
export type FieldType = (typeof fieldTypes)[number];

/** Dataset and field names become SQL identifiers, so they are kept to a safe alphabet. */
export const datasetNameSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]{0,62}$/,
    'must start with a lowercase letter and hold only a-z, 0-9 and _ (max 63)',
  );
export const fieldNameSchema = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_]{0,62}$/,
    'must start with a letter and hold only letters, digits and _ (max 63)',
  );

export const fieldDefSchema = z.object({
  name: fieldNameSchema,
  type: z.enum(fieldTypes),
  required: z.boolean().default(false),
  description: z.string().max(500).optional(),
});
export type FieldDef = z.infer<typeof fieldDefSchema>;

export interface DatasetSchema {
  readonly dataset: string;
  readonly version: number;
  readonly fields: readonly FieldDef[];
}

/** A dataset as the catalog lists it: its current schema and what describes it. */
export interface DatasetSummary extends DatasetSchema {
  readonly description?: string;
  readonly builtIn: boolean;
  readonly updatedAt: string;
}

/**
 * Every record carries an `eventId`, unique per tenant and dataset: it is the idempotency key
 * from the API to the curated lake. Clients may send it; otherwise the API derives it.
 */
export const EVENT_ID_FIELD = 'eventId';

/** The built-in dataset every tenant has. */
export const eventsDatasetSchema: DatasetSchema = {
  dataset: 'events',
  version: 1,
  fields: [
    { name: 'eventId', type: 'string', required: false },
    { name: 'name', type: 'string', required: true },
    { name: 'timestamp', type: 'timestamp', required: true },
    { name: 'userId', type: 'string', required: false },
    { name: 'properties', type: 'object', required: false },
  ],
};
