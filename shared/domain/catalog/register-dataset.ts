/** Use case: a tenant registers a dataset, or a new version of its schema. */
import * as z from 'zod';
import type { AuditLog } from '../../ports/audit-log';
import type { DatasetCatalog } from '../../ports/dataset-catalog';
import type { LakeCatalog } from '../../ports/lake-catalog';
import { ConflictError, ValidationError } from '../errors';
import type { DatasetSummary } from './dataset-schema';
import { datasetNameSchema, EVENT_ID_FIELD, eventsDatasetSchema, fieldDefSchema } from './dataset-schema';

/** Columns the lake adds to every dataset; a field may not shadow them. */
const reservedFieldNames = new Set(['receivedat', 'schemaversion', 'tenant', 'dataset', 'dt', 'hour']);
const builtInNames = new Set([eventsDatasetSchema.dataset]);

export const registerDatasetInput = z.object({
  name: datasetNameSchema,
  description: z.string().max(1000).optional(),
  fields: z
    .array(fieldDefSchema)
    .min(1)
    .max(200)
    .superRefine((fields, ctx) => {
      const seen = new Set<string>();
      fields.forEach((field, index) => {
        const lower = field.name.toLowerCase();
        // Athena and DuckDB match column names case-insensitively, so case-only twins would clash.
        if (seen.has(lower)) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'name'],
            message: `duplicate field name "${field.name}"`,
          });
        }
        if (reservedFieldNames.has(lower)) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'name'],
            message: `"${field.name}" is reserved by the lake`,
          });
        }
        if (field.name === EVENT_ID_FIELD && field.type !== 'string') {
          ctx.addIssue({ code: 'custom', path: [index, 'type'], message: 'eventId must be a string field' });
        }
        seen.add(lower);
      });
    }),
});
export type RegisterDatasetInput = z.infer<typeof registerDatasetInput>;

export interface RegisterDatasetDeps {
  readonly catalog: DatasetCatalog;
  readonly audit: AuditLog;
  /** The lake's table catalog (Glue in AWS); absent locally, where DuckDB reads files directly. */
  readonly lakeCatalog?: LakeCatalog | undefined;
}

export async function registerDataset(
  input: RegisterDatasetInput,
  actor: { tenantId: string; keyId: string },
  deps: RegisterDatasetDeps,
): Promise<{ dataset: DatasetSummary; created: boolean; changed: boolean }> {
  if (builtInNames.has(input.name)) {
    throw new ConflictError(
      'DATASET_BUILT_IN',
      `"${input.name}" is a built-in dataset and cannot be redefined`,
      [{ path: 'name', message: 'built-in dataset' }],
    );
  }
  // eventId is the idempotency key of every record, so every dataset has it even if not declared.
  const fields = input.fields.some((f) => f.name === EVENT_ID_FIELD)
    ? input.fields
    : [{ name: EVENT_ID_FIELD, type: 'string' as const, required: false }, ...input.fields];
  const result = await deps.catalog.register(actor.tenantId, input.name, fields, input.description);
  // Also on an unchanged re-registration: it repairs a table whose earlier update failed.
  await deps.lakeCatalog?.ensureTable(actor.tenantId, result.dataset);
  if (result.changed) {
    await deps.audit.record({
      tenantId: actor.tenantId,
      actor: `key:${actor.keyId}`,
      action: result.created ? 'dataset.created' : 'dataset.schema-changed',
      target: input.name,
      details: { version: result.dataset.version, fields: fields.length },
    });
  }
  return result;
}

export function assertDatasetName(name: string): string {
  const parsed = datasetNameSchema.safeParse(name);
  if (!parsed.success) {
    throw new ValidationError('INVALID_DATASET_NAME', `"${name}" is not a valid dataset name`, [
      { path: 'name', message: parsed.error.issues[0]?.message ?? 'invalid' },
    ]);
  }
  return parsed.data;
}
