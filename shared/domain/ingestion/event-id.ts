/** Event ids: the per-tenant, per-dataset idempotency key of every record. */
import { createHash } from 'node:crypto';

const EVENT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export function isValidEventId(value: string): boolean {
  return EVENT_ID_PATTERN.test(value);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * An id derived from the record's normalised content, for records sent without one: a client
 * that retries the same request gets the same ids, so the lake stores the records once. The
 * trade-off: two genuinely distinct records with identical content (same timestamp included)
 * collapse into one; clients that can send such records should send their own eventId.
 */
export function deriveEventId(
  tenantId: string,
  dataset: string,
  data: Readonly<Record<string, unknown>>,
): string {
  const digest = createHash('sha256')
    .update(tenantId)
    .update('\0')
    .update(dataset)
    .update('\0')
    .update(canonical(data));
  return `h_${digest.digest('base64url').slice(0, 26)}`;
}
