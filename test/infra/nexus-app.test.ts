/**
 * Assertions on the synthesized CDK app (all deployments in cdk.json): per-stack resources and
 * properties, least-privilege IAM, and the cdk-nag gate. One synth is shared by the whole file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NexusStage } from '../../infra/stages/nexus-stage';
import { functions } from '../../shared/topology';
import { testApp } from './support/synth-app';

let app: App;
/** The validation report of the first (full) synth; later per-stage synths do not re-run the plugins. */
let report: { pluginReports: { pluginName: string; conclusion: string; violations: unknown[] }[] };
let dev: NexusStage;
let prod: NexusStage;
const templates = new Map<Stack, Template>();
const template = (stack: Stack): Template => {
  let t = templates.get(stack);
  if (!t) {
    t = Template.fromStack(stack);
    templates.set(stack, t);
  }
  return t;
};

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
/** IAM statements of the stack's policies; `prefix` keeps only policies whose logical id starts with it. */
const statementsOf = (t: Template, prefix = ''): Statement[] =>
  Object.entries(t.findResources('AWS::IAM::Policy'))
    .filter(([id]) => id.startsWith(prefix))
    .map(([, p]) => p)
    .flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
          .Statement,
    );
const asArray = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

beforeAll(() => {
  app = testApp();
  // Synthesizing throws when cdk-nag finds anything unacknowledged; the report says what.
  let assemblyDir = app.outdir;
  try {
    assemblyDir = app.synth().directory;
  } finally {
    report = JSON.parse(readFileSync(join(assemblyDir, 'validation-report.json'), 'utf8'));
  }
  dev = app.node.findChild('dev-eu-west-1') as NexusStage;
  prod = app.node.findChild('prod-us-east-1') as NexusStage;
}, 180_000);

describe('the app', () => {
  it('creates one stack set per configured stage and region, named app-stage-region-domain', () => {
    const stages = app.node.children.filter((c) => c.node.id.includes('-')).map((c) => c.node.id);
    expect(stages.sort()).toEqual(['dev-eu-west-1', 'prod-eu-west-1', 'prod-us-east-1']);
    const names = dev.node.children.filter((c) => c instanceof Stack).map((s) => (s as Stack).stackName);
    expect(names).toEqual(
      expect.arrayContaining([
        'nexus-dev-eu-west-1-platform',
        'nexus-dev-eu-west-1-ingestion',
        'nexus-dev-eu-west-1-lake',
        'nexus-dev-eu-west-1-insights',
        'nexus-dev-eu-west-1-reporting',
        'nexus-dev-eu-west-1-api',
        'nexus-dev-eu-west-1-observability',
      ]),
    );
    expect(prod.platform.region).toBe('us-east-1');
    expect(prod.platform.account).toBe('222222222222');
  });

  it('retains every stateful resource (no error annotations anywhere)', () => {
    for (const stage of [dev, prod])
      for (const stack of stage.node.children.filter((c): c is Stack => c instanceof Stack))
        expect(Annotations.fromStack(stack).findError('*', Match.anyValue()), stack.stackName).toEqual([]);
  });

  it('passes cdk-nag AwsSolutions with zero unacknowledged findings', () => {
    // The synth in beforeAll would have thrown otherwise (see nag-gate.test.ts); a passing plugin
    // may be left out of the report, a failing one never is.
    const failing = report.pluginReports.filter((p) => p.conclusion !== 'success' || p.violations.length > 0);
    expect(failing).toEqual([]);
  });
});

