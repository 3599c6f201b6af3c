/**
 * Storage-layer isolation in AWS: the session policy a tenant's queries run under, and proof
 * that the Athena calls of a tenant's query are signed with that tenant's assumed credentials.
 */
import { AthenaClient, GetQueryExecutionCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { PolicyDocument, Statement } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AthenaQueryEngine } from '../../../../shared/adapters/aws/athena-query-engine';
import { StsTenantCredentials } from '../../../../shared/adapters/aws/sts-tenant-credentials';
import {
  maxSessionPolicyLength,
  type TenantQueryPolicyOptions,
  tenantQueryPolicy,
} from '../../../../shared/adapters/aws/tenant-query-policy';
import { tenantAthenaClients } from '../../../../shared/runtime/clients/athena-client';
import { loadConfig } from '../../../../shared/runtime/config';
import { TENANT_A, TENANT_B } from '../../../support/events';

const base: Omit<TenantQueryPolicyOptions, 'tenantId'> = {
  partition: 'aws',
  region: 'eu-west-1',
  account: '123456789012',
  curatedBucket: 'nexus-curated',
  resultsBucket: 'nexus-results',
  glueDatabase: 'nexus_lake',
  sandboxDatabase: 'nexus_lake_sandbox',
  workgroup: 'nexus-tenants',
  sharedTables: ['events'],
};
const roleArn = 'arn:aws:iam::123456789012:role/nexus-tenant-query';

const resources = (policy: PolicyDocument): string[] =>
  policy.Statement.flatMap((s: Statement) => ('Resource' in s ? [s.Resource ?? []].flat() : []));

describe('tenantQueryPolicy', () => {
  const policy = tenantQueryPolicy({ ...base, tenantId: TENANT_A });

  it("lets S3 reach only the tenant's lake prefix and its own results prefix", () => {
    const s3 = resources(policy).filter((r) => r.startsWith('arn:aws:s3:::') && r.includes('/'));
    expect(s3.sort()).toEqual([
      `arn:aws:s3:::nexus-curated/curated/tenant=${TENANT_A}/*`,
      `arn:aws:s3:::nexus-results/athena/tenant=${TENANT_A}/*`,
    ]);
    const listing = policy.Statement.find((s) => s.Sid === 'ListLake') as Statement & { Condition: unknown };
    expect(listing.Condition).toEqual({ StringLike: { 's3:prefix': [`curated/tenant=${TENANT_A}/*`] } });
  });

  it("names no other tenant's prefix or table, and never a wildcard action", () => {
    const b = tenantQueryPolicy({ ...base, tenantId: TENANT_B });
    const text = JSON.stringify(policy);
    expect(text).not.toContain(TENANT_B);
    expect(text).not.toContain(TENANT_B.replaceAll('-', ''));
    expect(JSON.stringify(b)).not.toContain(TENANT_A);
    const actions = policy.Statement.flatMap((s) => ('Action' in s ? [s.Action].flat() : []));
    expect(actions.every((a) => typeof a === 'string' && !a.endsWith('*'))).toBe(true);
  });

  it("lets Glue read only the shared tables and the tenant's own, in the lake and sandbox databases", () => {
    const glue = resources(policy).filter((r) => r.includes(':glue:'));
    expect(glue).toEqual([
      'arn:aws:glue:eu-west-1:123456789012:catalog',
      'arn:aws:glue:eu-west-1:123456789012:database/nexus_lake',
      'arn:aws:glue:eu-west-1:123456789012:database/nexus_lake_sandbox',
      `arn:aws:glue:eu-west-1:123456789012:table/nexus_lake/t_${TENANT_A.replaceAll('-', '')}__*`,
      'arn:aws:glue:eu-west-1:123456789012:table/nexus_lake/events',
    ]);
  });

  it('stays within the STS session policy size limit', () => {
    expect(JSON.stringify(policy).length).toBeLessThanOrEqual(maxSessionPolicyLength);
  });
});

describe('tenant queries run on assumed credentials', () => {
  const sts = mockClient(STSClient);
  const athena = mockClient(AthenaClient);
  const expiration = new Date(Date.now() + 3_600_000);

  beforeEach(() => {
    sts.reset();
    athena.reset();
    sts.on(AssumeRoleCommand).callsFake((input: { RoleSessionName: string }) => {
      const tenant = input.RoleSessionName.replace('tenant-', '');
      return {
        Credentials: {
          AccessKeyId: `ASIA-${tenant}`,
          SecretAccessKey: `secret-${tenant}`,
          SessionToken: `token-${tenant}`,
          Expiration: expiration,
        },
      };
    });
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'athena-1' });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'RUNNING' } } });
  });

  function setUp() {
    const credentials = new StsTenantCredentials(new STSClient({ region: 'eu-west-1' }), {
      roleArn,
      policyFor: (tenantId) => tenantQueryPolicy({ ...base, tenantId }),
    });
    const clients = tenantAthenaClients(loadConfig({ AWS_REGION: 'eu-west-1' }), credentials);
    const used: AthenaClient[] = [];
    const engine = new AthenaQueryEngine(
      {
        forTenant: async (tenantId) => {
          const client = await clients.forTenant(tenantId);
          used.push(client);
          return client;
        },
      },
      { workgroup: 'nexus-tenants', database: 'nexus_lake', resultsBucket: 'nexus-results' },
    );
    return { engine, used };
  }

  it('assumes the tenant-query role with the tenant session policy', async () => {
    const { engine, used } = setUp();
    await engine.start('q-1', 'SELECT 1', { tenantId: TENANT_A, tables: new Map() });
    // The SDK resolves a client's credentials when it signs a request.
    await used[0]?.config.credentials();

    const input = sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input;
    expect(input?.RoleArn).toBe(roleArn);
    expect(input?.RoleSessionName).toBe(`tenant-${TENANT_A}`);
    expect(JSON.parse(input?.Policy ?? '{}')).toEqual(tenantQueryPolicy({ ...base, tenantId: TENANT_A }));
  });

  it("signs the start and the status calls of a tenant's query with that tenant's credentials", async () => {
    const { engine, used } = setUp();
    const a = await engine.start('q-a', 'SELECT 1', { tenantId: TENANT_A, tables: new Map() });
    await engine.start('q-b', 'SELECT 1', { tenantId: TENANT_B, tables: new Map() });
    await engine.status(a);

    const identities = await Promise.all(used.map((client) => client.config.credentials()));
    expect(identities.map((c) => c.accessKeyId)).toEqual([
      `ASIA-${TENANT_A}`,
      `ASIA-${TENANT_B}`,
      `ASIA-${TENANT_A}`,
    ]);
    expect(identities[0]?.sessionToken).toBe(`token-${TENANT_A}`);
    // The results go under the tenant's own prefix, the only one its credentials may write.
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input.ResultConfiguration).toEqual({
      OutputLocation: `s3://nexus-results/athena/tenant=${TENANT_A}/`,
    });
  });

  it('reuses a tenant session until it nears expiry', async () => {
    const { engine, used } = setUp();
    await engine.start('q-1', 'SELECT 1', { tenantId: TENANT_A, tables: new Map() });
    await engine.start('q-2', 'SELECT 1', { tenantId: TENANT_A, tables: new Map() });
    await Promise.all(used.map((client) => client.config.credentials()));
    expect(used[0]).toBe(used[1]);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });
});
