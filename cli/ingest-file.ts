/** `nexus ingest`: splits a CSV, NDJSON or JSON file into request-sized batches and reports progress. */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { call } from './api';
import { type Profile, UserError } from './profiles';

const recordsPerRequest = 1_000;
const maxRequestBytes = 900 * 1024;

type Format = 'csv' | 'ndjson' | 'json';
const contentTypes: Record<Format, string> = {
  csv: 'text/csv',
  ndjson: 'application/x-ndjson',
  json: 'application/json',
};

export function formatOf(file: string, explicit: string | undefined): Format {
  const name = explicit ?? extname(file).slice(1).replace('jsonl', 'ndjson');
  if (name === 'csv' || name === 'ndjson' || name === 'json') return name;
  throw new UserError(`cannot tell the format of "${file}"; pass --format csv|ndjson|json`, 2);
}

/** Request bodies of at most 1,000 records and ~900 KiB each; CSV chunks repeat the header. */
export function* batches(text: string, format: Format): Generator<{ body: string; records: number }> {
  let lines: string[];
  let header = '';
  if (format === 'json') {
    const parsed = JSON.parse(text) as unknown;
    const items = Array.isArray(parsed) ? parsed : [parsed];
    lines = items.map((item) => JSON.stringify(item));
  } else {
    lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
    if (format === 'csv') header = lines.shift() ?? '';
  }
  let chunk: string[] = [];
  let bytes = 0;
  const flush = () => {
    const body =
      format === 'json'
        ? `[${chunk.join(',')}]`
        : format === 'csv'
          ? `${header}\n${chunk.join('\n')}\n`
          : `${chunk.join('\n')}\n`;
    const out = { body, records: chunk.length };
    chunk = [];
    bytes = 0;
    return out;
  };
  for (const line of lines) {
    if (chunk.length >= recordsPerRequest || bytes + line.length > maxRequestBytes) yield flush();
    chunk.push(line);
    bytes += line.length + 1;
  }
  if (chunk.length > 0) yield flush();
}

const count = (text: string, format: Format) =>
  format === 'json'
    ? undefined
    : text.split(/\r?\n/).filter((l) => l.trim() !== '').length - (format === 'csv' ? 1 : 0);

export async function ingestFile(
  profile: Profile,
  options: { file: string; dataset: string; format: string | undefined },
  out: NodeJS.WriteStream,
): Promise<{ accepted: number; rejected: number }> {
  const format = formatOf(options.file, options.format);
  const text =
    options.file === '-'
      ? await readStdin()
      : await readFile(options.file, 'utf8').catch(() => {
          throw new UserError(`cannot read ${options.file}`);
        });
  const total = count(text, format);
  const path =
    options.dataset === 'events'
      ? '/v1/events'
      : `/v1/datasets/${encodeURIComponent(options.dataset)}/records`;
  const started = Date.now();
  let sent = 0;
  let accepted = 0;
  let rejected = 0;
  for (const batch of batches(text, format)) {
    const result = await call<{ accepted: number; rejected: number }>(profile, 'POST', path, {
      data: batch.body,
      contentType: contentTypes[format],
    }).catch((error: unknown) => {
      // A batch with no valid record is a 400; count it as rejected and go on.
      if (error instanceof UserError && error.message.startsWith('400 NO_VALID_RECORDS'))
        return { accepted: 0, rejected: batch.records };
      throw error;
    });
    sent += batch.records;
    accepted += result.accepted;
    rejected += result.rejected;
    const seconds = (Date.now() - started) / 1000;
    const rate = sent / Math.max(seconds, 0.001);
    const eta = total === undefined ? '?' : `${Math.max(0, (total - sent) / rate).toFixed(0)}s`;
    const line = `${sent}${total === undefined ? '' : `/${total}`} records  ${rate.toFixed(0)} records/s  accepted ${accepted}  rejected ${rejected}  ETA ${eta}`;
    if (out.isTTY) out.write(`\r${line}\x1b[K`);
    else out.write(`${line}\n`);
  }
  if (out.isTTY) out.write('\n');
  return { accepted, rejected };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
