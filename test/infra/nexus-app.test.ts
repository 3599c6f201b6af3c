/**
 * Assertions on the synthesized CDK app (all deployments in cdk.json): per-stack resources and
 * properties, least-privilege IAM, and the cdk-nag gate. One synth is shared by the whole file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameLimits, physicalNames } from '../../infra/config/physical-names';
import { interfaceEndpointServices, runsInVpc } from '../../infra/config/stage-resources';
import type { NexusStage } from '../../infra/stages/nexus-stage';
import { deploymentShape } from '../../scripts/cost/deployment-shape';
import { BATCH_FILE_TAG } from '../../shared/domain/lake/lake-layout';
import { functions } from '../../shared/topology';
import { cdkContext, removeOutdirs, testApp } from './support/synth-app';

/** One app per configured stage (`-c stage=<name>`), each synthesized like `cdk synth`. */
const apps: App[] = [];
const assemblies: CloudAssembly[] = [];
/** The validation reports (cdk-nag) of every synth. */
const reports: { pluginReports: { pluginName: string; conclusion: string; violations: unknown[] }[] }[] = [];
/** Every deployment (stage x region) of cdk.json. */
const stages: NexusStage[] = [];
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

beforeAll(async () => {
  // One synth per stage, yielding in between: a single synchronous synth of every deployment
  // blocks the test worker long enough to time out vitest's RPC on a busy machine.
  const stageNames = Object.keys((cdkContext().nexus as { stages: Record<string, unknown> }).stages);
  for (const stage of stageNames) {
    const app = testApp({ stage });
    apps.push(app);
    // Synthesizing throws when cdk-nag finds anything unacknowledged; the report says what.
    try {
      assemblies.push(app.synth());
    } finally {
      reports.push(JSON.parse(readFileSync(join(app.outdir, 'validation-report.json'), 'utf8')));
    }
    stages.push(...app.node.children.filter((c): c is NexusStage => c instanceof Stage));
    await new Promise((resolve) => setImmediate(resolve));
  }
  dev = stages.find((s) => s.node.id === 'dev-eu-west-1') as NexusStage;
  prod = stages.find((s) => s.node.id === 'prod-us-east-1') as NexusStage;
}, 300_000);
afterAll(removeOutdirs);

