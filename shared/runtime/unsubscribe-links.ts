/**
 * Report email links (unsubscribe, file download): the key they are signed with (a Secrets
 * Manager secret in AWS, read once per cold start and never logged; locally given directly) and
 * the public API URL they point at. Needs `unsubscribeKey:read`.
 */
import { type ReportFileClaims, reportFileUrl } from '../domain/reports/report-file-token';
import { type UnsubscribeClaims, unsubscribeUrl } from '../domain/reports/unsubscribe-token';
import { required } from './config';
import { type Runtime, runtime } from './runtime';
import { secretReader } from './secret-store';

/** The signing key's bytes (the secret's UTF-8 text), fetched on first use and kept. */
export function unsubscribeSigningKey(rt: Runtime = runtime()): () => Promise<Uint8Array> {
  const given = rt.config.unsubscribeSigningKey;
  if (given) {
    const key = Buffer.from(given, 'utf8');
    return async () => key;
  }
  const secretId = required(rt.config, 'unsubscribeKeySecretId');
  let cached: Promise<Uint8Array> | undefined;
  return () => {
    cached ??= secretReader(rt)
      .currentValue(secretId)
      .then((value) => Buffer.from(value, 'utf8'));
    // A failed read (throttling, a cold endpoint) is retried by the next call, not cached.
    cached.catch(() => {
      cached = undefined;
    });
    return cached;
  };
}

/** Builds each recipient's own link: `<public API>/v1/unsubscribe?token=<signed claims>`. */
export function unsubscribeLinks(rt: Runtime = runtime()): (claims: UnsubscribeClaims) => Promise<string> {
  const key = unsubscribeSigningKey(rt);
  const apiUrl = required(rt.config, 'publicApiUrl');
  return async (claims) => unsubscribeUrl(apiUrl, await key(), claims);
}

/** Builds a stored report file's link: `<public API>/v1/report-files?token=<signed claims>`. */
export function reportFileLinks(rt: Runtime = runtime()): (claims: ReportFileClaims) => Promise<string> {
  const key = unsubscribeSigningKey(rt);
  const apiUrl = required(rt.config, 'publicApiUrl');
  return async (claims) => reportFileUrl(apiUrl, await key(), claims);
}