describe('Platform stack', () => {
  it('runs Postgres encrypted, IAM-authenticated, backed up, protected in prod only', () => {
    const props = { StorageEncrypted: true, EnableIAMDatabaseAuthentication: true, Engine: 'postgres' };
    template(prod.platform).hasResourceProperties('AWS::RDS::DBInstance', {
      ...props,
      DeletionProtection: true,
      MultiAZ: true,
      BackupRetentionPeriod: 30,
      EngineVersion: Match.stringLikeRegexp('^17'),
    });
    template(dev.platform).hasResourceProperties('AWS::RDS::DBInstance', {
      ...props,
      DeletionProtection: false,
      MultiAZ: false,
    });
  });

  it('puts RDS Proxy in front with IAM auth and TLS, and rotates the credentials', () => {
    const t = template(dev.platform);
    t.hasResourceProperties('AWS::RDS::DBProxy', {
      RequireTLS: true,
      Auth: [Match.objectLike({ IAMAuth: 'REQUIRED' })],
    });
    t.resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
  });

  it('has no NAT: isolated subnets with endpoints for every AWS API on a data path', () => {
    const t = template(dev.platform);
    t.resourceCountIs('AWS::EC2::NatGateway', 0);
    t.resourceCountIs('AWS::EC2::InternetGateway', 0);
    const services = Object.values(t.findResources('AWS::EC2::VPCEndpoint')).map((r) =>
      JSON.stringify((r as { Properties: { ServiceName: unknown } }).Properties.ServiceName),
    );
    for (const service of ['.s3', '.dynamodb', 'kinesis-streams', 'sagemaker.runtime', 'secretsmanager'])
      expect(services.some((s) => s.includes(service))).toBe(true);
  });

  it('keeps DynamoDB tables on demand, with PITR and the customer-managed key', () => {
    const t = template(dev.platform);
    t.resourceCountIs('AWS::DynamoDB::Table', 3);
    t.allResourcesProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS' }),
    });
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });
});

describe('Platform stack: schema migrations', () => {
  it('runs the migrate-database function on every deployment, after the database and its proxy', () => {
    const t = template(dev.platform);
    const triggers = t.findResources('Custom::Trigger');
    expect(Object.keys(triggers)).toHaveLength(1);
    const trigger = Object.values(triggers)[0] as {
      DependsOn?: string[];
      Properties: { HandlerArn: unknown };
    };
    expect(JSON.stringify(trigger.Properties.HandlerArn)).toContain('migratedatabase');
    expect(trigger.DependsOn?.some((d) => d.startsWith('DatabaseProxy'))).toBe(true);
    expect(trigger.DependsOn?.some((d) => /^Database[A-F0-9]+$/.test(d))).toBe(true);
  });
});

describe('Ingestion stack', () => {
  it('encrypts the event stream with the data key, on demand by default', () => {
    template(dev.ingestion).hasResourceProperties('AWS::Kinesis::Stream', {
      StreamEncryption: { EncryptionType: 'KMS', KeyId: Match.anyValue() },
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
    });
  });

  it('lets the ingest functions put records on that stream only', () => {
    const puts = statementsOf(template(dev.ingestion)).filter((s) =>
      asArray(s.Action).includes('kinesis:PutRecords'),
    );
    // One statement per function that needs to write (ingest-records, file-ingest).
    const writers = functions.filter(
      (f) => f.domain === 'ingestion' && f.needs.includes('eventStream:write'),
    );
    expect(writers.length).toBeGreaterThan(0);
    expect(puts).toHaveLength(writers.length);
    for (const put of puts) expect(JSON.stringify(put.Resource)).toContain('EventStream');
  });
});

describe('Ingestion stack: file uploads', () => {
  it('sends S3-triggered invocations that keep failing to an encrypted DLQ', () => {
    const t = template(dev.ingestion);
    t.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    t.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
  });
});

