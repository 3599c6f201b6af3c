/**
 * Design choices the cost model prices as scenarios against a stage as configured: each turns a
 * deployment into the changed one. The ones below the line are what a stage's config could still
 * drop, at the price of something production needs (stated in each name).
 */
import type { Assumptions, Deployment } from './cost-model';

export interface Scenario {
  readonly name: string;
  readonly apply: (d: Deployment) => Deployment;
}

export const scenarios: readonly Scenario[] = [
  {
    name: 'HTTP API instead of REST (no WAF, no gateway error shape)',
    apply: (d) => ({ ...d, api: { ...d.api, kind: 'http' }, waf: { ...d.waf, enabled: false } }),
  },
  {
    name: 'NAT gateways instead of interface endpoints (an internet path)',
    apply: (d) =>
      d.network.egress === 'interface-endpoints'
        ? { ...d, network: { ...d.network, egress: 'nat-gateway' } }
        : d,
  },
  {
    name: 'no RDS Proxy (slower failover, no connection pooling)',
    apply: (d) => ({ ...d, database: { ...d.database, proxy: false } }),
  },
  {
    // Functions leave the VPC (all but the migrations): only the rotations' and X-Ray's endpoints
    // stay; the application's login brings a secret of its own.
    name: 'RDS Data API instead of VPC functions + RDS Proxy',
    apply: (d) => ({
      ...d,
      secrets: d.database.access === 'data-api' ? d.secrets : d.secrets + 1,
      network: {
        ...d.network,
        interfaceEndpoints: d.network.interfaceEndpointsWithDataApi ?? d.network.interfaceEndpoints,
      },
      database: { ...d.database, proxy: false, access: 'data-api' },
    }),
  },
  {
    name: 'single-AZ database (failover recreates the writer: minutes)',
    apply: (d) => ({ ...d, database: { ...d.database, multiAz: false } }),
  },
];

/**
 * Measured and refused: a 20 s lake-writer batching window (inside the 30 s close grace that
 * scoring and alerts wait) would save rollup writes and invocations, but the metric rollups are
 * written by the lake writer per batch, so issue 11's accepted -> visible p95 <= 5 s would break.
 * Priced for the record, not part of `allScenarios`.
 */
export const batchWindow20s = (d: Deployment): Deployment => ({
  ...d,
  batchWindowSeconds: Math.max(d.batchWindowSeconds, 20),
});

/**
 * A/B variants on always-on instances, as before issue 13 (SageMaker splitting the traffic of one
 * endpoint): 2 + 1 ml.c6g.large. Priced for comparison, not part of `allScenarios`.
 */
export const abOnInstances = (d: Deployment): Deployment => ({
  ...d,
  modelEndpoint: {
    kind: 'instances',
    instances: [
      { type: 'ml.c6g.large', count: 2 },
      { type: 'ml.c6g.large', count: 1 },
    ],
  },
});

/**
 * What issue 13 replaced, priced for comparison: a DynamoDB claim per event (kept forever) and
 * no compaction. Not part of `allScenarios`.
 */
export const beforeIssue13 = (d: Deployment): Deployment => {
  const { compactedFilesPerPartitionHour: _dropped, ...rest } = rawBatchFilesKept(d);
  return { ...rest, dedupe: 'per-event-claims' };
};

/**
 * Before the compactor merged the raw zone: one raw object per lake-writer batch (~100 KB at the
 * anchor, billed 128 KB in Standard-IA, a lifecycle transition each), kept in Standard-IA until
 * Glacier like the quarantine bucket. A code and lifecycle change; not part of `allScenarios`.
 */
export const rawBatchFilesKept = (d: Deployment): Deployment => {
  const { compactedRawFilesPerPartitionHour: _merged, ...rest } = d;
  const { rawGlacierAfterDays: _straight, ...lifecycle } = d.lifecycle;
  return { ...rest, lifecycle };
};

/** The stream on demand instead of provisioned: the reference for the README's break-even. */
export const kinesisOnDemand = (d: Deployment): Deployment => ({
  ...d,
  kinesis: { ...d.kinesis, mode: 'on-demand' },
});

/**
 * Before the rollup store kept a 12-byte digest per token: each token was the curated file's key,
 * 133 bytes with the list's element overhead (measured 2026-12-02 by `npm run cost:measure`
 * before the change). A code change, not a stage's setting; not part of `allScenarios`.
 */
export const fileKeyRollupTokens = (d: Deployment): Deployment => ({ ...d, rollupTokenBytes: 133 });

/**
 * Before the lake writer tagged its batch files: the versions the compactor deleted stayed, in
 * Standard, for the 30 days of the buckets' noncurrent-version expiry. Not part of `allScenarios`.
 */
export const batchFileVersionsKept30Days = (d: Deployment): Deployment => ({
  ...d,
  noncurrentVersionDays: 30,
});

/**
 * Before the rollup store remembered the cells it wrote: a consistent read before every cell
 * write. A code change; not part of `allScenarios`.
 */
export const rollupReadsEveryWrite = (d: Deployment): Deployment => ({ ...d, rollupReads: 'every-write' });

/**
 * Before the lake writer remembered the manifests it committed: a GET of the partition's
 * manifest before every batch. A code change; not part of `allScenarios`.
 */
export const manifestReadsEveryBatch = (d: Deployment): Deployment => ({
  ...d,
  manifestReads: 'every-batch',
});

/**
 * Before the ingest function's routine line per request went to DEBUG (a request with rejected
 * records still logs at INFO): 636 bytes per request with its EMF document, measured 2026-12-02
 * by `npm run cost:measure` before the change (273 after). Not part of `allScenarios`.
 */
export const ingestLineEveryRequest = (d: Deployment): Deployment => ({
  ...d,
  ingestLogBytesPerRequest: 636,
});

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
    'dynamodb BatchGetItem (rollups)': 8,
    'dynamodb PutItem (rollups)': 10,
    'dynamodb UpdateItem': 8,
    'dynamodb Query': 8,
    // A detect or forecast call on one series (Serverless Inference, warm).
    'sagemaker InvokeEndpoint': 50,
  },
  authorizerDbMs: 4,
  // Assumed, not measured in AWS: a Data API call's round trip in the region (HTTPS, IAM, a
  // connection the service holds); the local stand-in's overhead is in README "Database access".
  dataApiCallMs: 15,
  // Assumed, not measured in AWS: an Athena query of a few minutes of one partition-hour, from
  // start through its polls to the first page of results.
  lakeQueryMs: 1500,
  // Assumed: both per-minute functions start on the same schedule, so the evaluator's anomaly
  // rules find the minute not yet scored and pause once (2 s, alert-evaluator's deps) before
  // judging it; the measured runs had the scorer go first (the held-back rules' second round of
  // reads is not counted).
  evaluatorScorerWaitMs: 2000,
  platformLogBytesPerInvocation: 350,
  apiAccessLogBytesPerRequest: 450,
  apiExecutionLogBytesPerRequest: 1050,
  lambdaTraceReservoirPerSecond: 1,
  lambdaTraceRate: 0.05,
  rollupTokensKept: 128,
  scoringMs: 50,
  claimItemBytes: 200,
  kmsRequestsPerMonth: 100_000,
};