describe('the app', () => {
  it('creates one stack set per configured stage and region, named app-stage-region-domain', () => {
    const ids = stages.map((c) => c.node.id);
    expect(ids.sort()).toEqual(['dev-eu-west-1', 'prod-eu-west-1', 'prod-us-east-1']);
    const names = dev.node.children.filter((c) => c instanceof Stack).map((s) => (s as Stack).stackName);
    expect(names).toEqual(
      expect.arrayContaining([
        'nexus-dev-eu-west-1-platform',
        'nexus-dev-eu-west-1-lake',
        'nexus-dev-eu-west-1-platform-functions',
        'nexus-dev-eu-west-1-ingestion',
        'nexus-dev-eu-west-1-lake-functions',
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
    // From the assembly already synthesized: Annotations.fromStack would synthesize each stack again.
    const nested = assemblies.flatMap((assembly) => assembly.nestedAssemblies);
    const errors = nested.flatMap((stage) =>
      stage.nestedAssembly.stacks.flatMap((stack) =>
        stack.messages.filter((m) => m.level === 'error').map((m) => `${stack.stackName}: ${m.entry.data}`),
      ),
    );
    expect(nested).toHaveLength(3);
    expect(errors).toEqual([]);
  });

  it('passes cdk-nag AwsSolutions with zero unacknowledged findings', () => {
    // The synth in beforeAll would have thrown otherwise (see nag-gate.test.ts); a passing plugin
    // may be left out of the report, a failing one never is.
    const failing = reports
      .flatMap((report) => report.pluginReports)
      .filter((p) => p.conclusion !== 'success' || p.violations.length > 0);
    expect(failing).toEqual([]);
  });
});

describe('Platform stack', () => {
  it('runs Aurora Serverless v2 Postgres encrypted, IAM-authenticated, backed up, protected in prod only', () => {
    const props = {
      StorageEncrypted: true,
      EnableIAMDatabaseAuthentication: true,
      Engine: 'aurora-postgresql',
      EngineVersion: Match.stringLikeRegexp('^17'),
    };
    template(prod.platform).hasResourceProperties('AWS::RDS::DBCluster', {
      ...props,
      DeletionProtection: true,
      BackupRetentionPeriod: 30,
      ServerlessV2ScalingConfiguration: Match.objectLike({ MinCapacity: 0.5 }),
    });
    // Prod: a writer and a reader in another AZ; dev: a writer that pauses at 0 ACU.
    template(prod.platform).resourceCountIs('AWS::RDS::DBInstance', 2);
    template(dev.platform).hasResourceProperties('AWS::RDS::DBCluster', {
      ...props,
      DeletionProtection: false,
      ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 2, SecondsUntilAutoPause: 600 },
    });
    template(dev.platform).resourceCountIs('AWS::RDS::DBInstance', 1);
    template(dev.platform).allResourcesProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.serverless',
      PubliclyAccessible: false,
    });
  });

  it('reaches Postgres over the Data API in prod (no RDS Proxy); rotates the admin credentials everywhere, and the application login’s in prod', () => {
    const t = template(prod.platform);
    t.resourceCountIs('AWS::RDS::DBProxy', 0);
    t.hasResourceProperties('AWS::RDS::DBCluster', { EnableHttpEndpoint: true });
    // RDS Proxy's IAM auth and TLS, where a stage keeps it: test/infra/data-api-access.test.ts.
    template(dev.platform).resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
    t.resourceCountIs('AWS::SecretsManager::RotationSchedule', 2);
  });

  it('without the proxy (dev), functions sign in to the cluster as an IAM-only login the Data API creates', () => {
    const t = template(dev.platform);
    t.resourceCountIs('AWS::RDS::DBProxy', 0);
    t.hasResourceProperties('AWS::RDS::DBCluster', { EnableHttpEndpoint: true });
    const login = JSON.stringify(t.findResources('Custom::AWS'));
    expect(login).toContain('GRANT rds_iam TO nexus_iam');
    // The admin keeps its rotated password: rds_iam goes to the separate login only.
    expect(login).not.toContain('GRANT rds_iam TO nexus_admin');
    expect(login).not.toContain('GRANT nexus_admin');
    const connect = statementsOf(template(dev.ingestion)).filter((st) =>
      asArray(st.Action).includes('rds-db:connect'),
    );
    expect(connect.length).toBeGreaterThan(0);
    for (const st of connect) expect(JSON.stringify(st.Resource)).toContain('/nexus_iam');
  });

  it('reaches AWS APIs in prod through endpoints only (no NAT, no internet gateway)', () => {
    const t = template(prod.platform);
    t.resourceCountIs('AWS::EC2::NatGateway', 0);
    t.resourceCountIs('AWS::EC2::InternetGateway', 0);
    const services = Object.values(t.findResources('AWS::EC2::VPCEndpoint')).map((r) =>
      JSON.stringify((r as { Properties: { ServiceName: unknown } }).Properties.ServiceName),
    );
    // With the Data API only the migrations are in the VPC (data-api-access.test.ts: the 10 on connections).
    for (const service of ['.s3', '.dynamodb', 'secretsmanager', 'xray'])
      expect(services.some((s) => s.includes(service))).toBe(true);
    for (const service of ['kinesis-streams', 'sagemaker.runtime', 'athena', 'sts', 'sqs', 'scheduler'])
      expect(services.some((s) => s.includes(service))).toBe(false);
  });

  it('moves curated objects, and only them, to Glacier Instant Retrieval after 90 days', () => {
    const rules = Object.values(template(prod.lake).findResources('AWS::S3::Bucket')).map((b) =>
      JSON.stringify(
        (b as { Properties: { LifecycleConfiguration?: unknown } }).Properties.LifecycleConfiguration,
      ),
    );
    const instant = rules.filter((r) => r.includes('"StorageClass":"GLACIER_IR","TransitionInDays":90'));
    expect(instant).toHaveLength(1);
    // The quarantine bucket goes from Standard-IA straight to Glacier.
    expect(rules.filter((r) => r.includes('"StorageClass":"GLACIER","TransitionInDays":365'))).toHaveLength(
      2,
    );
  });

  it('lets the noncurrent versions of tagged batch files go after a day, in the raw and curated buckets only', () => {
    const buckets = Object.entries(template(prod.lake).findResources('AWS::S3::Bucket'));
    const withRule = buckets
      .filter(([, b]) =>
        JSON.stringify(b).includes(
          `{"Id":"expire-merged-batch-files","NoncurrentVersionExpiration":{"NoncurrentDays":1},"Status":"Enabled","TagFilters":[{"Key":"${BATCH_FILE_TAG.key}","Value":"${BATCH_FILE_TAG.value}"}]}`,
        ),
      )
      .map(([id]) => id.replace(/Bucket.*$/, ''));
    expect(withRule.sort()).toEqual(['Curated', 'Raw']);
  });

  it('moves raw objects from Standard straight to Glacier after 30 days, never to Standard-IA', () => {
    const raw = Object.entries(template(prod.lake).findResources('AWS::S3::Bucket')).find(([id]) =>
      id.startsWith('RawBucket'),
    );
    const rules = JSON.stringify(
      (raw?.[1] as { Properties: { LifecycleConfiguration?: unknown } } | undefined)?.Properties
        .LifecycleConfiguration,
    );
    expect(rules).toContain('"Transitions":[{"StorageClass":"GLACIER","TransitionInDays":30}]');
    expect(rules).toContain('"ExpirationInDays":2555');
    expect(rules).not.toContain('STANDARD_IA');
  });

  it('creates exactly the interface endpoints the VPC functions call, derived from the topology', () => {
    const services = Object.values(template(prod.platform).findResources('AWS::EC2::VPCEndpoint'))
      .map((r) => r as { Properties: { VpcEndpointType?: string; ServiceName: unknown } })
      .filter((r) => r.Properties.VpcEndpointType === 'Interface')
      .map((r) => JSON.stringify(r.Properties.ServiceName));
    const expected = interfaceEndpointServices(prod.deployment.config);
    expect(services).toHaveLength(expected.length);
    // CDK names them com.amazonaws.<region>.<service>, partly by tokens: compare the suffixes.
    const suffix: Record<string, string> = {
      athena: 'athena',
      glue: 'glue',
      kinesis: 'kinesis-streams',
      'sagemaker-api': 'sagemaker.api',
      'sagemaker-runtime': 'sagemaker.runtime',
      scheduler: 'scheduler',
      secretsmanager: 'secretsmanager',
      ses: 'email',
      sqs: 'sqs',
      sts: 'sts',
      xray: 'xray',
    };
    for (const service of expected)
      expect(
        services.filter((s) => s.endsWith(`.${suffix[service]}"`) || s.includes(`.${suffix[service]}"`)),
      ).toHaveLength(1);
    expect(services.some((s) => s.includes('sagemaker.api'))).toBe(false);
  });

  it('deploys what the cost model prices: dev egresses through one NAT instance, prod through the derived endpoints', () => {
    const interfaceEndpoints = (stage: NexusStage) =>
      Object.values(template(stage.platform).findResources('AWS::EC2::VPCEndpoint')).filter(
        (r) => (r as { Properties: { VpcEndpointType?: string } }).Properties.VpcEndpointType === 'Interface',
      ).length;
    expect(interfaceEndpoints(dev)).toBe(0);
    template(dev.platform).resourceCountIs('AWS::EC2::Instance', 1);
    template(dev.platform).resourceCountIs('AWS::EC2::NatGateway', 0);
    const shape = (stage: string) => deploymentShape(stage, process.cwd());
    expect(shape('dev').network).toEqual({
      egress: 'nat-instance',
      interfaceEndpoints: 0,
      interfaceEndpointsWithDataApi: 0,
      availabilityZones: 2,
    });
    expect(interfaceEndpoints(prod)).toBe(shape('prod').network.interfaceEndpoints);
    expect(interfaceEndpoints(prod)).toBeGreaterThan(0);
    // The rest of the shape the model prices, as synthesized.
    expect(shape('dev').waf.enabled).toBe(false);
    expect(shape('prod').waf.enabled).toBe(true);
    expect(shape('dev').database).toMatchObject({ minAcu: 0, multiAz: false, proxy: false });
    expect(shape('prod').database).toMatchObject({
      minAcu: 0.5,
      multiAz: true,
      proxy: false,
      access: 'data-api',
    });
    expect(shape('dev').modelEndpoint.kind).toBe('serverless');
    expect(shape('prod').modelEndpoint).toEqual({ kind: 'serverless', memoryGb: 2, endpoints: 2 });
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
  it('runs the migrate-database Trigger in its own stack, deployed after the whole Platform stack', () => {
    const t = template(dev.platformFunctions);
    const triggers = Object.values(t.findResources('Custom::Trigger')) as {
      Properties: { HandlerArn: unknown };
    }[];
    // Migrations, then the bootstrap (test/infra/bootstrap.test.ts checks its order).
    expect(triggers).toHaveLength(2);
    expect(
      triggers.filter((tr) => JSON.stringify(tr.Properties.HandlerArn).includes('migratedatabase')),
    ).toHaveLength(1);
    // The stack dependency orders it after the database, the logins and the function-to-database
    // ingress rule (all in Platform); Trigger is not in the stack that holds RDS.
    expect(dev.platformFunctions.dependencies).toContain(dev.platform);
    template(dev.platform).resourceCountIs('Custom::Trigger', 0);
    template(prod.platform).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 5432,
      Description: 'Nexus functions to the database (no proxy in this stage)',
    });
  });

  it('does not start the first secret rotation during the first deployment', () => {
    template(dev.platform).hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotateImmediatelyOnUpdate: false,
    });
  });
});

