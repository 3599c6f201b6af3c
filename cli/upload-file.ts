/**
 * `nexus upload`: a file too big for the ingest API goes to the upload bucket through one
 * presigned PUT (POST /v1/uploads pins its dataset, type and size), then the command waits for
 * the file-ingest function's result.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { call } from './api';
import { jsonBody } from './json-body';
import { type Profile, UserError } from './profiles';

const contentTypes: Record<string, string> = {
  csv: 'text/csv',
  ndjson: 'application/x-ndjson',
  jsonl: 'application/x-ndjson',
  json: 'application/json',
  xml: 'application/xml',
};

interface CreatedUpload {
  readonly uploadId: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface UploadResult {
  readonly uploadId: string;
  readonly status: string;
  readonly records?: number;
  readonly accepted?: number;
  readonly rejected?: number;
  readonly duplicates?: number;
}

export async function uploadFile(
  profile: Profile,
  options: {
    readonly file: string;
    readonly dataset: string;
    readonly format?: string | undefined;
    readonly wait: boolean;
  },
  log: NodeJS.WritableStream,
): Promise<UploadResult> {
  const name = options.format ?? extname(options.file).slice(1).replace(/\.gz$/, '');
  const contentType = contentTypes[name];
  if (!contentType)
    throw new UserError(`cannot tell the format of "${options.file}"; pass --format csv|ndjson|json|xml`, 2);
  const sizeBytes = await stat(options.file).then(
    (s) => s.size,
    () => {
      throw new UserError(`cannot read ${options.file}`);
    },
  );
  const gzip = options.file.endsWith('.gz');
  const upload = await call<CreatedUpload>(
    profile,
    'POST',
    '/v1/uploads',
    jsonBody({
      dataset: options.dataset,
      contentType,
      sizeBytes,
      contentEncoding: gzip ? 'gzip' : undefined,
    }),
  );
  // Every signed header must be sent as given (a plain PUT without them is S3's 403).
  const put = await fetch(upload.url, {
    method: 'PUT',
    headers: upload.headers,
    body: await readFile(options.file),
  });
  if (!put.ok)
    throw new UserError(`the upload was refused: ${put.status} ${(await put.text()).slice(0, 300)}`);
  log.write(`uploaded ${sizeBytes} bytes as ${upload.uploadId}\n`);
  let result = await call<UploadResult>(profile, 'GET', `/v1/uploads/${upload.uploadId}`);
  for (let wait = 250; options.wait && result.status === 'pending'; wait = Math.min(wait * 2, 5_000)) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    result = await call<UploadResult>(profile, 'GET', `/v1/uploads/${upload.uploadId}`);
  }
  return result;
}
