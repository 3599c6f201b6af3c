/** Shapes shared by the ingest steps: parse → validate → pack. */

/** One rejected record: which one, which field, why (machine-readable code). */
export interface RecordError {
  readonly index: number;
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export interface ParsedBody {
  readonly records: { readonly index: number; readonly value: unknown }[];
  readonly errors: RecordError[];
  /** CSV and XML carry every value as text, so typed fields may be coerced from strings. */
  readonly textual: boolean;
}

/** A validated record as it travels to the lake: normalised values of the schema's fields only. */
export interface ValidRecord {
  readonly eventId: string;
  readonly tenantId: string;
  readonly dataset: string;
  readonly schemaVersion: number;
  readonly receivedAt: string;
  readonly data: Record<string, unknown>;
}