describe('Ingestion stack', () => {
  it('encrypts the event stream with the data key, provisioned by default, in the Lake data stack', () => {
    template(dev.lake).hasResourceProperties('AWS::Kinesis::Stream', {
      Name: 'nexus-dev-events',
      StreamEncryption: { EncryptionType: 'KMS', KeyId: Match.anyValue() },
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      ShardCount: 1,
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
    for (const put of puts) expect(JSON.stringify(put.Resource)).toContain('stream/nexus-dev-events');
  });
});

describe('Ingestion stack: file uploads', () => {
  it('receives upload events through EventBridge, reshaped into the S3 notification the handler reads', () => {
    template(dev.lake).hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: { EventBridgeConfiguration: {} },
    });
    const t = template(dev.ingestion);
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: Match.objectLike({ object: { key: [{ prefix: 'uploads/' }] } }),
      }),
      Targets: [
        Match.objectLike({
          InputTransformer: Match.objectLike({
            InputTemplate: Match.stringLikeRegexp('"Records":\\[\\{.*"s3":\\{.*"key":<detail-object-key>'),
          }),
        }),
      ],
    });
    t.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com' });
  });

  it('sends upload invocations that keep failing to an encrypted DLQ', () => {
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
    // upload, raw, curated, quarantine, query results, report files (issue 12).
    t.resourceCountIs('AWS::S3::Bucket', 6);
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
    expect(policies).toHaveLength(6);
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

  it('keeps the Athena workgroup’s KMS and bytes-scanned cutoff, honouring per-tenant result locations', () => {
    template(dev.lake).hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: false,
        BytesScannedCutoffPerQuery: 10_240 * 1024 * 1024,
        ResultConfiguration: Match.objectLike({
          EncryptionConfiguration: Match.objectLike({ EncryptionOption: 'SSE_KMS' }),
        }),
      }),
    });
  });

  it('feeds the stream consumers from Kinesis with partial batch responses, bisect and a DLQ', () => {
    const source = functions.flatMap((f) => f.eventSources ?? []).find((e) => e.kind === 'kinesis');
    expect(source?.kind).toBe('kinesis');
    const t = template(dev.lakeFunctions);
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: source?.kind === 'kinesis' ? source.batchSize : -1,
      MaximumBatchingWindowInSeconds: source?.kind === 'kinesis' ? source.maxBatchingWindowSeconds : -1,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: source?.kind === 'kinesis' ? source.maxRetryAttempts : -1,
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    t.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
  });

  it('lets the lake writer put objects in its own buckets only, with no wildcard actions', () => {
    const statements = statementsOf(template(dev.lakeFunctions));
    const puts = statements.filter((s) => asArray(s.Action).includes('s3:PutObject'));
    const targets = puts.flatMap((s) => asArray(s.Resource)).map((r) => JSON.stringify(r));
    expect(targets.some((r) => r.includes('rawbucketname'))).toBe(true);
    expect(targets.some((r) => r.includes('curatedbucketname'))).toBe(true);
    expect(targets.some((r) => r.includes('queryresultsbucketname'))).toBe(false);
    const s3Wildcards = statements
      .flatMap((s) => asArray(s.Action))
      .filter((a) => a.startsWith('s3:') && a.includes('*'));
    expect(s3Wildcards).toEqual([]);
  });
});