describe('Lake stack', () => {
  it('encrypts, versions, logs and locks down every lake bucket, TLS only', () => {
    const t = template(dev.lake);
    t.resourceCountIs('AWS::S3::Bucket', 4);
    t.allResourcesProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
    });
    const policies = Object.values(t.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(4);
    for (const p of policies) expect(JSON.stringify(p)).toMatch(/"aws:SecureTransport":"false"/);
  });

  it('tiers raw and curated data to IA and Glacier and keeps it 7 years', () => {
    template(dev.lake).hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Status: 'Enabled',
            ExpirationInDays: 2555,
            Transitions: [
              { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
              { StorageClass: 'GLACIER', TransitionInDays: 365 },
            ],
          }),
        ]),
      },
    });
  });

  it('catalogs the events table with partition projection over the lake layout', () => {
    template(dev.lake).hasResourceProperties('AWS::Glue::Table', {
      DatabaseName: 'nexus_dev_lake',
      TableInput: Match.objectLike({
        Name: 'events',
        PartitionKeys: [
          { Name: 'tenant', Type: 'string' },
          { Name: 'dataset', Type: 'string' },
          { Name: 'dt', Type: 'string' },
          { Name: 'hour', Type: 'string' },
        ],
        Parameters: Match.objectLike({
          'projection.enabled': 'true',
          'projection.tenant.type': 'injected',
          'storage.location.template': Match.anyValue(),
        }),
      }),
    });
    template(dev.lake).resourceCountIs('AWS::Glue::Database', 2);
  });

  it('enforces the Athena workgroup: result location, KMS and the bytes-scanned cutoff', () => {
    template(dev.lake).hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10_240 * 1024 * 1024,
        ResultConfiguration: Match.objectLike({
          EncryptionConfiguration: Match.objectLike({ EncryptionOption: 'SSE_KMS' }),
        }),
      }),
    });
  });

  it('feeds the lake writer from Kinesis with partial batch responses, bisect and a DLQ', () => {
    const source = functions.find((f) => f.name === 'lake-writer')?.eventSources?.[0];
    expect(source?.kind).toBe('kinesis');
    const t = template(dev.lake);
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: source?.kind === 'kinesis' ? source.batchSize : -1,
      MaximumBatchingWindowInSeconds: 5,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 10,
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    t.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
  });

  it('lets the lake writer put objects in its own buckets only, with no wildcard actions', () => {
    const statements = statementsOf(template(dev.lake));
    const puts = statements.filter((s) => asArray(s.Action).includes('s3:PutObject'));
    const targets = puts.flatMap((s) => asArray(s.Resource)).map((r) => JSON.stringify(r));
    expect(targets.some((r) => r.includes('RawBucket'))).toBe(true);
    expect(targets.some((r) => r.includes('CuratedBucket'))).toBe(true);
    expect(targets.some((r) => r.includes('QueryResultsBucket'))).toBe(false);
    const s3Wildcards = statements
      .flatMap((s) => asArray(s.Action))
      .filter((a) => a.startsWith('s3:') && a.includes('*'));
    expect(s3Wildcards).toEqual([]);
  });
});

describe('Api stack', () => {
  it('serves every topology route, behind the API key authorizer unless marked public', () => {
    const t = template(dev.api);
    const methods = Object.values(t.findResources('AWS::ApiGateway::Method')).map(
      (m) => (m as { Properties: { HttpMethod: string; AuthorizationType: string } }).Properties,
    );
    const routes = functions.flatMap((f) => f.routes ?? []);
    expect(methods).toHaveLength(routes.length);
    expect(methods.every((m) => m.AuthorizationType === 'CUSTOM')).toBe(
      routes.every((r) => r.authenticated !== false),
    );
    t.resourceCountIs('AWS::ApiGateway::Authorizer', 1);
  });

  it('logs access, traces and throttles the stage without logging bodies', () => {
    template(dev.api).hasResourceProperties('AWS::ApiGateway::Stage', {
      TracingEnabled: true,
      AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }),
      MethodSettings: [
        Match.objectLike({
          DataTraceEnabled: false,
          LoggingLevel: 'INFO',
          ThrottlingRateLimit: 500,
          ThrottlingBurstLimit: 1000,
        }),
      ],
    });
  });

  it('guards the stage with a WAF web ACL: per-IP rate limit and AWS managed rule groups', () => {
    const t = template(dev.api);
    t.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: Match.arrayWith([
        Match.objectLike({ Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 10_000 } } }),
        Match.objectLike({
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({ Name: 'AWSManagedRulesCommonRuleSet' }),
          },
        }),
      ]),
    });
    t.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
  });

  it('scopes the query function to its Athena workgroup and the lake catalog', () => {
    const statements = statementsOf(template(dev.api));
    const athena = statements.find((s) => asArray(s.Action).includes('athena:StartQueryExecution'));
    expect(JSON.stringify(athena?.Resource)).toContain('workgroup/nexus-dev-queries');
    const glue = statements.find((s) => asArray(s.Action).includes('glue:GetTable'));
    expect(JSON.stringify(glue?.Resource)).toContain('database/nexus_dev_lake');
  });
});

