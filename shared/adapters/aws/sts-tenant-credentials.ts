/**
 * Tenant-scoped AWS credentials: STS AssumeRole of the tenant-query role with the tenant's
 * session policy, cached per tenant until shortly before they expire. Clients built on them
 * act with no more than the tenant's own slice of the lake.
 */
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { PolicyDocument } from 'aws-lambda';
import { definedProps } from '../../domain/defined-props';
import { maxSessionPolicyLength } from './tenant-query-policy';

export interface StsTenantCredentialsOptions {
  readonly roleArn: string;
  readonly policyFor: (tenantId: string) => PolicyDocument;
  /** @default 900 (STS's minimum) */
  readonly durationSeconds?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** Credentials are renewed this long before they expire, so a query never starts on stale ones. */
const renewBeforeMs = 60_000;

export class StsTenantCredentials {
  private readonly cache = new Map<string, Promise<AwsCredentialIdentity>>();

  constructor(
    private readonly sts: STSClient,
    private readonly options: StsTenantCredentialsOptions,
  ) {}

  async credentialsFor(tenantId: string): Promise<AwsCredentialIdentity> {
    const now = this.options.now ?? Date.now;
    const cached = this.cache.get(tenantId);
    if (cached) {
      const credentials = await cached.catch(() => undefined);
      if (credentials?.expiration && credentials.expiration.getTime() - renewBeforeMs > now())
        return credentials;
    }
    const fresh = this.assume(tenantId);
    this.cache.set(tenantId, fresh);
    fresh.catch(() => this.cache.delete(tenantId));
    return fresh;
  }

  private async assume(tenantId: string): Promise<AwsCredentialIdentity> {
    const policy = JSON.stringify(this.options.policyFor(tenantId));
    if (policy.length > maxSessionPolicyLength) {
      throw new Error(
        `session policy for tenant ${tenantId} is ${policy.length} characters, over STS's limit`,
      );
    }
    const { Credentials: c } = await this.sts.send(
      new AssumeRoleCommand({
        RoleArn: this.options.roleArn,
        RoleSessionName: `tenant-${tenantId}`.slice(0, 64),
        Policy: policy,
        DurationSeconds: this.options.durationSeconds ?? 900,
        // CloudTrail shows which tenant each S3, Glue and Athena call was made for.
        Tags: [{ Key: 'tenant', Value: tenantId }],
      }),
    );
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
      throw new Error('STS returned no credentials');
    // The SDK's AwsCredentialIdentity declares `expiration?: Date` without `| undefined`.
    return definedProps({
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    });
  }
}