describe('Api stack', () => {
  it('renders gateway errors in the error shape, authorizer refusals as 401 with the authorizer’s reason', () => {
    const responses = Object.values(template(dev.api).findResources('AWS::ApiGateway::GatewayResponse')).map(
      (r) => (r as { Properties: Record<string, unknown> }).Properties,
    );
    const byType = new Map(responses.map((p) => [p.ResponseType, p]));
    for (const type of ['UNAUTHORIZED', 'ACCESS_DENIED', 'THROTTLED', 'DEFAULT_4XX', 'DEFAULT_5XX']) {
      const body = (byType.get(type)?.ResponseTemplates as Record<string, string> | undefined)?.[
        'application/json'
      ];
      expect(body, type).toBeDefined();
      // The VTL placeholders are strings or JSON-escaped values, so an example rendering parses.
      const rendered = JSON.parse(
        (body ?? '').replace('$context.error.messageString', '"m"').replaceAll(/\$context\.[\w.]+/g, 'x'),
      );
      expect(rendered, type).toEqual({
        error: { code: expect.any(String), message: expect.any(String), details: [] },
        requestId: 'x',
      });
    }
    expect(byType.get('ACCESS_DENIED')?.StatusCode).toBe('401');
    expect(byType.get('ACCESS_DENIED')?.ResponseTemplates).toEqual({
      'application/json': expect.stringContaining('$context.authorizer.errorCode'),
    });
  });

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
          LoggingLevel: 'ERROR',
          ThrottlingRateLimit: 500,
          ThrottlingBurstLimit: 1000,
        }),
      ],
    });
    // X-Ray samples the stage's share of requests (prod: 1 %), with no per-second reservoir.
    template(prod.api).hasResourceProperties('AWS::XRay::SamplingRule', {
      SamplingRule: Match.objectLike({
        FixedRate: 0.01,
        ReservoirSize: 0,
        ServiceType: 'AWS::ApiGateway::Stage',
      }),
    });
  });

  it('guards the prod stage with a WAF web ACL: per-IP rate limit and AWS managed rule groups; dev has none', () => {
    template(dev.api).resourceCountIs('AWS::WAFv2::WebACL', 0);
    const t = template(prod.api);
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

  it('is Node.js 22 on arm64 with X-Ray and JSON logs, in the VPC only when it reaches the database', () => {
    for (const [stage, stack] of [dev, prod].flatMap((st) => stacksOf(st).map((sk) => [st, sk] as const))) {
      // Only ours: CDK's own custom-resource providers are not topology functions.
      const lambdas = Object.values(template(stack).findResources('AWS::Lambda::Function')).flatMap((fn) => {
        const properties = (fn as { Properties: Record<string, unknown> }).Properties;
        const spec = functions.find((f) => f.description === properties['Description']);
        return spec ? [{ spec, properties }] : [];
      });
      for (const { spec, properties } of lambdas) {
        expect(properties).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          TracingConfig: { Mode: 'Active' },
          LoggingConfig: { LogFormat: 'JSON', LogGroup: expect.anything() },
        });
        // With the Data API (prod) only the migrations' own connection needs the VPC.
        expect(properties['VpcConfig'] !== undefined, spec.name).toBe(
          runsInVpc(spec, stage.deployment.config),
        );
        if (stage === dev)
          expect(runsInVpc(spec, dev.deployment.config)).toBe(
            spec.network !== 'internet' && spec.needs.includes('database'),
          );
      }
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
  it('serves prod A/B from one Serverless Inference endpoint per variant: no instances, no autoscaling', () => {
    const t = template(prod.insights);
    t.resourceCountIs('AWS::SageMaker::Model', 2);
    t.allResourcesProperties('AWS::SageMaker::Model', {
      VpcConfig: Match.absent(),
      PrimaryContainer: Match.objectLike({
        Environment: Match.objectLike({ MODEL_NAME: 'nexus-analytics' }),
      }),
    });
    // Each endpoint config holds one serverless variant: nothing bills by the hour.
    const configs = Object.values(t.findResources('AWS::SageMaker::EndpointConfig')).map(
      (r) =>
        (r as { Properties: { ProductionVariants: Record<string, unknown>[] } }).Properties
          .ProductionVariants,
    );
    expect(configs).toHaveLength(2);
    for (const variants of configs) {
      expect(variants).toHaveLength(1);
      expect(variants[0]).toMatchObject({ ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 20 } });
      expect(variants[0]?.InstanceType).toBeUndefined();
      expect(variants[0]?.InitialInstanceCount).toBeUndefined();
    }
    expect(configs.map((v) => v[0]?.VariantName).sort()).toEqual(['challenger', 'champion']);
    const endpoints = Object.values(t.findResources('AWS::SageMaker::Endpoint')).map(
      (r) => (r as { Properties: { EndpointName: string } }).Properties.EndpointName,
    );
    expect(endpoints.sort()).toEqual(['nexus-prod-analytics-challenger', 'nexus-prod-analytics-champion']);
    t.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    // Each endpoint's container logs have a log group of the stack.
    for (const name of endpoints)
      t.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: `/aws/sagemaker/Endpoints/${name}` });
  });

  it('tells the model callers the deployed variants, their weights and how to reach them', () => {
    const envOf = (name: string) =>
      prod.stacks
        .flatMap((stack) => Object.values(template(stack).findResources('AWS::Lambda::Function')))
        .map(
          (fn) =>
            (
              fn as {
                Properties: { Description?: string; Environment?: { Variables?: Record<string, unknown> } };
              }
            ).Properties,
        )
        .find((p) => p.Description === functions.find((f) => f.name === name)?.description)?.Environment
        ?.Variables;
    for (const name of ['metric-anomalies', 'insights', 'models'])
      expect(envOf(name)).toMatchObject({
        MODEL_ENDPOINT_NAME: 'nexus-prod-analytics',
        MODEL_VARIANTS: 'champion=0.9,challenger=0.1',
        MODEL_VARIANT_ROUTING: 'endpoint-per-variant',
      });
    // The weights live in the registry: the models function may not touch SageMaker.
    const manage = prod.stacks.flatMap((stack) =>
      statementsOf(template(stack)).filter((st) =>
        asArray(st.Action).includes('sagemaker:UpdateEndpointWeightsAndCapacities'),
      ),
    );
    expect(manage).toHaveLength(0);
  });

  it('serves dev from SageMaker Serverless Inference: one variant, no instances, no autoscaling', () => {
    const t = template(dev.insights);
    t.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [
        Match.objectLike({
          VariantName: 'champion',
          ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 10 },
          InstanceType: Match.absent(),
        }),
      ],
    });
    t.hasResourceProperties('AWS::SageMaker::Endpoint', { EndpointName: 'nexus-dev-analytics-champion' });
    t.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    t.allResourcesProperties('AWS::SageMaker::Model', { VpcConfig: Match.absent() });
  });

  it('lets only functions that need the model invoke its endpoints', () => {
    const invokers = dev.stacks.flatMap((stack) =>
      statementsOf(template(stack), 'Functions').filter((s) =>
        asArray(s.Action).includes('sagemaker:InvokeEndpoint'),
      ),
    );
    const needing = functions.filter((f) => f.needs.includes('modelEndpoint:invoke'));
    expect(invokers).toHaveLength(needing.length);
    for (const s of invokers)
      expect(JSON.stringify(s.Resource)).toContain('endpoint/nexus-dev-analytics-champion');
  });
});