describe('every function', () => {
  const stacksOf = (stage: NexusStage) => stage.node.children.filter((c): c is Stack => c instanceof Stack);

  it('is Node.js 22 on arm64 with X-Ray, JSON logs and VPC placement', () => {
    for (const stack of stacksOf(dev)) {
      // Only ours: CDK's own custom-resource providers are not topology functions.
      const lambdas = Object.values(template(stack).findResources('AWS::Lambda::Function')).filter((fn) =>
        functions.some(
          (f) => f.description === (fn as { Properties: { Description?: string } }).Properties.Description,
        ),
      );
      for (const fn of lambdas)
        expect((fn as { Properties: Record<string, unknown> }).Properties).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          TracingConfig: { Mode: 'Active' },
          LoggingConfig: { LogFormat: 'JSON', LogGroup: expect.anything() },
          VpcConfig: expect.anything(),
        });
    }
  });

  it('gets no IAM statement on Resource "*" except X-Ray (no resource-level permissions)', () => {
    for (const stack of stacksOf(dev)) {
      for (const s of statementsOf(template(stack), 'Functions')) {
        if (!asArray(s.Resource).includes('*')) continue;
        expect(asArray(s.Action).every((a) => a.startsWith('xray:'))).toBe(true);
      }
    }
  });

  it('is deployed exactly once per deployment, in its domain stack', () => {
    const lambdaDescriptions = stacksOf(dev).flatMap((stack) =>
      Object.values(template(stack).findResources('AWS::Lambda::Function')).map(
        (fn) => (fn as { Properties: { Description?: string } }).Properties.Description,
      ),
    );
    for (const spec of functions)
      expect(lambdaDescriptions.filter((d) => d === spec.description)).toHaveLength(1);
  });
});

describe('Insights stack', () => {
  it('serves the model server image on an encrypted endpoint with one weighted variant per config entry', () => {
    const t = template(prod.insights);
    t.resourceCountIs('AWS::SageMaker::Model', 2);
    t.allResourcesProperties('AWS::SageMaker::Model', {
      EnableNetworkIsolation: true,
      VpcConfig: Match.anyValue(),
      PrimaryContainer: Match.objectLike({
        Environment: Match.objectLike({ MODEL_NAME: 'nexus-analytics' }),
      }),
    });
    t.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      KmsKeyId: Match.anyValue(),
      ProductionVariants: [
        Match.objectLike({ VariantName: 'champion', InitialVariantWeight: 0.9, InitialInstanceCount: 2 }),
        Match.objectLike({ VariantName: 'challenger', InitialVariantWeight: 0.1, InitialInstanceCount: 1 }),
      ],
    });
    t.hasResourceProperties('AWS::SageMaker::Endpoint', { EndpointName: 'nexus-prod-analytics' });
  });

  it('autoscales each variant on invocations per instance within its configured bounds', () => {
    const t = template(prod.insights);
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ResourceId: 'endpoint/nexus-prod-analytics/variant/champion',
      ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      MinCapacity: 2,
      MaxCapacity: 6,
    });
    t.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 2);
  });

  it('lets only functions that need the model invoke that one endpoint', () => {
    const invokers = [dev.api, dev.insights, dev.lake, dev.ingestion, dev.reporting].flatMap((stack) =>
      statementsOf(template(stack), 'Functions').filter((s) =>
        asArray(s.Action).includes('sagemaker:InvokeEndpoint'),
      ),
    );
    const needing = functions.filter((f) => f.needs.includes('modelEndpoint:invoke'));
    expect(invokers).toHaveLength(needing.length);
    for (const s of invokers) expect(JSON.stringify(s.Resource)).toContain('endpoint/nexus-dev-analytics');
  });
});

describe('Observability stack', () => {
  it('alarms on stream lag and dead letters into an encrypted topic', () => {
    const t = template(dev.observability);
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'GetRecords.IteratorAgeMilliseconds',
      Threshold: 300_000,
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});
