/** The ingest pipeline's public API: parse → validate → pack (and unpack, for the lake writer). */
export { deriveEventId, isValidEventId } from './event-id';
export { ingestLimits } from './limits';
export { parseBody, type RawBody } from './parse-body';
export { type Envelope, EnvelopeError, packRecords, unpackEnvelope } from './stream-envelope';
export type { ParsedBody, RecordError, ValidRecord } from './types';
export { type ValidationContext, type ValidationResult, validateRecords } from './validate-records';
