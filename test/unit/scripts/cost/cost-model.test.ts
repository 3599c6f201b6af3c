import { describe, expect, it } from 'vitest';
import {
  type Assumptions,
  billedMs,
  costOf,
  type Deployment,
  lambdaCost,
  type Measurements,
  type Prices,
  perMinuteRun,
  rollupUnits,
  shardsNeeded,
  storageByTier,
  type Workload,
} from '../../../../scripts/cost/cost-model';

/** Every price the model reads, all zero: a test sets only the ones it checks. */
const zeroPrices = (overrides: Record<string, number | Record<string, number>> = {}): Prices => ({
  hoursPerMonth: 720,
  ...Object.fromEntries(
    [
      'apiGatewayRestPerMillionRequests',
      'lambdaArmPerGbSecond',
      'lambdaPerMillionRequests',
      'kinesisOnDemandPerStreamHour',
      'kinesisOnDemandIngestPerGb',
      'kinesisOnDemandRetrievalPerGb',
      'kinesisProvisionedPerShardHour',
      'kinesisProvisionedPerMillionPutUnits',
      'dynamoDbPerMillionWriteUnits',
      'dynamoDbPerMillionReadUnits',
      'dynamoDbStoragePerGbMonth',
      'dynamoDbPitrPerGbMonth',
      's3PutPerThousand',
      's3GetPerThousand',
      's3TransitionToIaPerThousand',
      's3TransitionToGlacierPerThousand',
      's3StandardPerGbMonth',
      's3StandardIaPerGbMonth',
      's3GlacierFlexiblePerGbMonth',
      's3GlacierInstantPerGbMonth',
      's3TransitionToGlacierInstantPerThousand',
      'athenaPerTbScanned',
      'sageMakerServerlessPerGbSecond',
      'sageMakerServerlessPerGbProcessed',
      'sesPerThousandEmails',
      'cloudWatchLogsIngestPerGb',
      'cloudWatchLogsStoragePerGbMonth',
      'cloudWatchPerCustomMetric',
      'cloudWatchPerAlarm',
      'cloudWatchPerDashboard',
      'xRayPerMillionTraces',
      'vpcInterfaceEndpointPerAzHour',
      'vpcEndpointPerGbProcessed',
      'natGatewayPerHour',
      'natGatewayPerGbProcessed',
      'kmsPerKeyMonth',
      'kmsPerTenThousandRequests',
      'secretsManagerPerSecretMonth',
      'rdsProxyPerAcuHour',
      'wafPerWebAcl',
      'wafPerRule',
      'wafPerMillionRequests',
      'auroraServerlessV2PerAcuHour',
      'auroraStoragePerGbMonth',
      'apiGatewayHttpPerMillionRequests',
      'natInstancePerHour',
      'publicIpv4PerHour',
      'ebsGp3PerGbMonth',
    ].map((k) => [k, 0]),
  ),
  sageMakerInstancePerHour: { 'ml.test': 0 },
  ...overrides,
});

const workload: Workload = {
  name: 'test',
  eventsPerSecond: 10,
  eventsPerRequest: 10,
  tenants: 1,
  datasetsPerTenant: 1,
  monthsOfData: 1,
  queriesPerDay: 0,
  queryWindowHours: 1,
  reportsPerDay: 0,
  reportWindowHours: 24,
  scanFraction: 1,
  analyzeCallsPerDay: 0,
  analyzeMs: 100,
  emailsPerDay: 0,
  metricsPerDataset: 0,
  dimensionCombosPerMetric: 1,
};

const deployment: Deployment = {
  stage: 'dev',
  network: { egress: 'interface-endpoints', interfaceEndpoints: 3, availabilityZones: 2 },
  kinesis: { mode: 'on-demand', shards: 1 },
  batchWindowSeconds: 5,
  batchSizeRecords: 500,
  modelEndpoint: { kind: 'instances', instances: [{ type: 'ml.test', count: 2 }] },
  database: { minAcu: 0, multiAz: false, storageGb: 20, proxy: true },
  api: { kind: 'rest', executionLogs: 'ERROR' },
  waf: { enabled: true, rules: 4 },
  lambdaPlatformLogs: false,
  traceSampleRate: 0,
  alarms: 0,
  dashboards: 0,
  customMetrics: 0,
  kmsKeys: 1,
  secrets: 1,
  logRetentionMonths: 1,
  lifecycle: { infrequentAccessAfterDays: 30, glacierAfterDays: 365 },
  dedupe: 'per-event-claims',
  rollupReads: 'every-write',
  manifestReads: 'every-batch',
};

