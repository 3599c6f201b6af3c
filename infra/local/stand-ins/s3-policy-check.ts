/**
 * A Koa middleware for s3rver, after the signature check: maps each request to the IAM action S3
 * authorizes it as, and refuses (403 AccessDenied) what the signing key's policy does not allow.
 * Like S3, a read of a missing object without s3:ListBucket on the bucket is 403, not 404.
 */
import type { S3Policy } from '../function-credentials';

interface PolicyContext {
  readonly method: string;
  readonly req: {
    readonly url?: string;
    readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  };
  status: number;
  type: string;
  body: unknown;
}

/** The access key that signed the request (Authorization header or presigned query). */
export function signingKey(url: string, headers: PolicyContext['req']['headers']): string | undefined {
  const authorization = typeof headers.authorization === 'string' ? headers.authorization : '';
  const fromHeader = /Credential=([^/,\s]+)\//.exec(authorization)?.[1];
  if (fromHeader) return fromHeader;
  const query = new URLSearchParams(url.split('?')[1] ?? '');
  return query.get('X-Amz-Credential')?.split('/')[0];
}

/** The S3 action a path-style request needs, as IAM names it. */
export function s3ActionOf(
  method: string,
  url: string,
): { bucket: string; action: string; objectRead: boolean } {
  const [path = '/', rawQuery = ''] = url.split('?', 2);
  const [bucket = '', ...keyParts] = path.replace(/^\//, '').split('/');
  const key = keyParts.join('/');
  const query = new URLSearchParams(rawQuery);
  const at = (action: string, objectRead = false) => ({
    bucket: decodeURIComponent(bucket),
    action,
    objectRead,
  });
  if (key === '') {
    if (method === 'POST' && query.has('delete')) return at('s3:DeleteObject');
    if (method === 'GET' && query.has('location')) return at('s3:GetBucketLocation');
    if (method === 'GET' && query.has('uploads')) return at('s3:ListBucketMultipartUploads');
    if (method === 'GET' || method === 'HEAD') return at('s3:ListBucket');
    return at(method === 'DELETE' ? 's3:DeleteBucket' : 's3:CreateBucket');
  }
  if (method === 'GET' && query.has('uploadId')) return at('s3:ListMultipartUploadParts');
  if (method === 'GET' || method === 'HEAD') return at('s3:GetObject', true);
  if (method === 'DELETE') return at(query.has('uploadId') ? 's3:AbortMultipartUpload' : 's3:DeleteObject');
  return at('s3:PutObject');
}

const allowed = (policy: S3Policy, bucket: string, action: string) =>
  policy === 'all' || policy.some((g) => g.bucket === bucket && g.actions.includes(action));

function deny(ctx: PolicyContext): void {
  ctx.status = 403;
  ctx.type = 'application/xml';
  ctx.body =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>';
}

export function policyCheck(policyOf: (accessKeyId: string) => S3Policy | undefined) {
  return async (ctx: PolicyContext, next: () => Promise<unknown>): Promise<unknown> => {
    if (ctx.method === 'OPTIONS') return next();
    const url = ctx.req.url ?? '/';
    const key = signingKey(url, ctx.req.headers);
    const policy = key === undefined ? undefined : policyOf(key);
    const { bucket, action, objectRead } = s3ActionOf(ctx.method, url);
    // As S3 does: a PUT that sets tags needs s3:PutObjectTagging as well.
    const tagging = action === 's3:PutObject' && ctx.req.headers['x-amz-tagging'] !== undefined;
    if (
      !policy ||
      !allowed(policy, bucket, action) ||
      (tagging && !allowed(policy, bucket, 's3:PutObjectTagging'))
    ) {
      deny(ctx);
      return undefined;
    }
    const result = await next();
    if (objectRead && ctx.status === 404 && !allowed(policy, bucket, 's3:ListBucket')) deny(ctx);
    return result;
  };
}
