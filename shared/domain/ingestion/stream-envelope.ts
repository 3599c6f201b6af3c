/**
 * The Kinesis record format: many validated records per Kinesis record (fewer PUT payload
 * units, fewer Lambda invocations), as a version byte followed by gzip'd NDJSON. Records are
 * grouped by tenant and dataset; the partition key is the tenant, so a tenant's records stay
 * ordered on one shard and one lake writer at a time commits a tenant's partitions.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ValidRecord } from './types';

const FORMAT_V1 = 0x01;
/** Uncompressed budget per Kinesis record; gzip keeps it far below Kinesis' 1 MiB limit. */
const defaultMaxEnvelopeBytes = 512 * 1024;
const maxUnpackedBytes = 16 * 1024 * 1024;

export interface Envelope {
  readonly partitionKey: string;
  readonly data: Uint8Array;
  readonly eventIds: string[];
}

/** A Kinesis record that is not a Nexus envelope: the consumer quarantines it. */
export class EnvelopeError extends Error {}

function seal(lines: string[]): Uint8Array {
  const packed = gzipSync(lines.join('\n'), { level: 1 });
  const out = new Uint8Array(packed.byteLength + 1);
  out[0] = FORMAT_V1;
  out.set(packed, 1);
  return out;
}

export function packRecords(
  records: readonly ValidRecord[],
  opts: { maxEnvelopeBytes?: number } = {},
): Envelope[] {
  const max = opts.maxEnvelopeBytes ?? defaultMaxEnvelopeBytes;
  const groups = new Map<string, ValidRecord[]>();
  for (const record of records) {
    const key = `${record.tenantId}\0${record.dataset}`;
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  const envelopes: Envelope[] = [];
  for (const group of groups.values()) {
    let lines: string[] = [];
    let ids: string[] = [];
    let bytes = 0;
    const flush = () => {
      if (lines.length === 0) return;
      envelopes.push({ partitionKey: (group[0] as ValidRecord).tenantId, data: seal(lines), eventIds: ids });
      lines = [];
      ids = [];
      bytes = 0;
    };
    for (const record of group) {
      const line = JSON.stringify(record);
      // UTF-8 bytes, as Kinesis and gzip count them; string length counts UTF-16 units.
      const lineBytes = Buffer.byteLength(line, 'utf8');
      if (bytes + lineBytes > max) flush();
      lines.push(line);
      ids.push(record.eventId);
      bytes += lineBytes + 1;
    }
    flush();
  }
  return envelopes;
}

function asRecord(value: unknown, line: number): ValidRecord {
  const r = value as Partial<ValidRecord> | null;
  if (
    r === null ||
    typeof r !== 'object' ||
    typeof r.eventId !== 'string' ||
    typeof r.tenantId !== 'string' ||
    typeof r.dataset !== 'string' ||
    typeof r.receivedAt !== 'string' ||
    !Number.isInteger(r.schemaVersion) ||
    r.data === null ||
    typeof r.data !== 'object'
  ) {
    throw new EnvelopeError(`line ${line} is not a valid record`);
  }
  return r as ValidRecord;
}

export function unpackEnvelope(data: Uint8Array): ValidRecord[] {
  if (data[0] !== FORMAT_V1) throw new EnvelopeError(`unknown envelope format ${data[0] ?? 'empty'}`);
  let text: string;
  try {
    text = gunzipSync(data.subarray(1), { maxOutputLength: maxUnpackedBytes }).toString('utf8');
  } catch (error) {
    throw new EnvelopeError(`envelope is not valid gzip: ${(error as Error).message}`);
  }
  return text.split('\n').map((line, i) => {
    try {
      return asRecord(JSON.parse(line), i);
    } catch (error) {
      if (error instanceof EnvelopeError) throw error;
      throw new EnvelopeError(`line ${i} is not JSON`);
    }
  });
}
