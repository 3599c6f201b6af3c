/** Request limits of the ingest API (documented in the README; over them → 413 or a per-record error). */
export const ingestLimits = {
  /** Decompressed body size. */
  maxBodyBytes: 1_048_576,
  maxRecordsPerRequest: 1_000,
  /** Serialized size of one record. */
  maxRecordBytes: 32_768,
  maxStringBytes: 8_192,
} as const;
