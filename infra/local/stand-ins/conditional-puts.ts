/**
 * S3 conditional writes for s3rver, which ignores If-Match and If-None-Match on PUT: the lake's
 * partition manifests are swapped by compare-and-swap (PutObject with If-Match, or
 * If-None-Match: * for the first version), as S3 itself has supported since 2024. Checks and
 * writes of one key run one at a time, so the comparison and the write are atomic, as in S3.
 */

interface ConditionalContext {
  readonly method: string;
  readonly path: string;
  readonly querystring: string;
  readonly req: { readonly headers: Readonly<Record<string, string | string[] | undefined>> };
  status: number;
  type: string;
  body: unknown;
}

/** The slice of s3rver's FilesystemStore the check reads (s3rver ships no types for it). */
interface MetadataStore {
  getMetadata(bucket: string, key: string): Promise<{ etag: string }>;
}

const unquote = (etag: string) => etag.replace(/^W\//, '').replaceAll('"', '');

function header(ctx: ConditionalContext, name: string): string | undefined {
  const value = ctx.req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function currentEtag(store: MetadataStore, bucket: string, key: string): Promise<string | null> {
  try {
    return unquote((await store.getMetadata(bucket, key)).etag);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function fail(ctx: ConditionalContext, status: number, code: string, message: string): void {
  ctx.status = status;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

/** A Koa middleware for s3rver (path-style requests) honouring If-Match / If-None-Match on PutObject. */
export function conditionalPuts(store: MetadataStore) {
  const queues = new Map<string, Promise<unknown>>();
  return async (ctx: ConditionalContext, next: () => Promise<unknown>): Promise<unknown> => {
    const ifMatch = header(ctx, 'if-match');
    const ifNoneMatch = header(ctx, 'if-none-match');
    // The SDK tags its requests `?x-id=PutObject`; any other parameter is a sub-resource or a part.
    const subresource = [...new URLSearchParams(ctx.querystring).keys()].some((k) => k !== 'x-id');
    const plainPut = ctx.method === 'PUT' && !subresource && !header(ctx, 'x-amz-copy-source');
    if (!plainPut || (ifMatch === undefined && ifNoneMatch === undefined)) return next();
    const [, bucket = '', ...rest] = ctx.path.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const id = `${bucket}/${key}`;
    const previous = queues.get(id) ?? Promise.resolve();
    const run = previous.then(async () => {
      const etag = await currentEtag(store, bucket, key);
      if (ifNoneMatch !== undefined && etag !== null) {
        return fail(
          ctx,
          412,
          'PreconditionFailed',
          'At least one of the pre-conditions you specified did not hold',
        );
      }
      if (ifMatch !== undefined && etag === null) {
        return fail(ctx, 404, 'NoSuchKey', 'The specified key does not exist.');
      }
      if (ifMatch !== undefined && etag !== unquote(ifMatch)) {
        return fail(
          ctx,
          412,
          'PreconditionFailed',
          'At least one of the pre-conditions you specified did not hold',
        );
      }
      return next();
    });
    const settled = run.catch(() => undefined);
    queues.set(id, settled);
    try {
      return await run;
    } finally {
      if (queues.get(id) === settled) queues.delete(id);
    }
  };
}
