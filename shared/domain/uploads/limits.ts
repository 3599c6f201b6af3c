/** Limits of file uploads (documented in the README); the per-record limits are the ingest API's. */
export const uploadLimits = {
  /** Size of the uploaded object, as signed into the presigned PUT (Content-Length). */
  maxFileBytes: 100 * 1_048_576,
  /** Size after gzip is undone: a bomb stops here instead of filling the function's memory. */
  maxDecompressedBytes: 256 * 1_048_576,
  maxRecordsPerFile: 1_000_000,
  /** How long the presigned PUT is valid. */
  urlExpirySeconds: 900,
  /** How many record errors the result summary keeps (the counts are always complete). */
  maxReportedErrors: 100,
} as const;
