/**
 * The tenant-query role in the synthesized templates: one per function stack with query
 * functions, trusted by exactly those functions, allowed only the lake's resources; each query
 * function gets its ARN and may assume only it; and the workgroup honours per-tenant result paths.
 */
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { physicalNames } from '../../infra/config/physical-names';
import type { NexusStage } from '../../infra/stages/nexus-stage';
import { EnvNames } from '../../shared/runtime/env-names';
import { functions } from '../../shared/topology';
import { removeOutdirs, testApp } from './support/synth-app';
import { asArray, functionNamed, roleStatements, type Statement } from './support/template-iam';

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

const names = physicalNames({ app: 'nexus', stage: 'dev', region: 'eu-west-1' });
const queryFunctions = functions.filter((f) => f.needs.includes('queryEngine'));
let app: App;
let templates: Template[] = [];

beforeAll(() => {
  app = testApp({ stage: 'dev' });
  app.synth();
  const dev = app.node.findChild('dev-eu-west-1') as NexusStage;
  templates = dev.stacks.map((s) => Template.fromStack(s));
}, 180_000);
afterAll(removeOutdirs);

const resourcesOf = (t: Template) => t.toJSON().Resources as Resources;

/** The template and logical id of the tenant-query role with this name. */
function roleNamed(roleName: string): { t: Template; id: string; props: Record<string, unknown> } {
  for (const t of templates)
    for (const [id, r] of Object.entries(resourcesOf(t)))
      if (r.Type === 'AWS::IAM::Role' && r.Properties?.RoleName === roleName)
        return { t, id, props: r.Properties };
  throw new Error(`No role ${roleName}`);
}

/** The execution role's logical id of the function with this topology name, in this template. */
function executionRoleId(t: Template, name: string): string | undefined {
  const fnId = functionNamed(t, names.function(name));
  if (!fnId) return undefined;
  const role = resourcesOf(t)[fnId]?.Properties?.Role as { 'Fn::GetAtt': [string, string] };
  return role['Fn::GetAtt'][0];
}

const domains = [...new Set(queryFunctions.map((f) => f.domain))];

describe.each(domains)('the tenant-query role of the %s stack', (domain) => {
  it('is trusted (AssumeRole with session tags) by exactly the stack’s query functions', () => {
    const { t, props } = roleNamed(names.tenantQueryRole(domain));
    const trust = (props.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement;
    const principals = trust.flatMap((s) => {
      expect(s.Effect).toBe('Allow');
      expect(asArray(s.Action).sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
      return asArray((s.Principal as { AWS: unknown }).AWS).map(
        (p) => (p as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0],
      );
    });
    const expected = queryFunctions.filter((f) => f.domain === domain).map((f) => executionRoleId(t, f.name));
    expect(principals.sort()).toEqual(expected.sort());
  });

  it('may touch only the lake: tenant prefixes, the lake catalog, the workgroup, the data key', () => {
    const { t, id } = roleNamed(names.tenantQueryRole(domain));
    const statements = Object.values(resourcesOf(t))
      .filter(
        (r) =>
          r.Type === 'AWS::IAM::Policy' &&
          asArray(r.Properties?.Roles as { Ref?: string }[]).some((ref) => ref.Ref === id),
      )
      .flatMap(
        (r) => (r.Properties?.PolicyDocument as { Statement: Statement[] } | undefined)?.Statement ?? [],
      );
    expect(statements.length).toBeGreaterThan(0);
    const allowedResource = (action: string, resource: string): boolean => {
      if (action === 's3:GetObject' && resource.includes('curatedbucketname'))
        return resource.includes('/curated/tenant=*');
      if (action.startsWith('s3:') && resource.includes('queryresultsbucketname'))
        return resource.includes('/athena/tenant=*') || !resource.includes('/');
      if (action.startsWith('s3:')) return resource.includes('curatedbucketname') && !resource.includes('/*');
      if (action.startsWith('glue:Get'))
        return resource.includes(`:catalog`) || resource.includes(names.glueDatabase);
      if (action.startsWith('athena:')) return resource.includes(`workgroup/${names.athenaWorkgroup}`);
      if (action === 'kms:Decrypt' || action === 'kms:GenerateDataKey')
        return resource.includes('datakeyarn');
      return false;
    };
    const stray = statements.flatMap((s) =>
      asArray(s.Action).flatMap((a) =>
        asArray(s.Resource)
          .map((r) => JSON.stringify(r))
          .filter((r) => !allowedResource(a, r))
          .map((r) => `${a} on ${r}`),
      ),
    );
    expect(stray).toEqual([]);
    const actions = new Set(statements.flatMap((s) => asArray(s.Action)));
    for (const a of [
      's3:GetObject',
      's3:PutObject',
      'glue:GetTable',
      'athena:StartQueryExecution',
      'kms:Decrypt',
    ])
      expect(actions, a).toContain(a);
  });
});

describe('each query function', () => {
  it.each(queryFunctions.map((f) => [f.name, f] as const))(
    '%s gets the role’s ARN and may assume that role only',
    (_name, spec) => {
      const t = templates.find((x) => functionNamed(x, names.function(spec.name)));
      if (!t) throw new Error(`${spec.name} is in no template`);
      const { id: roleId } = roleNamed(names.tenantQueryRole(spec.domain));
      const fnId = functionNamed(t, names.function(spec.name)) as string;
      const env = (
        resourcesOf(t)[fnId]?.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined
      )?.Variables;
      expect(env?.[EnvNames.tenantQueryRoleArn]).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
      const sts = roleStatements(t, fnId).filter((s) => asArray(s.Action).some((a) => a.startsWith('sts:')));
      expect(sts.map((s) => asArray(s.Resource))).toEqual([[{ 'Fn::GetAtt': [roleId, 'Arn'] }]]);
      expect(sts.flatMap((s) => asArray(s.Action)).sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    },
  );

  it('is the only kind of function that may assume a role', () => {
    for (const spec of functions.filter((f) => !f.needs.includes('queryEngine'))) {
      const t = templates.find((x) => functionNamed(x, names.function(spec.name)));
      if (!t) continue;
      const statements = roleStatements(t, functionNamed(t, names.function(spec.name)) as string);
      expect(
        statements.filter((s) => asArray(s.Action).some((a) => a.startsWith('sts:'))),
        spec.name,
      ).toEqual([]);
    }
  });
});

describe('the tenants’ Athena workgroup', () => {
  it('honours each query’s per-tenant output location and keeps the cutoff and SSE-KMS', () => {
    const groups = templates.flatMap((t) =>
      Object.values(resourcesOf(t)).filter((r) => r.Type === 'AWS::Athena::WorkGroup'),
    );
    expect(groups).toHaveLength(1);
    const config = groups[0]?.Properties?.WorkGroupConfiguration as Record<string, unknown>;
    expect(config.EnforceWorkGroupConfiguration).toBe(false);
    expect(config.BytesScannedCutoffPerQuery).toBeGreaterThan(0);
    expect(config.ResultConfiguration).toMatchObject({
      EncryptionConfiguration: { EncryptionOption: 'SSE_KMS' },
    });
  });
});
