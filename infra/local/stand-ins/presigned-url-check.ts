/**
 * Verifies SigV4 presigned URLs (query-string auth) for s3rver, which accepts any v4 signature
 * unchecked. Without this, a local upload with another Content-Type or size than the URL signed
 * would be stored, where S3 answers 403 SignatureDoesNotMatch: the local platform must refuse
 * what AWS refuses. Header-signed SDK requests are left as s3rver handles them.
 *
 * The algorithm is AWS Signature Version 4 ("Authenticating Requests: Using Query Parameters",
 * Amazon S3 API Reference): canonical request → string to sign → HMAC-SHA256 signing key chain.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface PresignedRequest {
  readonly method: string;
  /** The request target as sent: raw path and query. */
  readonly url: string;
  /** Node's lower-cased request headers. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface PresignedCheckFailure {
  readonly status: 403;
  readonly code: 'SignatureDoesNotMatch' | 'AccessDenied' | 'InvalidAccessKeyId';
  readonly message: string;
}

/** RFC 3986 unreserved characters stay; everything else is %XX, as SigV4 requires. */
const encode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** X-Amz-Date `20261127T151500Z` as a Date. */
function amzDate(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return new Date(Number.NaN);
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as number[];
  return new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day, hour, minute, second));
}

/** Whether the request is authenticated by a SigV4 presigned URL. */
export function isPresignedV4(url: string): boolean {
  return /[?&]X-Amz-Algorithm=AWS4-HMAC-SHA256(&|$)/.test(url) && /[?&]X-Amz-Signature=/.test(url);
}

/** Null when the presigned request's signature, expiry and key hold; else the S3 error S3 would give. */
export function checkPresignedV4(
  request: PresignedRequest,
  secretOf: (accessKeyId: string) => string | undefined,
  now: Date,
): PresignedCheckFailure | null {
  const [path = '/', rawQuery = ''] = request.url.split('?', 2) as [string?, string?];
  const params = rawQuery
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const [name = '', value = ''] = p.split('=', 2) as [string?, string?];
      const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
      return [decode(name), decode(value)] as const;
    });
  const param = (name: string) => params.find(([n]) => n === name)?.[1] ?? '';
  const credential = param('X-Amz-Credential').split('/');
  const [accessKeyId = '', ...scopeParts] = credential;
  const secret = secretOf(accessKeyId);
  if (secret === undefined) {
    return {
      status: 403,
      code: 'InvalidAccessKeyId',
      message: 'The AWS Access Key Id you provided does not exist in our records.',
    };
  }
  const date = param('X-Amz-Date');
  const expiresAt = amzDate(date).getTime() + Number(param('X-Amz-Expires')) * 1000;
  if (!(expiresAt >= now.getTime()))
    return { status: 403, code: 'AccessDenied', message: 'Request has expired' };

  const signedHeaders = param('X-Amz-SignedHeaders');
  const canonicalHeaders = signedHeaders
    .split(';')
    .map((name) => {
      const value = request.headers[name];
      const text = Array.isArray(value) ? value.join(',') : (value ?? '');
      return `${name}:${text.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const canonicalQuery = params
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => `${encode(name)}=${encode(value)}`)
    .sort()
    .join('&');
  const canonicalRequest = [
    request.method.toUpperCase(),
    path,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    param('X-Amz-Content-Sha256') || 'UNSIGNED-PAYLOAD',
  ].join('\n');
  const scope = scopeParts.join('/');
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    date,
    scope,
    createHash('sha256').update(canonicalRequest, 'utf8').digest('hex'),
  ].join('\n');
  const [day = '', region = '', service = '', terminal = ''] = scopeParts;
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), terminal);
  const expected = Buffer.from(hmac(key, stringToSign).toString('hex'));
  const provided = Buffer.from(param('X-Amz-Signature'));
  if (expected.length === provided.length && timingSafeEqual(expected, provided)) return null;
  return {
    status: 403,
    code: 'SignatureDoesNotMatch',
    message:
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  };
}

interface KoaLikeContext {
  readonly method: string;
  readonly req: { readonly url?: string; readonly headers: PresignedRequest['headers'] };
  status: number;
  type: string;
  body: unknown;
}

/** A Koa middleware for s3rver that answers a presigned request failing the check with S3's XML error. */
export function presignedUrlCheck(secretOf: (accessKeyId: string) => string | undefined) {
  return async (ctx: KoaLikeContext, next: () => Promise<unknown>): Promise<unknown> => {
    const url = ctx.req.url ?? '/';
    if (!isPresignedV4(url)) return next();
    const failure = checkPresignedV4(
      { method: ctx.method, url, headers: ctx.req.headers },
      secretOf,
      new Date(),
    );
    if (!failure) return next();
    ctx.status = failure.status;
    ctx.type = 'application/xml';
    ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${failure.code}</Code><Message>${failure.message}</Message></Error>`;
    return undefined;
  };
}
