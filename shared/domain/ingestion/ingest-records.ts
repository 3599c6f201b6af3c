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
import type { RecordError } from './types';
import { validateRecords } from './validate-records';

export interface IngestRequest {
  readonly tenantId: string;
  readonly dataset: string;
  readonly body: Uint8Array;
  readonly contentType?: string | undefined;
  readonly contentEncoding?: string | undefined;
}

export interface IngestDeps {
  readonly findDataset: (tenantId: string, name: string) => Promise<DatasetSummary | null>;
  readonly sink: EventSink;
  readonly now: () => Date;
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
  const schema = await deps.findDataset(request.tenantId, request.dataset);
  if (!schema) {
    throw new NotFoundError(
      'DATASET_NOT_FOUND',
      `Dataset "${request.dataset}" does not exist; register it first`,
      [{ path: 'dataset', message: 'unknown dataset' }],
    );
  }
  const parsed = parseBody({
    body: request.body,
    ...(request.contentType ? { contentType: request.contentType } : {}),
    ...(request.contentEncoding ? { contentEncoding: request.contentEncoding } : {}),
  });
  const validated = validateRecords(parsed.records, schema, {
    tenantId: request.tenantId,
    dataset: schema.dataset,
    schemaVersion: schema.version,
    receivedAt: deps.now(),
    coerceStrings: parsed.textual,
    deriveEventId: (data) => deriveEventId(request.tenantId, schema.dataset, data),
  });
  const errors = [...parsed.errors, ...validated.errors].sort((a, b) => a.index - b.index);
  if (validated.valid.length === 0) {
    throw new ValidationError(
      'NO_VALID_RECORDS',
      `None of the ${parsed.records.length + parsed.errors.length} record(s) is valid`,
      errors.map((e) => ({ index: e.index, path: e.path, code: e.code, message: e.message })),
    );
  }
  await deps.sink.publish(packRecords(validated.valid));
  return {
    accepted: validated.valid.length,
    rejected: new Set(errors.map((e) => e.index)).size,
    duplicates: validated.duplicates,
    eventIds: validated.valid.map((r) => r.eventId),
    errors,
  };
}
