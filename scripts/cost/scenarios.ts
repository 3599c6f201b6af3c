/** Design changes the cost model prices as scenarios: each turns a deployment into the changed one. */
import type { Assumptions, Deployment } from './cost-model';

export interface Scenario {
  readonly name: string;
  readonly apply: (d: Deployment) => Deployment;
}

export const scenarios: readonly Scenario[] = [
  {
    name: 'SageMaker Serverless Inference (2 GB)',
    apply: (d) => ({ ...d, modelEndpoint: { kind: 'serverless', memoryGb: 2 } }),
  },
  {
    name: 'only the endpoints a stage needs (Secrets Manager; the rest outside the VPC)',
    apply: (d) => ({ ...d, interfaceEndpoints: 1 }),
  },
  {
    name: 'no RDS Proxy and no WAF (dev only)',
    apply: (d) =>
      d.stage === 'prod'
        ? d
        : { ...d, database: { ...d.database, proxy: false }, waf: { ...d.waf, enabled: false } },
  },
  {
    name: 'Aurora Serverless v2 (dev pauses at 0 ACU, prod 0.5 ACU per AZ)',
    apply: (d) => ({ ...d, database: { ...d.database, serverlessMinAcu: d.stage === 'prod' ? 0.5 : 0 } }),
  },
  {
    name: 'Kinesis provisioned (shards sized to the load)',
    apply: (d) => ({ ...d, kinesis: { mode: 'provisioned', shards: 1 } }),
  },
];

/**
 * What issue 13 replaced, priced for comparison: a DynamoDB claim per event (kept forever) and
 * no compaction. Not part of `allScenarios`.
 */
export const beforeIssue13 = (d: Deployment): Deployment => {
  const { compactedFilesPerPartitionHour: _dropped, ...rest } = d;
  return { ...rest, dedupe: 'per-event-claims' };
};

/** Every scenario at once. */
export const allScenarios = (d: Deployment): Deployment => scenarios.reduce((acc, s) => s.apply(acc), d);

export const defaultAssumptions: Assumptions = {
  lambdaFullVcpuMb: 1769,
  sdkLatencyMs: {
    'kinesis PutRecords': 15,
    'dynamodb BatchGetItem': 8,
    'dynamodb BatchWriteItem': 10,
    's3 PUT': 25,
    's3 PUT (manifest)': 25,
    's3 GET (manifest)': 15,
    's3 GET': 15,
  },
  authorizerDbMs: 4,
  platformLogBytesPerInvocation: 350,
  apiLogBytesPerRequest: 1500,
  claimItemBytes: 200,
  xRayReservoirPerSecond: 1,
  xRaySampleRate: 0.05,
  kmsRequestsPerMonth: 100_000,
};