describe('alert delivery', () => {
  it('queues deliveries on KMS-encrypted SQS with a DLQ, consumed with partial batch failures and alarmed', () => {
    const platform = template(dev.platform);
    platform.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: Match.stringLikeRegexp('-deliveries$'),
      KmsMasterKeyId: Match.anyValue(),
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }),
    });
    platform.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: Match.stringLikeRegexp('-deliveries-dlq$'),
      KmsMasterKeyId: Match.anyValue(),
    });
    const reporting = template(dev.reporting);
    reporting.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
    });
    for (const what of ['deliveries moved to the dead-letter queue', 'the delivery function failed'])
      reporting.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmDescription: `alert-delivery: ${what}`,
        AlarmActions: Match.anyValue(),
      });
  });
});

describe('Observability stack', () => {
  it('alarms on consumer lag and dead letters (next to the consumers) into the encrypted topic', () => {
    const t = template(dev.observability);
    t.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'nexus-dev-alarms',
      KmsMasterKeyId: Match.anyValue(),
    });
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const alarms = Object.values(template(dev.lakeFunctions).findResources('AWS::CloudWatch::Alarm')).map(
      (a) =>
        (a as { Properties: { MetricName: string; Threshold: number; AlarmActions: unknown } }).Properties,
    );
    const lag = alarms.find((a) => a.MetricName === 'IteratorAge');
    const deadLetters = alarms.find((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(lag?.Threshold).toBe(300_000);
    expect(deadLetters?.Threshold).toBe(1);
    for (const a of [lag, deadLetters])
      expect(JSON.stringify(a?.AlarmActions)).toContain(':nexus-dev-alarms');
  });
});

