/**
 * A stage's database access, read from the synthesized templates (cdk-nag runs in each synth):
 * `data-api` enables the cluster's Data API, drops RDS Proxy, takes every function but the schema
 * migrations out of the VPC (and so every interface endpoint but the secret rotation's and
 * X-Ray's), and grants the Data API calls on the one cluster and the application login's secret
 * (never the admin's: only the login custom resource and the admin's rotation read that); `connection`
 * keeps the proxy, the VPC functions and `rds-db:connect`, with no Data API grant.
 */
import { type App, type Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { physicalNames } from '../../infra/config/physical-names';
import type { NexusStage } from '../../infra/stages/nexus-stage';
import { functions } from '../../shared/topology';
import { cdkContext, removeOutdirs, testApp } from './support/synth-app';
import { allows, functionNamed, roleStatements } from './support/template-iam';

type Access = 'connection' | 'data-api';
const stages = new Map<Access, NexusStage>();

/** prod in one region, its database reached as `access` says. */
function prodApp(access: Access): App {
  const nexus = cdkContext().nexus as { stages: Record<string, Record<string, unknown>> };
  const prod = nexus.stages['prod'] ?? {};
  const database = { ...(prod['database'] as object), access, proxy: access === 'connection' };
  return testApp({
    stage: 'prod',
    nexus: { ...nexus, stages: { prod: { ...prod, regions: ['eu-west-1'], database } } },
  });
}

beforeAll(async () => {
  for (const access of ['connection', 'data-api'] as const) {
    const app = prodApp(access);
    // Throws on any cdk-nag finding left unacknowledged.
    app.synth();
    const stage = app.node.children.find((c): c is NexusStage => c instanceof Stage);
    if (!stage) throw new Error('no stage synthesized');
    stages.set(access, stage);
    await new Promise((resolve) => setImmediate(resolve));
  }
}, 300_000);
afterAll(removeOutdirs);

function stageOf(access: Access): NexusStage {
  const stage = stages.get(access);
  if (!stage) throw new Error(`${access} did not synthesize`);
  return stage;
}

const stacksOf = (stage: NexusStage): Stack[] =>
  stage.node.children.filter((c): c is Stack => 'templateOptions' in c);

/** Each topology function's template and logical id. */
function deployed(stage: NexusStage, name: string): { t: Template; id: string } {
  const functionName = physicalNames(stage.deployment).function(name);
  for (const stack of stacksOf(stage)) {
    const t = Template.fromStack(stack);
    const id = functionNamed(t, functionName);
    if (id) return { t, id };
  }
  throw new Error(`${name} is in no stack`);
}

const inVpc = ({ t, id }: { t: Template; id: string }) =>
  (t.toJSON().Resources[id] as { Properties: { VpcConfig?: unknown } }).Properties.VpcConfig !== undefined;

const interfaceEndpoints = (stage: NexusStage) =>
  Object.values(Template.fromStack(stage.platform).findResources('AWS::EC2::VPCEndpoint')).filter(
    (r) => (r as { Properties: { VpcEndpointType?: string } }).Properties.VpcEndpointType === 'Interface',
  ).length;

const databaseFunctions = functions.filter((f) => f.needs.includes('database') && f.network !== 'internet');

describe('database access data-api', () => {
  it('enables the Data API on the cluster and creates no RDS Proxy', () => {
    const platform = Template.fromStack(stageOf('data-api').platform);
    platform.hasResourceProperties('AWS::RDS::DBCluster', { EnableHttpEndpoint: true });
    platform.resourceCountIs('AWS::RDS::DBProxy', 0);
  });

  it('keeps only the schema migrations in the VPC, and only the rotation and X-Ray endpoints', () => {
    const stage = stageOf('data-api');
    const placed = databaseFunctions.filter((f) => inVpc(deployed(stage, f.name))).map((f) => f.name);

    expect(placed).toEqual(['migrate-database']);
    expect(interfaceEndpoints(stage)).toBe(2);
  });

  it('grants the Data API calls on the cluster and the secret read, and no connection', () => {
    const stage = stageOf('data-api');
    for (const name of ['ingest-records', 'insights', 'metrics']) {
      const { t, id } = deployed(stage, name);
      const statements = roleStatements(t, id);
      const env = JSON.stringify((t.toJSON().Resources[id] as { Properties: unknown }).Properties);
      const onSharedValue = (key: string) => (resource: string) => resource.includes(key);

      for (const action of [
        'ExecuteStatement',
        'BeginTransaction',
        'CommitTransaction',
        'RollbackTransaction',
      ])
        expect(allows(statements, `rds-data:${action}`, onSharedValue('dbclusterarn'))).toBe(true);
      expect(allows(statements, 'rds-data:ExecuteStatement', (r) => r === '"*"')).toBe(false);
      expect(allows(statements, 'secretsmanager:GetSecretValue', onSharedValue('dbsecretarn'))).toBe(true);
      expect(allows(statements, 'rds-db:connect', () => true)).toBe(false);
      expect(env).toContain('"DB_ACCESS":"data-api"');
    }
    const migrations = deployed(stage, 'migrate-database');
    // The migrations grant the application's login and set its password from the same secret.
    expect(
      allows(roleStatements(migrations.t, migrations.id), 'secretsmanager:GetSecretValue', (r) =>
        r.includes('dbsecretarn'),
      ),
    ).toBe(true);
    expect(JSON.stringify(migrations.t.toJSON().Resources[migrations.id])).toContain(
      '"DB_APP_USER":"nexus_app"',
    );
    expect(allows(roleStatements(migrations.t, migrations.id), 'rds-data:ExecuteStatement', () => true)).toBe(
      false,
    );
    expect(allows(roleStatements(migrations.t, migrations.id), 'rds-db:connect', () => true)).toBe(true);
  });
});

describe('database access data-api: the application login', () => {
  const platform = () =>
    Template.fromStack(stageOf('data-api').platform).toJSON() as {
      Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
    };
  /** Logical ids of the secret attachments: the cluster admin's and the application login's. */
  function secretIds(): { admin: string; app: string } {
    const entries = Object.entries(platform().Resources).filter(
      ([, r]) => r.Type === 'AWS::SecretsManager::SecretTargetAttachment',
    );
    const admin = entries.find(([id]) => id.startsWith('DatabaseSecretAttachment'))?.[0];
    const app = entries.find(([id]) => id.startsWith('DatabaseAppSecret'))?.[0];
    if (!admin || !app) throw new Error(`secret attachments: ${entries.map(([id]) => id).join(', ')}`);
    return { admin, app };
  }

  it('publishes the application login’s secret to the functions, not the admin’s', () => {
    const { admin, app } = secretIds();
    const parameter = Object.values(platform().Resources).find(
      (r) =>
        r.Type === 'AWS::SSM::Parameter' &&
        String(r.Properties?.['Name']).endsWith(
          physicalNames(stageOf('data-api').deployment).parameter('db-secret-arn'),
        ),
    );
    expect(parameter?.Properties?.['Value']).toEqual({ Ref: app });
    expect(JSON.stringify(parameter)).not.toContain(admin);
  });

  it('lets no function stack read the admin secret, and rotates the login’s secret in its own schedule', () => {
    const { admin, app } = secretIds();
    const stage = stageOf('data-api');
    const readers = stacksOf(stage).flatMap((stack) =>
      Object.entries(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
        .filter(([, r]) => JSON.stringify(r).includes(admin))
        .map(([id]) => `${stack.stackName}/${id}`),
    );
    const rotations = Object.values(platform().Resources)
      .filter((r) => r.Type === 'AWS::SecretsManager::RotationSchedule')
      .map((r) => JSON.stringify(r.Properties?.['SecretId']));

    // The custom resource that creates the logins (its provider's role, its own policy) is the one
    // reader; the admin's own rotation function is a serverless application's, with its policy.
    expect(readers.sort()).toEqual([
      expect.stringContaining(`${stage.platform.stackName}/AWS679f53fac002430cb0da5b7982bd2287`),
      expect.stringContaining(`${stage.platform.stackName}/DatabaseIamLoginCustomResourcePolicy`),
    ]);
    expect(rotations).toContain(JSON.stringify({ Ref: app }));
    expect(rotations).toContain(JSON.stringify({ Ref: admin }));
  });
});

describe('database access connection', () => {
  it('keeps RDS Proxy, every database function in the VPC, and grants no Data API call', () => {
    const stage = stageOf('connection');
    Template.fromStack(stage.platform).resourceCountIs('AWS::RDS::DBProxy', 1);
    Template.fromStack(stage.platform).hasResourceProperties('AWS::RDS::DBProxy', {
      DBProxyName: physicalNames(stage.deployment).dbProxy,
      RequireTLS: true,
      Auth: [Match.objectLike({ IAMAuth: 'REQUIRED' })],
    });
    for (const spec of databaseFunctions) {
      const fn = deployed(stage, spec.name);
      expect(inVpc(fn)).toBe(true);
      expect(allows(roleStatements(fn.t, fn.id), 'rds-data:ExecuteStatement', () => true)).toBe(false);
    }
    expect(interfaceEndpoints(stage)).toBeGreaterThan(2);
  });
});
