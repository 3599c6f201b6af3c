import { describe, expect, it } from 'vitest';
import { deploymentsOf, parseInfraConfig } from '../../infra/config/deployment-config';
import {
  interfaceEndpointServices,
  modelServing,
  runsInVpc,
  usesDataApi,
  vpcFunctions,
} from '../../infra/config/stage-resources';
import { functionNamed } from '../../shared/topology';
import { cdkContext } from './support/synth-app';

const stage = {
  account: '123456789012',
  regions: ['eu-west-1'],
  reporting: { mailFromDomain: 'reports.dev.example.com' },
};

describe('infra config (cdk.json context nexus)', () => {
  it('the committed cdk.json has dev in one region and prod in two', () => {
    const config = parseInfraConfig(cdkContext().nexus);
    const deployments = deploymentsOf(config).map((d) => `${d.stage}/${d.region}`);
    expect(deployments).toEqual(['dev/eu-west-1', 'prod/eu-west-1', 'prod/us-east-1']);
    expect(deploymentsOf(config, 'dev')).toHaveLength(1);
  });

  it('fills production-safe defaults: 7-year retention, provisioned stream, Athena cutoff, WAF, proxy, Multi-AZ', () => {
    const config = parseInfraConfig({ stages: { dev: stage } });
    const dev = config.stages.dev;
    expect(dev?.lake.retentionDays).toBe(2555);
    expect(dev?.eventStream).toMatchObject({ mode: 'provisioned', shards: 1 });
    expect(dev?.network.egress).toBe('interface-endpoints');
    expect(dev?.database).toMatchObject({ minCapacityAcu: 0.5, multiAz: true, proxy: true });
    expect(dev?.api.waf).toBe(true);
    expect(dev?.insights.hosting).toBe('serverless');
    expect(dev?.lake.instantRetrievalAfterDays).toBe(90);
    expect(dev?.athena.bytesScannedCutoffPerQueryMb).toBe(10_240);
    expect(dev?.insights.variants.map((v) => v.name)).toEqual(['champion']);
  });

  it('names every problem with its path', () => {
    expect(() => parseInfraConfig({ stages: { dev: { ...stage, account: '12' } } })).toThrow(
      /nexus\.stages\.dev\.account: a 12-digit AWS account id/,
    );
    expect(() => parseInfraConfig({ stages: { dev: { ...stage, regions: ['Europe'] } } })).toThrow(
      /nexus\.stages\.dev\.regions\.0/,
    );
    expect(() =>
      parseInfraConfig({
        stages: {
          dev: {
            ...stage,
            insights: {
              variants: [
                { name: 'a', modelVersion: '1', weight: 0.5 },
                { name: 'a', modelVersion: '2', weight: 0.5 },
              ],
            },
          },
        },
      }),
    ).toThrow(/variant names must be unique/);
    expect(() => parseInfraConfig(undefined)).toThrow(/Invalid cdk.json context/);
  });

  it('requires a real sender domain and an alarm subscriber in production', () => {
    expect(() => parseInfraConfig({ stages: { dev: { ...stage, reporting: {} } } })).toThrow(
      /nexus\.stages\.dev\.reporting\.mailFromDomain/,
    );
    const prod = { ...stage, production: true, alarmEmails: ['oncall@acme.io'] };
    expect(() => parseInfraConfig({ stages: { prod } })).toThrow(/real, verified domain/);
    expect(() =>
      parseInfraConfig({
        stages: { prod: { ...prod, reporting: { mailFromDomain: 'mail.acme.io' }, alarmEmails: [] } },
      }),
    ).toThrow(/nexus\.stages\.prod\.alarmEmails: a production stage needs at least one alarm subscriber/);
    const ok = parseInfraConfig({
      stages: { prod: { ...prod, reporting: { mailFromDomain: 'mail.acme.io' } } },
    });
    expect(ok.stages.prod?.reporting.mailFromUser).toBe('reports');
  });

  it('keeps what production needs, and serves A/B variants serverless (one endpoint each)', () => {
    const prod = {
      ...stage,
      production: true,
      alarmEmails: ['oncall@acme.io'],
      reporting: { mailFromDomain: 'mail.acme.io' },
    };
    for (const dropped of [
      { database: { multiAz: false } },
      { database: { minCapacityAcu: 0 } },
      { api: { waf: false } },
    ])
      expect(() => parseInfraConfig({ stages: { prod: { ...prod, ...dropped } } })).toThrow(
        /a production stage keeps a Multi-AZ database that never pauses and the WAF/,
      );
    const ab = [
      { name: 'a', modelVersion: '1', weight: 0.5 },
      { name: 'b', modelVersion: '2', weight: 0.5 },
    ];
    const serverlessAb = parseInfraConfig({
      stages: { dev: { ...stage, insights: { hosting: 'serverless', variants: ab } } },
    }).stages.dev;
    if (!serverlessAb) throw new Error('no dev stage');
    expect(modelServing(serverlessAb, 'nexus-dev-analytics')).toEqual({
      endpointName: 'nexus-dev-analytics',
      routing: 'endpoint-per-variant',
      variants: [
        { variantName: 'a', weight: 0.5, endpointName: 'nexus-dev-analytics-a' },
        { variantName: 'b', weight: 0.5, endpointName: 'nexus-dev-analytics-b' },
      ],
    });
    expect(() =>
      parseInfraConfig({ stages: { dev: { ...stage, lake: { instantRetrievalAfterDays: 400 } } } }),
    ).toThrow(/Glacier Instant Retrieval comes 30\+ days after Standard-IA and before Glacier/);
    expect(() =>
      parseInfraConfig({ stages: { dev: { ...stage, database: { minCapacityAcu: 0.25 } } } }),
    ).toThrow(/nexus\.stages\.dev\.database\.minCapacityAcu/);
  });

  it('rejects an unknown stage filter instead of synthesizing nothing', () => {
    expect(() => deploymentsOf(parseInfraConfig({ stages: { dev: stage } }), 'qa')).toThrow(
      /Unknown stage "qa"/,
    );
  });

  it('derives the VPC functions and their interface endpoints from the topology needs', () => {
    const dev = parseInfraConfig({ stages: { dev: stage } }).stages.dev;
    if (!dev) throw new Error('no dev stage');
    // The database is the only reason to join the VPC.
    expect(runsInVpc(functionNamed('ingest-records'), dev)).toBe(true);
    // The insights API reads the registry's variant weights to split A/B traffic itself.
    expect(runsInVpc(functionNamed('insights'), dev)).toBe(true);
    expect(runsInVpc(functionNamed('alert-delivery'), dev)).toBe(false);
    expect(runsInVpc(functionNamed('lake-compactor'), dev)).toBe(false);
    const services = interfaceEndpointServices(dev);
    // Kinesis for ingest, Athena/STS for queries, Glue for dataset tables, SQS for alerts,
    // Scheduler for reports, SageMaker runtime for scoring.
    expect(services).toEqual(
      expect.arrayContaining(['kinesis', 'athena', 'glue', 'sts', 'sqs', 'scheduler', 'sagemaker-runtime']),
    );
    // Variant weights live in the registry when each variant has its own serverless endpoint:
    // the models function calls no SageMaker API; with instances it updates the endpoint's weights.
    expect(services).not.toContain('sagemaker-api');
    expect(
      interfaceEndpointServices({ ...dev, insights: { ...dev.insights, hosting: 'instances' } }),
    ).toContain('sagemaker-api');
    expect(services).toEqual([...new Set(services)].sort());
    // A NAT egress needs no endpoint at all.
    expect(
      interfaceEndpointServices({ ...dev, network: { ...dev.network, egress: 'nat-instance' } }),
    ).toEqual([]);
  });

  it('keeps only the schema migrations in the VPC where the stage uses the RDS Data API', () => {
    const dev = parseInfraConfig({
      stages: { dev: { ...stage, database: { proxy: false, access: 'data-api' } } },
    }).stages.dev;
    if (!dev) throw new Error('no dev stage');

    expect(vpcFunctions(dev).map((f) => f.name)).toEqual(['migrate-database']);
    expect(usesDataApi(functionNamed('ingest-records'), dev)).toBe(true);
    expect(usesDataApi(functionNamed('migrate-database'), dev)).toBe(false);
    // Rotation of the database secret (a VPC function) and the migrations' traces: nothing else.
    expect(interfaceEndpointServices(dev)).toEqual(['secretsmanager', 'xray']);
  });

  it('refuses a Data API stage that keeps RDS Proxy', () => {
    expect(() =>
      parseInfraConfig({ stages: { dev: { ...stage, database: { proxy: true, access: 'data-api' } } } }),
    ).toThrow(/nexus\.stages\.dev\.database\.proxy: the Data API replaces RDS Proxy/);
  });
});