describe('data stacks apart from function stacks', () => {
  const statefulTypes = [
    'AWS::S3::Bucket',
    'AWS::Kinesis::Stream',
    'AWS::DynamoDB::Table',
    'AWS::RDS::DBInstance',
    'AWS::RDS::DBCluster',
    'AWS::KMS::Key',
    'AWS::Glue::Database',
  ];
  /** Lambda functions of the topology (CDK's own providers, e.g. the rotation Lambda, are not). */
  const projectFunctions = (t: Template) =>
    Object.values(t.findResources('AWS::Lambda::Function')).filter((fn) =>
      functions.some(
        (f) => f.description === (fn as { Properties: { Description?: string } }).Properties.Description,
      ),
    );

  it('puts no stateful resource and project function in the same template', () => {
    for (const stage of stages)
      for (const stack of stage.stacks) {
        const t = template(stack);
        const stateful = statefulTypes.filter((type) => Object.keys(t.findResources(type)).length > 0);
        const fns = projectFunctions(t);
        expect(stateful.length === 0 || fns.length === 0, `${stack.stackName}: ${stateful.join(', ')}`).toBe(
          true,
        );
      }
    // The split is real: the data stacks hold the state, the others every function.
    expect(projectFunctions(template(dev.platform))).toHaveLength(0);
    expect(projectFunctions(template(dev.lake))).toHaveLength(0);
    const deployed = dev.stacks.flatMap((stack) => projectFunctions(template(stack)));
    expect(deployed).toHaveLength(functions.length);
  });

  it('termination-protects the data stacks in production only', () => {
    for (const stack of [prod.platform, prod.lake]) expect(stack.terminationProtection).toBe(true);
    for (const stack of [dev.platform, dev.lake]) expect(stack.terminationProtection).toBe(false);
  });

  it('wires stacks without CloudFormation exports, and only function stacks depend on data stacks', () => {
    for (const stage of stages)
      for (const stack of stage.stacks) {
        const json = JSON.stringify(template(stack).toJSON());
        expect(json, stack.stackName).not.toContain('Fn::ImportValue');
        const outputs = Object.values(template(stack).findOutputs('*')) as { Export?: unknown }[];
        expect(
          outputs.filter((o) => o.Export),
          stack.stackName,
        ).toEqual([]);
      }
    const data = new Set<Stack>([dev.platform, dev.lake]);
    for (const stack of data)
      for (const dependency of stack.dependencies) expect(data.has(dependency), stack.stackName).toBe(true);
  });
});

