/**
 * Verifies the SigV4 signature of every request to s3rver, which itself accepts any signature
 * or none: presigned URLs (query-string auth) and SDK requests (Authorization header) alike.
 * Unsigned or wrongly signed requests get S3's 403, so nobody who can reach the stand-in's port
 * lists, reads or writes a tenant's objects without the key, as with S3 itself.
 *
 * The algorithm is AWS Signature Version 4 ("Authenticating Requests: Using Query Parameters"
 * and "... Using the Authorization Header", Amazon S3 API Reference): canonical request →
 * string to sign → HMAC-SHA256 signing key chain.
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
  readonly code: 'SignatureDoesNotMatch' | 'AccessDenied' | 'InvalidAccessKeyId' | 'RequestTimeTooSkewed';
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

const accessDenied: PresignedCheckFailure = { status: 403, code: 'AccessDenied', message: 'Access Denied' };
const unknownKey: PresignedCheckFailure = {
  status: 403,
  code: 'InvalidAccessKeyId',
  message: 'The AWS Access Key Id you provided does not exist in our records.',
};
/** S3 refuses a header-signed request dated more than 15 minutes from its clock. */
const maxSkewMs = 15 * 60 * 1000;

type Params = readonly (readonly [string, string])[];

function queryParams(rawQuery: string): Params {
  return rawQuery
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const [name = '', value = ''] = p.split('=', 2) as [string?, string?];
      const decode = (s: string) => {
        try {
          return decodeURIComponent(s.replace(/\+/g, ' '));
        } catch {
          return s;
        }
      };
      return [decode(name), decode(value)] as const;
    });
}

/** Null when the request's SigV4 signature (query string or Authorization header) holds; else S3's 403. */
export function checkSigV4(
  request: PresignedRequest,
  secretOf: (accessKeyId: string) => string | undefined,
  now: Date,
): PresignedCheckFailure | null {
  if (isPresignedV4(request.url)) return checkPresignedV4(request, secretOf, now);
  const header = request.headers.authorization;
  const authorization = typeof header === 'string' ? header : undefined;
  const match = authorization?.match(
    /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/,
  );
  if (!match) return accessDenied;
  const [, credential = '', signedHeaders = '', signature = ''] = match;
  const date = typeof request.headers['x-amz-date'] === 'string' ? request.headers['x-amz-date'] : '';
  const signedAt = amzDate(date).getTime();
  if (!(Math.abs(signedAt - now.getTime()) <= maxSkewMs)) {
    return {
      status: 403,
      code: 'RequestTimeTooSkewed',
      message: 'The difference between the request time and the current time is too large.',
    };
  }
  const payloadHash = request.headers['x-amz-content-sha256'];
  if (typeof payloadHash !== 'string' || !signedHeaders.split(';').includes('host')) return accessDenied;
  const [path = '/', rawQuery = ''] = request.url.split('?', 2) as [string?, string?];
  return verifySignature(request, secretOf, {
    path,
    params: queryParams(rawQuery),
    credential,
    date,
    signedHeaders,
    payloadHash,
    signature,
  });
}

/** Null when the presigned request's signature, expiry and key hold; else the S3 error S3 would give. */
export function checkPresignedV4(
  request: PresignedRequest,
  secretOf: (accessKeyId: string) => string | undefined,
  now: Date,
): PresignedCheckFailure | null {
  const [path = '/', rawQuery = ''] = request.url.split('?', 2) as [string?, string?];
  const params = queryParams(rawQuery);
  const param = (name: string) => params.find(([n]) => n === name)?.[1] ?? '';
  const date = param('X-Amz-Date');
  const expiresAt = amzDate(date).getTime() + Number(param('X-Amz-Expires')) * 1000;
  if (secretOf(param('X-Amz-Credential').split('/')[0] ?? '') === undefined) return unknownKey;
  if (!(expiresAt >= now.getTime()))
    return { status: 403, code: 'AccessDenied', message: 'Request has expired' };
  return verifySignature(request, secretOf, {
    path,
    params: params.filter(([name]) => name !== 'X-Amz-Signature'),
    credential: param('X-Amz-Credential'),
    date,
    signedHeaders: param('X-Amz-SignedHeaders'),
    payloadHash: param('X-Amz-Content-Sha256') || 'UNSIGNED-PAYLOAD',
    signature: param('X-Amz-Signature'),
  });
}

interface SignedParts {
  readonly path: string;
  /** The query parameters covered by the signature. */
  readonly params: Params;
  /** `<access key id>/<day>/<region>/<service>/aws4_request` */
  readonly credential: string;
  readonly date: string;
  readonly signedHeaders: string;
  readonly payloadHash: string;
  readonly signature: string;
}

function verifySignature(
  request: PresignedRequest,
  secretOf: (accessKeyId: string) => string | undefined,
  parts: SignedParts,
): PresignedCheckFailure | null {
  const { path, params, date, signedHeaders } = parts;
  const [accessKeyId = '', ...scopeParts] = parts.credential.split('/');
  const secret = secretOf(accessKeyId);
  if (secret === undefined) return unknownKey;
  const canonicalHeaders = signedHeaders
    .split(';')
    .map((name) => {
      const value = request.headers[name];
      const text = Array.isArray(value) ? value.join(',') : (value ?? '');
      return `${name}:${text.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const canonicalQuery = params
    .map(([name, value]) => `${encode(name)}=${encode(value)}`)
    .sort()
    .join('&');
  const canonicalRequest = [
    request.method.toUpperCase(),
    path,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    parts.payloadHash,
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
  const provided = Buffer.from(parts.signature);
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

/** A Koa middleware for s3rver that answers any request failing the SigV4 check with S3's XML error. */
export function signatureCheck(secretOf: (accessKeyId: string) => string | undefined) {
  return async (ctx: KoaLikeContext, next: () => Promise<unknown>): Promise<unknown> => {
    const url = ctx.req.url ?? '/';
    // CORS preflights carry no credentials, in S3 as here; they grant nothing by themselves.
    if (ctx.method === 'OPTIONS') return next();
    const failure = checkSigV4({ method: ctx.method, url, headers: ctx.req.headers }, secretOf, new Date());
    if (!failure) return next();
    ctx.status = failure.status;
    ctx.type = 'application/xml';
    ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${failure.code}</Code><Message>${failure.message}</Message></Error>`;
    return undefined;
  };
}
