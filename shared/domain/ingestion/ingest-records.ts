/**
 * Use case: a request body in, validated records on the event stream out, with a per-record
 * account of what was rejected and why. Nothing is published unless at least one record is
 * valid; the rest of a batch is kept when some records are bad.
 */

import type { EventSink } from '../../ports/event-sink';
import type { DatasetSummary } from '../catalog/dataset-schema';
import { NotFoundError, ValidationError } from '../errors';
import { deriveEventId } from './event-id';
import { parseBody } from './parse-body';
import { packRecords } from './stream-envelope';
import type { ParsedBody, RecordError } from './types';
import { validateRecords } from './validate-records';

export interface IngestRequest {
  readonly tenantId: string;
  readonly dataset: string;
  readonly body: Uint8Array;
  readonly contentType?: string | undefined;
  readonly contentEncoding?: string | undefined;
}

export interface IngestDeps {
  /** A cached schema; `fresh` asks the catalog itself (see SchemaCache). */
  readonly findDataset: (
    tenantId: string,
    name: string,
    options?: { readonly fresh?: boolean },
  ) => Promise<DatasetSummary | null>;
  readonly sink: EventSink;
  readonly now: () => Date;
  /**
   * Counts the request's valid records against the tenant's daily quota, or throws
   * QUOTA_EXCEEDED: one call per request, not per record (see tenancy/rate-limits.ts).
   */
  readonly chargeEvents: (tenantId: string, count: number) => Promise<void>;
}

export interface IngestResult {
  readonly accepted: number;
  readonly rejected: number;
  /** Records dropped because an earlier record of the same request had the same eventId. */
  readonly duplicates: number;
  readonly eventIds: readonly string[];
  readonly errors: readonly RecordError[];
}

export async function ingestRecords(request: IngestRequest, deps: IngestDeps): Promise<IngestResult> {
  const schema = await datasetOrThrow(request.tenantId, request.dataset, deps);
  const parsed = parseBody({
    body: request.body,
    contentType: request.contentType,
    contentEncoding: request.contentEncoding,
  });
  return publishRecords(request.tenantId, schema, parsed, deps);
}

/** Ingests records another parser already produced (the Segment-compatible paths). */
export async function ingestParsed(
  request: { readonly tenantId: string; readonly dataset: string; readonly parsed: ParsedBody },
  deps: IngestDeps,
): Promise<IngestResult> {
  const schema = await datasetOrThrow(request.tenantId, request.dataset, deps);
  return publishRecords(request.tenantId, schema, request.parsed, deps);
}

async function datasetOrThrow(tenantId: string, dataset: string, deps: IngestDeps): Promise<DatasetSummary> {
  const schema = await deps.findDataset(tenantId, dataset);
  if (!schema) {
    throw new NotFoundError('DATASET_NOT_FOUND', `Dataset "${dataset}" does not exist; register it first`, [
      { path: 'dataset', message: 'unknown dataset' },
    ]);
  }
  return schema;
}

async function publishRecords(
  tenantId: string,
  schema: DatasetSummary,
  parsed: ParsedBody,
  deps: IngestDeps,
): Promise<IngestResult> {
  const validate = (against: DatasetSummary) =>
    validateRecords(parsed.records, against, {
      tenantId,
      dataset: against.dataset,
      schemaVersion: against.version,
      receivedAt: deps.now(),
      coerceStrings: parsed.textual,
      deriveEventId: (data) => deriveEventId(tenantId, against.dataset, data),
    });
  let validated = validate(schema);
  if (validated.errors.length > 0) {
    // The cached schema may predate a new version another container registered: ask once more.
    const latest = await deps.findDataset(tenantId, schema.dataset, { fresh: true });
    if (latest && latest.version !== schema.version) validated = validate(latest);
  }
  const errors = [...parsed.errors, ...validated.errors].sort((a, b) => a.index - b.index);
  if (validated.valid.length === 0) {
    throw new ValidationError(
      'NO_VALID_RECORDS',
      `None of the ${parsed.records.length + parsed.errors.length} record(s) is valid`,
      errors.map((e) => ({ index: e.index, path: e.path, code: e.code, message: e.message })),
    );
  }
  await deps.chargeEvents(tenantId, validated.valid.length);
  await deps.sink.publish(packRecords(validated.valid));
  return {
    accepted: validated.valid.length,
    rejected: new Set(errors.map((e) => e.index)).size,
    duplicates: validated.duplicates,
    eventIds: validated.valid.map((r) => r.eventId),
    errors,
  };
}