describe('physical names and limits', () => {
  /** Where each named resource type keeps its name, its AWS length limit and how far it must be unique. */
  const named: Record<
    string,
    { name: (p: Record<string, unknown>) => unknown; limit: number; scope: 'region' | 'account' }
  > = {
    'AWS::Lambda::Function': {
      name: (p) => p.FunctionName,
      limit: nameLimits.lambdaFunction,
      scope: 'region',
    },
    'AWS::SQS::Queue': { name: (p) => p.QueueName, limit: nameLimits.sqsQueue, scope: 'region' },
    'AWS::Kinesis::Stream': { name: (p) => p.Name, limit: nameLimits.kinesisStream, scope: 'region' },
    'AWS::DynamoDB::Table': { name: (p) => p.TableName, limit: nameLimits.dynamodbTable, scope: 'region' },
    'AWS::RDS::DBProxy': { name: (p) => p.DBProxyName, limit: nameLimits.dbProxy, scope: 'region' },
    'AWS::SNS::Topic': { name: (p) => p.TopicName, limit: nameLimits.snsTopic, scope: 'region' },
    'AWS::SageMaker::Endpoint': {
      name: (p) => p.EndpointName,
      limit: nameLimits.sagemakerEndpoint,
      scope: 'region',
    },
    'AWS::Glue::Database': {
      name: (p) => (p.DatabaseInput as { Name?: unknown }).Name,
      limit: nameLimits.glueDatabase,
      scope: 'region',
    },
    'AWS::Athena::WorkGroup': { name: (p) => p.Name, limit: nameLimits.athenaWorkgroup, scope: 'region' },
    'AWS::Scheduler::ScheduleGroup': {
      name: (p) => p.Name,
      limit: nameLimits.scheduleGroup,
      scope: 'region',
    },
    'AWS::SES::ConfigurationSet': {
      name: (p) => p.Name,
      limit: nameLimits.sesConfigurationSet,
      scope: 'region',
    },
    'AWS::CloudWatch::Dashboard': {
      name: (p) => p.DashboardName,
      limit: nameLimits.cloudwatchDashboard,
      scope: 'account',
    },
    'AWS::ApiGateway::RestApi': { name: (p) => p.Name, limit: nameLimits.restApi, scope: 'region' },
    'AWS::SSM::Parameter': { name: (p) => p.Name, limit: 1011, scope: 'region' },
    'AWS::IAM::Role': { name: (p) => p.RoleName, limit: nameLimits.iamRole, scope: 'account' },
    'AWS::SecretsManager::Secret': { name: (p) => p.Name, limit: nameLimits.secret, scope: 'region' },
  };

  it('derives every physical name from the stage, within AWS limits, unique per region (dashboards per account)', () => {
    const seen = new Map<string, string>();
    const counts = new Map<string, number>();
    for (const stage of stages)
      for (const stack of stage.stacks)
        for (const [logicalId, r] of Object.entries(
          template(stack).toJSON().Resources as Record<
            string,
            { Type: string; Properties?: Record<string, unknown> }
          >,
        )) {
          const rule = named[r.Type];
          const name = rule?.name(r.Properties ?? {});
          if (!rule || typeof name !== 'string') continue;
          const where = `${stack.stackName}/${logicalId}`;
          expect(name.length, `${where}: ${name}`).toBeLessThanOrEqual(rule.limit);
          expect(name, where).toMatch(new RegExp(`[-_/]${stack.node.scope?.node.id.split('-')[0]}[-_/]`));
          const key = `${r.Type} ${stack.account} ${rule.scope === 'region' ? stack.region : ''} ${name}`;
          expect(seen.get(key), `${where} reuses the name of ${seen.get(key)}`).toBeUndefined();
          seen.set(key, where);
          counts.set(r.Type, (counts.get(r.Type) ?? 0) + 1);
        }
    // The names the issue found missing or literal are there: every function, the topic. No stage
    // of cdk.json has RDS Proxy since prod moved to the Data API (data-api-access.test.ts names one).
    expect(counts.get('AWS::RDS::DBProxy')).toBeUndefined();
    expect(counts.get('AWS::Lambda::Function')).toBeGreaterThanOrEqual(3 * functions.length);
    expect(counts.get('AWS::SNS::Topic')).toBe(3);
  });

  it('keeps names within limits for the longest app, stage, region and function names config allows', () => {
    const longest = physicalNames({ app: 'a'.repeat(21), stage: 's'.repeat(11), region: 'ap-southeast-2' });
    const fn = functions.map((f) => f.name).reduce((a, b) => (b.length > a.length ? b : a));
    expect(longest.function(fn).length).toBeLessThanOrEqual(nameLimits.lambdaFunction);
    expect(longest.deadLetterQueue(fn).length).toBeLessThanOrEqual(nameLimits.sqsQueue);
    expect(longest.dbProxy.length).toBeLessThanOrEqual(nameLimits.dbProxy);
    expect(longest.modelEndpoint.length).toBeLessThanOrEqual(nameLimits.sagemakerEndpoint);
    expect(longest.scheduleGroup.length).toBeLessThanOrEqual(nameLimits.scheduleGroup);
    expect(longest.mailConfigurationSet.length).toBeLessThanOrEqual(nameLimits.sesConfigurationSet);
    for (const domain of new Set(functions.map((f) => f.domain)))
      expect(longest.tenantQueryRole(domain).length, domain).toBeLessThanOrEqual(nameLimits.iamRole);
  });

  it('gives every API-routed function a timeout below API Gateway’s 29 s integration limit', () => {
    const routed = functions.filter((f) => f.routes?.length || f.role === 'authorizer');
    expect(routed.length).toBeGreaterThan(0);
    for (const spec of routed) {
      expect(spec.timeoutSeconds, spec.name).toBeLessThan(29);
      const deployed = dev.stacks
        .flatMap((stack) => Object.values(template(stack).findResources('AWS::Lambda::Function')))
        .map((r) => (r as { Properties: { FunctionName?: string; Timeout?: number } }).Properties)
        .find((p) => p.FunctionName === physicalNames(dev.deployment).function(spec.name));
      expect(deployed?.Timeout, spec.name).toBeLessThan(29);
    }
  });
});