const handler = { memoryMb: 1024, meanCpuMs: 0, sdkCallsPerInvocation: {}, logBytesPerInvocation: 0 };
const measurements: Measurements = {
  stream: {
    recordsPerEvent: 0.1,
    bytesPerEvent: 100,
    putPayloadUnits25kPerEvent: 0.1,
    onDemandBilledKbPerEvent: 0.1,
  },
  lake: {
    eventsPerInvocation: 50,
    curatedParquetBytesPerEvent: 200,
    curatedFilesPerInvocation: 1,
    rawBytesPerEvent: 100,
    rawFilesPerInvocation: 1,
  },
  // 1,000-byte cells without tokens: 1 WRU per write.
  rollups: {
    baseBytesPerWriteBySketch: { distinct: 1000, count: 1000 },
    sketchWriteShare: 0,
    bytesPerToken: 0,
  },
  handlers: {
    'api-key-authorizer': { ...handler, overDataApi: { sdkCallsPerInvocation: {} } },
    'ingest-records': handler,
    'lake-writer': {
      ...handler,
      sdkCallsPerInvocation: { 'dynamodb BatchGetItem': 1, 'dynamodb BatchWriteItem': 2, 's3 PUT': 2 },
    },
  },
  perMinute: {
    metrics: 1,
    'metric-anomalies': { ...handler, lakeQueriesPerInvocation: 0 },
    'alert-evaluator': { ...handler, lakeQueriesPerInvocation: 0 },
  },
};

const assumptions: Assumptions = {
  lambdaFullVcpuMb: 1024,
  sdkLatencyMs: {},
  authorizerDbMs: 0,
  dataApiCallMs: 0,
  lakeQueryMs: 0,
  evaluatorScorerWaitMs: 0,
  platformLogBytesPerInvocation: 0,
  apiAccessLogBytesPerRequest: 0,
  apiExecutionLogBytesPerRequest: 0,
  lambdaTraceReservoirPerSecond: 0,
  lambdaTraceRate: 0,
  rollupTokensKept: 128,
  scoringMs: 0,
  claimItemBytes: 0,
  kmsRequestsPerMonth: 0,
};

// 10 events/s over a 720-hour month.
const events = 10 * 720 * 3600;
const item = (report: ReturnType<typeof costOf>, component: string) => {
  const found = report.items.find((i) => i.component === component);
  if (!found) throw new Error(`no line item ${component}`);
  return found;
};

