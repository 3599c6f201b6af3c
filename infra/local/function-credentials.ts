/**
 * Per-function credentials for the local S3 stand-in, scoped like the function's IAM role: the
 * same topology `needs` and the same action table (infra/config/bucket-access.ts) the CDK grants
 * use, so a function whose role lacks an action is refused it locally too (403 AccessDenied).
 * The platform's own key (`localCredentials`) keeps full access for provisioning, pollers and tests.
 */
import { createHmac } from 'node:crypto';
import type { FunctionSpec, ResourceNeed } from '../../shared/topology';
import { functions } from '../../shared/topology';
import { type BucketAccess, s3Actions } from '../config/bucket-access';
import { bucketNames, localCredentials } from './resources';

/** The S3 actions a function may take on one bucket (bucket-level and object-level together). */
export interface BucketGrant {
  readonly bucket: string;
  readonly actions: readonly string[];
}

/** What a key may do: everything (the platform's key) or the listed grants. */
export type S3Policy = 'all' | readonly BucketGrant[];

type BucketNeed = Extract<ResourceNeed, `${string}Bucket:${string}`>;

/** Each bucket need's bucket and access mode, as resource-bindings.ts binds it (a new one is a compile error here). */
const bucketNeeds: Record<BucketNeed, readonly [string, BucketAccess]> = {
  'rawBucket:write': [bucketNames.raw, 'write'],
  'rawBucket:compact': [bucketNames.raw, 'readWrite'],
  'curatedBucket:read': [bucketNames.curated, 'read'],
  'curatedBucket:write': [bucketNames.curated, 'write'],
  'curatedBucket:compact': [bucketNames.curated, 'readWrite'],
  'uploadBucket:read': [bucketNames.upload, 'read'],
  'uploadBucket:write': [bucketNames.upload, 'write'],
  'quarantineBucket:write': [bucketNames.quarantine, 'write'],
  'queryResultsBucket:readWrite': [bucketNames.queryResults, 'readWrite'],
  'reportFilesBucket:readWrite': [bucketNames.reportFiles, 'readWrite'],
  'reportFilesBucket:read': [bucketNames.reportFiles, 'read'],
};

const isBucketNeed = (need: ResourceNeed): need is BucketNeed => need in bucketNeeds;

/** The S3 grants a function's bucket needs give its role (see resource-bindings.ts `bindBucket`). */
export function s3GrantsOf(needs: readonly ResourceNeed[]): BucketGrant[] {
  const byBucket = new Map<string, Set<string>>();
  for (const need of needs.filter(isBucketNeed)) {
    const [bucket, mode] = bucketNeeds[need];
    const set = byBucket.get(bucket) ?? new Set<string>();
    for (const action of [...s3Actions[mode].bucket, ...s3Actions[mode].objects]) set.add(action);
    byBucket.set(bucket, set);
  }
  return [...byBucket].map(([bucket, actions]) => ({ bucket, actions: [...actions].sort() }));
}

/** A function's local key pair: stable across restarts, distinct per function. */
export function functionCredentials(name: string): { accessKeyId: string; secretAccessKey: string } {
  const digest = createHmac('sha256', 'nexus-local-s3').update(name).digest('hex');
  return {
    accessKeyId: `NEXUSFN${digest.slice(0, 13).toUpperCase()}`,
    secretAccessKey: digest.slice(13, 53),
  };
}

/** The SDK variables that give a function's process its own credentials. */
export function functionCredentialEnv(spec: FunctionSpec): Record<string, string> {
  const { accessKeyId, secretAccessKey } = functionCredentials(spec.name);
  return { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey };
}

export interface KeyRing {
  /** Every key pair, for stand-ins that keep their own list of known keys. */
  readonly pairs: readonly { readonly accessKeyId: string; readonly secretAccessKey: string }[];
  secretOf(accessKeyId: string): string | undefined;
  policyOf(accessKeyId: string): S3Policy | undefined;
}

/** Every key the stand-in accepts: the platform's, and one per topology function with its grants. */
export function keyRing(
  specs: readonly FunctionSpec[] = functions,
  /** How a function's needs become grants (tests replay an older grant table). */
  grantsOf: (spec: FunctionSpec) => readonly BucketGrant[] = (spec) => s3GrantsOf(spec.needs),
): KeyRing {
  const keys = new Map<string, { secret: string; policy: S3Policy }>([
    [localCredentials.accessKeyId, { secret: localCredentials.secretAccessKey, policy: 'all' }],
  ]);
  for (const spec of specs) {
    const { accessKeyId, secretAccessKey } = functionCredentials(spec.name);
    keys.set(accessKeyId, { secret: secretAccessKey, policy: grantsOf(spec) });
  }
  return {
    pairs: [...keys].map(([accessKeyId, { secret }]) => ({ accessKeyId, secretAccessKey: secret })),
    secretOf: (id) => keys.get(id)?.secret,
    policyOf: (id) => keys.get(id)?.policy,
  };
}