describe('first-deploy risks', () => {
  it('expires rollup cells on the attribute the DynamoDB store writes; no idempotency table is left', () => {
    template(dev.platform).hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'nexus-dev-rollups',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    // Issue 13 removed it: no function used it (lake dedupe lives in the partition manifests).
    expect(JSON.stringify(template(prod.platform).toJSON())).not.toContain('idempotency');
  });

  it('has no usage plan that would throttle nothing (tenant keys are not API Gateway keys)', () => {
    template(dev.api).resourceCountIs('AWS::ApiGateway::UsagePlan', 0);
    template(dev.api).resourceCountIs('AWS::ApiGateway::ApiKey', 0);
  });

  it('creates the SageMaker endpoint log group and lets the model role write exactly there', () => {
    const t = template(dev.insights);
    const groups = t.findResources('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: '/aws/sagemaker/Endpoints/nexus-dev-analytics-champion' },
    });
    const [logicalId] = Object.keys(groups);
    expect(logicalId).toBeDefined();
    const logs = statementsOf(t).filter((s) => asArray(s.Action).includes('logs:PutLogEvents'));
    expect(logs.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [logicalId, 'Arn'] }]);
    expect(statementsOf(t).flatMap((s) => asArray(s.Action))).not.toContain('logs:CreateLogGroup');
  });

  it('sends reports from the configured domain, not a placeholder', () => {
    template(prod.reporting).hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: prod.deployment.config.reporting.mailFromDomain,
    });
  });
});