describe('cost model arithmetic', () => {
  it('prices Lambda by GB-seconds plus requests', () => {
    // 1M invocations x 0.1 s x 1 GB = 100,000 GB-s at $0.00001 = $1, plus 1M requests at $0.20.
    const prices = zeroPrices({ lambdaArmPerGbSecond: 0.00001, lambdaPerMillionRequests: 0.2 });
    expect(lambdaCost(1e6, 100, 1024, prices)).toBeCloseTo(1.2, 10);
    // Half the memory, half the GB-seconds.
    expect(lambdaCost(1e6, 100, 512, prices)).toBeCloseTo(0.7, 10);
  });

  it('stretches CPU time below a full vCPU and adds the waits of each SDK call', () => {
    const h = {
      memoryMb: 512,
      meanCpuMs: 10,
      sdkCallsPerInvocation: { 'x Op': 3 },
      logBytesPerInvocation: 0,
    };
    const a = { ...assumptions, lambdaFullVcpuMb: 1024, sdkLatencyMs: { 'x Op': 5 } };
    // 10 ms at half a vCPU = 20 ms, plus 3 x 5 ms, plus 2 ms extra.
    expect(billedMs(h, a, 2)).toBe(37);
    // At or above a full vCPU nothing stretches; the CPU scale multiplies the CPU part only.
    expect(billedMs({ ...h, memoryMb: 2048 }, a, 0, 3)).toBe(45);
  });

  it('prices a per-minute run from its measured CPU and calls, scaled to the metrics', () => {
    const h = {
      memoryMb: 512,
      meanCpuMs: 10,
      sdkCallsPerInvocation: {
        'rds-data BeginTransaction': 1,
        'rds-data ExecuteStatement': 4,
        'sagemaker InvokeEndpoint': 2,
        's3 PUT': 3,
      },
      logBytesPerInvocation: 0,
      lakeQueriesPerInvocation: 1,
    };
    const a = {
      ...assumptions,
      lambdaFullVcpuMb: 1024,
      sdkLatencyMs: { 'sagemaker InvokeEndpoint': 50, 's3 PUT': 25 },
      dataApiCallMs: 15,
      authorizerDbMs: 4,
      lakeQueryMs: 1000,
    };
    // Twice the measured metrics: 10 ms x 2 at half a vCPU = 40 ms, 4 model calls x 50 ms, 10
    // statements x 15 ms, 2 lake queries x 1 s, 100 ms extra; the lake engine's S3 PUTs are Athena's.
    expect(perMinuteRun(h, 2, true, a, 100)).toEqual({
      ms: 40 + 200 + 150 + 2000 + 100,
      statements: 10,
      lakeQueries: 2,
      modelCalls: 4,
    });
    // On a connection each statement waits a pooled round trip instead.
    expect(perMinuteRun(h, 2, false, a, 100).ms).toBe(40 + 200 + 40 + 2000 + 100);
  });

  it('bills the per-minute runs, their Data API calls, model calls and lake queries every minute of traffic', () => {
    const prices = zeroPrices({
      lambdaArmPerGbSecond: 0.00001,
      rdsDataApiPerMillionRequests: 1,
      sageMakerServerlessPerGbSecond: 1,
      athenaPerTbScanned: 1,
    });
    const run = {
      ...handler,
      meanCpuMs: 100,
      sdkCallsPerInvocation: { 'rds-data ExecuteStatement': 3, 'sagemaker InvokeEndpoint': 1 },
      lakeQueriesPerInvocation: 1,
    };
    const m: Measurements = {
      ...measurements,
      handlers: {
        ...measurements.handlers,
        'api-key-authorizer': {
          ...handler,
          overDataApi: { sdkCallsPerInvocation: { 'rds-data ExecuteStatement': 1 } },
        },
      },
      perMinute: { metrics: 2, 'metric-anomalies': run, 'alert-evaluator': run },
    };
    const w = { ...workload, metricsPerDataset: 4 };
    const d: Deployment = {
      ...deployment,
      modelEndpoint: { kind: 'serverless', memoryGb: 2, endpoints: 1 },
      database: { ...deployment.database, access: 'data-api' },
    };
    const a = { ...assumptions, scoringMs: 1000, evaluatorScorerWaitMs: 500 };
    const report = costOf(w, d, m, a, prices);
    const runs = 30 * 1440;
    // 4 metrics where 2 were measured: 200 ms of CPU each run, plus the evaluator's 500 ms wait.
    expect(item(report, 'per-minute functions (scoring, alerts)').variable).toBeCloseTo(
      runs * (0.2 + 0.7) * 0.00001,
      9,
    );
    // 1 call per request, 6 per run of each function.
    expect(item(report, 'RDS Data API').variable).toBeCloseTo((events / 10 + runs * 12) / 1e6, 9);
    // 2 model calls per run of each, 1 s at 2 GB.
    expect(item(report, 'SageMaker endpoint (serverless)').variable).toBeCloseTo(runs * 4 * 2, 6);
    // 2 lake queries per run of each, at Athena's 10 MB minimum (36,000 events an hour x 200 B).
    expect(item(report, 'Athena (metrics and reports)').variable).toBeCloseTo(
      (runs * 4 * 10 * 1024 ** 2) / 1024 ** 4,
      9,
    );
    // No traffic, no runs.
    const idle = costOf({ ...w, eventsPerSecond: 0 }, d, m, a, prices);
    expect(item(idle, 'per-minute functions (scoring, alerts)').variable).toBe(0);
    expect(item(idle, 'RDS Data API').variable).toBe(0);
  });

  it('fills storage tiers month by month along the lifecycle', () => {
    const lifecycle = { infrequentAccessAfterDays: 30, glacierAfterDays: 365 };
    expect(storageByTier(10, 1, lifecycle)).toEqual({ standard: 10, ia: 0, instant: 0, glacier: 0 });
    const twoYears = storageByTier(10, 24, lifecycle);
    expect(twoYears.standard).toBeCloseTo(10, 10);
    expect(twoYears.ia).toBeCloseTo(10 * (365 / 30 - 1), 10);
    expect(twoYears.instant).toBe(0);
    expect(twoYears.glacier).toBeCloseTo(10 * (24 - 365 / 30), 10);
    // Glacier Instant Retrieval after 90 days takes the months Standard-IA held from then on.
    const withInstant = storageByTier(10, 24, { ...lifecycle, instantRetrievalAfterDays: 90 });
    expect(withInstant.ia).toBeCloseTo(20, 10);
    expect(withInstant.instant).toBeCloseTo(10 * (365 / 30 - 3), 10);
    expect(withInstant.glacier).toBeCloseTo(twoYears.glacier, 10);
  });

  it('moves curated objects, not raw ones, to Glacier Instant Retrieval, billed at >= 128 KB and a transition each', () => {
    const prices = zeroPrices({ s3GlacierInstantPerGbMonth: 1, s3TransitionToGlacierInstantPerThousand: 1 });
    const year = { ...workload, monthsOfData: 12 };
    const lifecycle = { infrequentAccessAfterDays: 30, instantRetrievalAfterDays: 90, glacierAfterDays: 365 };
    const report = costOf(year, { ...deployment, lifecycle }, measurements, assumptions, prices);
    // Curated files hold 50 events x 200 B = 10 KB (billed as 128 KiB); raw bytes never get there.
    const curatedFiles = events / 50;
    const instantGb = (events * 200 * (12 - 3) * (128 * 1024)) / 10_000 / 1024 ** 3;
    expect(item(report, 'S3 storage: Glacier Instant Retrieval').variable).toBeCloseTo(
      instantGb + curatedFiles / 1000,
      6,
    );
    const without = costOf(year, deployment, measurements, assumptions, prices);
    expect(without.items.some((i) => i.component === 'S3 storage: Glacier Instant Retrieval')).toBe(false);
  });

  it('sizes provisioned shards by bytes and records per second', () => {
    // 5,000 events/s x 100 B = 0.5 MB/s and 500 records/s: the configured 1 shard suffices.
    expect(shardsNeeded(5_000, measurements, 1)).toBe(1);
    // 25,000 events/s: 2.5 MB/s needs 3 shards, 2,500 records/s needs 3.
    expect(shardsNeeded(25_000, measurements, 1)).toBe(3);
  });

  it('charges a DynamoDB write and read per event for per-event claims, and none for partition manifests', () => {
    const prices = zeroPrices({ dynamoDbPerMillionWriteUnits: 1, dynamoDbPerMillionReadUnits: 0.5 });
    const claims = costOf(workload, deployment, measurements, assumptions, prices);
    expect(item(claims, 'DynamoDB (dedupe claims)').variable).toBeCloseTo((events / 1e6) * 1.5, 6);

    const manifests = costOf(
      workload,
      { ...deployment, dedupe: 'partition-manifests' },
      measurements,
      assumptions,
      prices,
    );
    expect(item(manifests, 'DynamoDB (dedupe claims)').variable).toBe(0);
  });

  it('keeps claims for the months of data without a TTL, and for the TTL with one', () => {
    const prices = zeroPrices({ dynamoDbStoragePerGbMonth: 1 });
    const a = { ...assumptions, claimItemBytes: 1024 ** 3 / events };
    const year = { ...workload, monthsOfData: 12 };
    // 1 GiB of claims per month of events at $1/GB-month.
    expect(
      item(costOf(year, deployment, measurements, a, prices), 'DynamoDB (dedupe claims)').variable,
    ).toBeCloseTo(12, 9);
    const ttl = { ...deployment, claimRetentionDays: 6 };
    expect(item(costOf(year, ttl, measurements, a, prices), 'DynamoDB (dedupe claims)').variable).toBeCloseTo(
      0.2,
      9,
    );
  });

  it('counts S3 PUTs per lake-writer invocation, one per active shard per batch window', () => {
    const prices = zeroPrices({ s3PutPerThousand: 1 });
    const report = costOf(workload, deployment, measurements, assumptions, prices);
    // One partition: one invocation per 5 s window, each writing a curated and a raw file.
    const invocations = (720 * 3600) / 5;
    expect(item(report, 'S3 requests').variable).toBeCloseTo((invocations * 2) / 1000, 6);
    // Manifests add one conditional PUT (and a GET, free here) per partition written per invocation.
    const manifests = costOf(
      workload,
      { ...deployment, dedupe: 'partition-manifests' },
      measurements,
      assumptions,
      prices,
    );
    expect(item(manifests, 'S3 requests').variable).toBeCloseTo((invocations * 3) / 1000, 6);
  });

  it('reads a partition manifest once per partition-hour when the writer remembers what it committed', () => {
    const prices = zeroPrices({ s3GetPerThousand: 1 });
    const manifests = { ...deployment, dedupe: 'partition-manifests' as const };
    const gets = (d: Deployment) =>
      item(costOf(workload, d, measurements, assumptions, prices), 'S3 requests').variable;
    const invocations = (720 * 3600) / 5;
    expect(gets(manifests)).toBeCloseTo(invocations / 1000, 9);
    expect(gets({ ...manifests, manifestReads: 'first-batch' })).toBeCloseTo(720 / 1000, 9);
  });

  it('bills the ingest log bytes a stage states instead of the measured ones', () => {
    const prices = zeroPrices({ cloudWatchLogsIngestPerGb: 1 });
    const logs = (d: Deployment) =>
      item(costOf(workload, d, measurements, assumptions, prices), 'CloudWatch Logs').variable;
    // 10 events per request: events / 10 requests of 1,000 bytes each.
    expect(logs({ ...deployment, ingestLogBytesPerRequest: 1000 })).toBeCloseTo(
      ((events / 10) * 1000) / 1024 ** 3,
      9,
    );
    expect(logs(deployment)).toBe(0);
  });

  it('charges the hourly compactor for the CPU time of every event merged, and stores the merged bytes', () => {
    const prices = zeroPrices({ lambdaArmPerGbSecond: 1, s3StandardPerGbMonth: 1 });
    const m = { ...measurements, compaction: { cpuMsPerEvent: 0.01, parquetBytesPerEvent: 1 } };
    const plain = costOf(workload, deployment, m, assumptions, prices);
    const compacted = costOf(
      workload,
      { ...deployment, compactedFilesPerPartitionHour: 1 },
      m,
      assumptions,
      prices,
    );

    // events x 0.01 ms at 3008 MB, in GB-seconds at $1.
    expect(item(compacted, 'lake compactor function').variable).toBeCloseTo(
      ((events * 0.01) / 1000) * (3008 / 1024),
      6,
    );
    expect(plain.items.some((i) => i.component === 'lake compactor function')).toBe(false);
    expect(item(compacted, 'S3 storage: Standard').variable).toBeLessThan(
      item(plain, 'S3 storage: Standard').variable,
    );
  });

  it('merges raw batch files per partition-hour: a GET each, no per-batch transitions, straight to Glacier', () => {
    const year = { ...workload, monthsOfData: 12 };
    const prices = zeroPrices({
      s3GetPerThousand: 1,
      s3PutPerThousand: 1,
      s3StandardIaPerGbMonth: 1,
      s3TransitionToIaPerThousand: 1,
      s3GlacierFlexiblePerGbMonth: 1,
    });
    const manifests = { ...deployment, dedupe: 'partition-manifests' as const };
    const kept = costOf(year, manifests, measurements, assumptions, prices);
    const merged = costOf(
      year,
      {
        ...manifests,
        compactedRawFilesPerPartitionHour: 1,
        lifecycle: { ...deployment.lifecycle, rawGlacierAfterDays: 30 },
      },
      measurements,
      assumptions,
      prices,
    );
    const invocations = (720 * 3600) / 5;
    const hours = 720;
    // Kept: raw files of 50 x 100 B billed as 128 KiB in Standard-IA for 11 months, a transition each.
    const rawIaGb = (events * 100 * 11 * (128 * 1024)) / 5_000 / 1024 ** 3;
    const curatedIaGb = (events * 200 * 11 * (128 * 1024)) / 10_000 / 1024 ** 3;
    expect(item(kept, 'S3 storage: Standard-IA').variable).toBeCloseTo(
      rawIaGb + curatedIaGb + (2 * invocations) / 1000,
      6,
    );
    // Merged: only the curated files are left in Standard-IA; raw bytes sit in Glacier from month 1.
    expect(item(merged, 'S3 storage: Standard-IA').variable).toBeCloseTo(curatedIaGb + invocations / 1000, 6);
    const rawGlacierGb = (events * 100 * 11) / 1024 ** 3;
    const indexGb = (hours * 11 * 32 * 1024) / 1024 ** 3;
    expect(item(merged, 'S3 storage: Glacier').variable).toBeCloseTo(rawGlacierGb + indexGb, 6);
    // Requests: the compactor GETs each raw batch file and PUTs and LISTs once per partition-hour.
    expect(item(merged, 'S3 requests').variable - item(kept, 'S3 requests').variable).toBeCloseTo(
      invocations / 1000 + (2 * hours) / 1000,
      6,
    );
  });

  it('keeps the batch files compaction deleted in Standard for the noncurrent-version days', () => {
    const prices = zeroPrices({ s3StandardPerGbMonth: 1 });
    const d = { ...deployment, compactedFilesPerPartitionHour: 1, noncurrentVersionDays: 3 };
    const curatedOnly = costOf(workload, d, measurements, assumptions, prices);
    // One month of data: 200 curated bytes per event, kept 3 of 30 days.
    expect(item(curatedOnly, 'S3 storage: noncurrent versions').variable).toBeCloseTo(
      (events * 200 * 0.1) / 1024 ** 3,
      9,
    );
    const both = costOf(
      workload,
      { ...d, compactedRawFilesPerPartitionHour: 1 },
      measurements,
      assumptions,
      prices,
    );
    expect(item(both, 'S3 storage: noncurrent versions').variable).toBeCloseTo(
      (events * 300 * 0.1) / 1024 ** 3,
      9,
    );
    expect(
      costOf(workload, deployment, measurements, assumptions, prices).items.some(
        (i) => i.component === 'S3 storage: noncurrent versions',
      ),
    ).toBe(false);
  });

  it('keeps fixed costs apart: endpoints per AZ-hour, instances per hour, proxy on at least 8 ACUs', () => {
    const prices = zeroPrices({
      vpcInterfaceEndpointPerAzHour: 0.01,
      rdsProxyPerAcuHour: 0.015,
      sageMakerInstancePerHour: { 'ml.test': 0.1 },
    });
    const report = costOf(workload, deployment, measurements, assumptions, prices);
    expect(item(report, 'VPC interface endpoints').fixed).toBeCloseTo(3 * 2 * 720 * 0.01, 6);
    expect(item(report, 'SageMaker endpoint (instances)').fixed).toBeCloseTo(2 * 720 * 0.1, 6);
    expect(item(report, 'RDS Proxy').fixed).toBeCloseTo(8 * 720 * 0.015, 6);
    expect(report.fixed).toBeCloseTo(43.2 + 144 + 86.4, 6);
    expect(report.variable).toBe(0);
    expect(report.dominant.component).toBe('SageMaker endpoint (instances)');
  });

  it('prices the egress a stage chose: endpoints, NAT gateways per AZ, or one NAT instance', () => {
    const prices = zeroPrices({
      vpcInterfaceEndpointPerAzHour: 0.01,
      natGatewayPerHour: 0.05,
      natInstancePerHour: 0.005,
      publicIpv4PerHour: 0.005,
      ebsGp3PerGbMonth: 0.1,
    });
    const egress = (e: Deployment['network']['egress']) =>
      costOf(
        workload,
        { ...deployment, network: { ...deployment.network, egress: e } },
        measurements,
        assumptions,
        prices,
      );
    const gateways = egress('nat-gateway');
    expect(item(gateways, 'NAT gateways').fixed).toBeCloseTo(2 * 720 * (0.05 + 0.005), 6);
    expect(gateways.items.some((i) => i.component === 'VPC interface endpoints')).toBe(false);
    // One instance and its address, plus an 8 GB root volume.
    expect(item(egress('nat-instance'), 'NAT instance').fixed).toBeCloseTo(720 * 0.01 + 0.8, 6);
  });

  it('runs Aurora at >= 0.5 ACU under load, at its minimum when idle, per instance', () => {
    const prices = zeroPrices({ auroraServerlessV2PerAcuHour: 0.1 });
    const aurora = (w: Workload, d: Deployment) =>
      item(costOf(w, d, measurements, assumptions, prices), 'Aurora Serverless v2 (Postgres)').fixed;
    const idle = { ...workload, eventsPerSecond: 0 };
    // Dev pauses at 0 ACU when idle, but traffic keeps it at 0.5.
    expect(aurora(idle, deployment)).toBe(0);
    expect(aurora(workload, deployment)).toBeCloseTo(0.5 * 720 * 0.1, 6);
    // Multi-AZ: a reader at the writer's capacity.
    const prod = { ...deployment, database: { ...deployment.database, minAcu: 1, multiAz: true } };
    expect(aurora(idle, prod)).toBeCloseTo(2 * 720 * 0.1, 6);
  });

  it('writes each rollup cell once per batch, and fewer with a longer batching window', () => {
    const prices = zeroPrices({ dynamoDbPerMillionWriteUnits: 1 });
    const w = { ...workload, metricsPerDataset: 2, dimensionCombosPerMetric: 3 };
    const rollups = (d: Deployment) =>
      item(costOf(w, d, measurements, assumptions, prices), 'DynamoDB (metric rollups)').variable;
    // 5 s batches: 2 metrics x 3 values x (1 + 5/60) minutes per batch, 1 KB items = 1 WCU each.
    const invocations = (720 * 3600) / 5;
    expect(rollups(deployment)).toBeCloseTo((invocations * 6 * (1 + 5 / 60)) / 1e6, 9);
    // A minute's batches write each cell about once instead of twelve times.
    const minute = rollups({ ...deployment, batchWindowSeconds: 60 });
    expect(minute).toBeCloseTo(((invocations / 12) * 6 * 2) / 1e6, 9);
    expect(minute).toBeLessThan(rollups(deployment) / 5);
  });

  it('reads a rollup cell before its first write only when the writer remembers its cells', () => {
    const prices = zeroPrices({ dynamoDbPerMillionReadUnits: 1 });
    const w = { ...workload, metricsPerDataset: 1, dimensionCombosPerMetric: 1 };
    const reads = (d: Deployment) =>
      item(costOf(w, d, measurements, assumptions, prices), 'DynamoDB (metric rollups)').variable;
    const invocations = (720 * 3600) / 5;
    // 1 cell x (1 + 5/60) minutes per batch; a cell-minute takes 60/5 + 1 = 13 writes.
    expect(reads(deployment)).toBeCloseTo((invocations * (1 + 5 / 60)) / 1e6, 9);
    expect(reads({ ...deployment, rollupReads: 'first-write' })).toBeCloseTo(
      (invocations * (1 + 5 / 60)) / 13 / 1e6,
      9,
    );
  });

  it('bills each rollup write by its item size, which grows by a token per batch', () => {
    // 300 bytes and 100 per token, 4 writes: 400, 500, 600, 700 bytes -> 1 WRU each; reads 1 each.
    expect(rollupUnits(300, 100, 4, 128)).toEqual({ writeUnits: 1, readUnits: 1, storedBytes: 800 });
    // 900 bytes and 100 per token: 1,000 (1 WRU), then 1,100 and 1,200 (2 WRU each).
    expect(rollupUnits(900, 100, 3, 128).writeUnits).toBeCloseTo(5 / 3, 10);
    // Tokens stop growing at the kept count: 900 + 2 x 100 from the second write on.
    expect(rollupUnits(900, 100, 5, 2).storedBytes).toBe(1200);
    // A 4 KB+ cell costs 2 RRU to read before the next write (the first write reads nothing there).
    expect(rollupUnits(4000, 100, 3, 128).readUnits).toBeCloseTo((1 + 2 + 2) / 3, 10);
    // A writer that remembers its cells reads only before the first write.
    expect(rollupUnits(4000, 100, 3, 128, false).readUnits).toBeCloseTo(1 / 3, 10);

    const prices = zeroPrices({ dynamoDbPerMillionWriteUnits: 1 });
    const w = { ...workload, metricsPerDataset: 1, dimensionCombosPerMetric: 1 };
    const rollups = (m: Measurements, d: Deployment = deployment) =>
      item(costOf(w, d, m, assumptions, prices), 'DynamoDB (metric rollups)').variable;
    const big = { ...measurements, rollups: { ...measurements.rollups, bytesPerToken: 130 } };
    // 13 writes per cell-minute at 5 s batches: 1,130 .. 2,690 bytes, 2 or 3 WRU instead of 1.
    expect(rollups(big)).toBeGreaterThan(2 * rollups(measurements));
    // Short tokens keep every write within 1 KB again.
    expect(rollups(big, { ...deployment, rollupTokenBytes: 1 })).toBeCloseTo(rollups(measurements), 10);
  });

  it('prices the rate-limit and quota writes of each request', () => {
    const prices = zeroPrices({ dynamoDbPerMillionWriteUnits: 1 });
    const limits = (authWrites: number) =>
      item(
        costOf(
          workload,
          deployment,
          {
            ...measurements,
            handlers: {
              ...measurements.handlers,
              'api-key-authorizer': {
                ...measurements.handlers['api-key-authorizer'],
                sdkCallsPerInvocation: { 'dynamodb UpdateItem': authWrites },
              },
              'ingest-records': { ...handler, sdkCallsPerInvocation: { 'dynamodb UpdateItem': 1 } },
            },
          },
          assumptions,
          prices,
        ),
        'DynamoDB (rate limits, daily quotas)',
      ).variable;
    const requests = events / 10;
    expect(limits(1)).toBeCloseTo((2 * requests) / 1e6, 9);
    expect(limits(0.5)).toBeCloseTo((1.5 * requests) / 1e6, 9);
  });

  it('traces the sampled share of requests, and logs API execution lines only at INFO', () => {
    const prices = zeroPrices({ xRayPerMillionTraces: 1, cloudWatchLogsIngestPerGb: 1 });
    const a = { ...assumptions, apiAccessLogBytesPerRequest: 100, apiExecutionLogBytesPerRequest: 1000 };
    const requests = events / 10;
    const sampled = costOf(workload, { ...deployment, traceSampleRate: 0.1 }, measurements, a, prices);
    expect(item(sampled, 'X-Ray').variable).toBeCloseTo((requests * 0.1) / 1e6, 9);
    const info = costOf(
      workload,
      { ...deployment, api: { kind: 'rest', executionLogs: 'INFO' } },
      measurements,
      a,
      prices,
    );
    expect(item(info, 'CloudWatch Logs').variable).toBeCloseTo((requests * 1100) / 1024 ** 3, 9);
    expect(item(sampled, 'CloudWatch Logs').variable).toBeCloseTo((requests * 100) / 1024 ** 3, 9);
  });

  it('prices HTTP APIs at their own rate', () => {
    const prices = zeroPrices({ apiGatewayRestPerMillionRequests: 3.5, apiGatewayHttpPerMillionRequests: 1 });
    const http = costOf(
      workload,
      { ...deployment, api: { kind: 'http', executionLogs: 'OFF' } },
      measurements,
      assumptions,
      prices,
    );
    expect(item(http, 'API Gateway (HTTP)').variable).toBeCloseTo(events / 10 / 1e6, 9);
  });

  it('spreads the month over its events and leaves $/M undefined at idle', () => {
    const prices = zeroPrices({ apiGatewayRestPerMillionRequests: 4, kmsPerKeyMonth: 1 });
    const report = costOf(workload, deployment, measurements, assumptions, prices);
    // 2.592M requests of 10 events at $4/M, plus a $1 key.
    const total = (events / 10 / 1e6) * 4 + 1;
    expect(report.total).toBeCloseTo(total, 6);
    expect(report.perMillionEvents).toBeCloseTo(total / (events / 1e6), 9);

    const idle = costOf({ ...workload, eventsPerSecond: 0 }, deployment, measurements, assumptions, prices);
    expect([idle.fixed, idle.variable]).toEqual([1, 0]);
    expect(idle.perMillionEvents).toBeNaN();
  });

  it('bills Standard-IA objects smaller than 128 KB at 128 KB', () => {
    const prices = zeroPrices({ s3StandardIaPerGbMonth: 1 });
    const twoMonths = { ...workload, monthsOfData: 2 };
    // Each invocation's files are 50 events x 300 B = 15 KB in 2 objects (7.5 KB each): far under 128 KB.
    const report = costOf(twoMonths, deployment, measurements, assumptions, prices);
    const monthlyBytes = events * 300;
    const meanObject = 7_500;
    const billedGb = (monthlyBytes * (128 * 1024)) / meanObject / 1024 ** 3;
    expect(item(report, 'S3 storage: Standard-IA').variable).toBeCloseTo(billedGb, 6);
  });
});
