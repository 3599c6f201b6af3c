/**
 * The first-key bootstrap in the synthesized templates: the secret is encrypted with the data key
 * and kept, the bootstrap function may only describe it and put its value (never read it back),
 * and its Trigger runs after the migrations' Trigger.
 */
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { physicalNames } from '../../infra/config/physical-names';
import type { NexusStage } from '../../infra/stages/nexus-stage';
import { removeOutdirs, testApp } from './support/synth-app';
import { asArray, functionNamed, roleStatements } from './support/template-iam';

const names = physicalNames({ app: 'nexus', stage: 'dev', region: 'eu-west-1' });
let app: App;
let dev: NexusStage;
let platform: Template;
let platformFunctions: Template;

beforeAll(() => {
  app = testApp({ stage: 'dev' });
  app.synth();
  dev = app.node.findChild('dev-eu-west-1') as NexusStage;
  platform = Template.fromStack(dev.platform);
  platformFunctions = Template.fromStack(dev.platformFunctions);
}, 180_000);
afterAll(removeOutdirs);

type Resources = Record<
  string,
  { Type: string; Properties?: Record<string, unknown>; DependsOn?: string[]; DeletionPolicy?: string }
>;

describe('bootstrap secret', () => {
  it('is created empty, encrypted with the data key, and retained', () => {
    const secrets = Object.values(platform.toJSON().Resources as Resources).filter(
      (r) => r.Type === 'AWS::SecretsManager::Secret' && r.Properties?.Name === names.bootstrapSecret,
    );
    expect(secrets).toHaveLength(1);
    const [secret] = secrets;
    const dataKey = Object.entries(platform.toJSON().Resources as Resources).find(
      ([id, r]) => r.Type === 'AWS::KMS::Key' && id.startsWith('DataKey'),
    )?.[0];
    expect(secret?.Properties?.KmsKeyId).toEqual({ 'Fn::GetAtt': [dataKey, 'Arn'] });
    // No value in the template: the bootstrap function writes the first (and only) one.
    expect(secret?.Properties).not.toHaveProperty('SecretString');
    expect(secret?.Properties).not.toHaveProperty('GenerateSecretString');
    expect(secret?.DeletionPolicy).toBe('Retain');
  });
});

describe('bootstrap-platform function', () => {
  const statementsOf = () => {
    const id = functionNamed(platformFunctions, names.function('bootstrap-platform'));
    if (!id) throw new Error('no bootstrap-platform function in the platform-functions stack');
    return roleStatements(platformFunctions, id);
  };

  it('may only describe the bootstrap secret and put its value, and use the data key only through Secrets Manager', () => {
    const statements = statementsOf();
    const secretStatements = statements.filter((s) =>
      asArray(s.Action).some((a) => a.startsWith('secretsmanager:')),
    );
    expect(secretStatements.flatMap((s) => asArray(s.Action)).sort()).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:PutSecretValue',
    ]);
    for (const s of secretStatements) {
      const resources = asArray(s.Resource).map((r) => JSON.stringify(r));
      expect(resources).toHaveLength(1);
      expect(resources[0]).toContain('bootstrapsecretarn');
    }
    const kms = statements.filter((s) => asArray(s.Action).some((a) => a.startsWith('kms:')));
    expect(kms).toHaveLength(1);
    expect(JSON.stringify(kms[0]?.Resource)).toContain('datakeyarn');
    expect(JSON.stringify(kms[0]?.Condition)).toContain('secretsmanager.eu-west-1.amazonaws.com');
  });

  it('runs after the migrations on every deployment', () => {
    const resources = platformFunctions.toJSON().Resources as Resources;
    const triggerOf = (fn: string) =>
      Object.entries(resources).find(
        ([, r]) => r.Type === 'Custom::Trigger' && JSON.stringify(r.Properties?.HandlerArn).includes(fn),
      );
    const migrate = triggerOf('migratedatabase');
    const bootstrap = triggerOf('bootstrapplatform');
    expect(migrate && bootstrap).toBeTruthy();
    expect(bootstrap?.[1].DependsOn ?? []).toContain(migrate?.[0]);
  });
});
