/**
 * What each stage deploys, for the cost model: the stage's config from cdk.json, parsed by the
 * same schema `cdk synth` uses, and what infra/config/stage-resources.ts derives from it (the
 * interface endpoints, the WAF's rules), so `npm run cost -- --stage X` prices what the CDK app
 * deploys for X. Counts the stacks fix without config (alarms, keys) are stated with their source.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInfraConfig } from '../../infra/config/deployment-config';
import { interfaceEndpointServices, wafRuleCount } from '../../infra/config/stage-resources';
import { functionNamed } from '../../shared/topology';
import type { Deployment } from './cost-model';

export function deploymentShape(stage: string, repoRoot: string): Deployment {
  const cdkJson = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as {
    context: { nexus: unknown };
  };
  const config = parseInfraConfig(cdkJson.context.nexus);
  const stageConfig = config.stages[stage];
  if (!stageConfig)
    throw new Error(`unknown stage "${stage}" (cdk.json: ${Object.keys(config.stages).join(', ')})`);
  const source = functionNamed('lake-writer').eventSources?.find((s) => s.kind === 'kinesis');
  const insights = stageConfig.insights;
  return {
    stage,
    network: {
      egress: stageConfig.network.egress,
      interfaceEndpoints: interfaceEndpointServices(stageConfig).length,
      interfaceEndpointsWithDataApi: interfaceEndpointServices({
        ...stageConfig,
        database: { ...stageConfig.database, proxy: false, access: 'data-api' },
      }).length,
      availabilityZones: stageConfig.network.availabilityZones,
    },
    kinesis: { mode: stageConfig.eventStream.mode, shards: stageConfig.eventStream.shards },
    batchWindowSeconds: source?.kind === 'kinesis' ? source.maxBatchingWindowSeconds || 1 : 1,
    batchSizeRecords: source?.kind === 'kinesis' ? source.batchSize : 100,
    modelEndpoint:
      insights.hosting === 'serverless'
        ? { kind: 'serverless', memoryGb: insights.serverlessMemoryGb, endpoints: insights.variants.length }
        : {
            kind: 'instances',
            instances: insights.variants.map((v) => ({ type: v.instanceType, count: v.minInstances })),
          },
    database: {
      minAcu: stageConfig.database.minCapacityAcu,
      multiAz: stageConfig.database.multiAz,
      proxy: stageConfig.database.proxy,
      access: stageConfig.database.access,
      // Tenants, keys and definitions: Aurora bills the storage used, not an allocation.
      storageGb: 2,
    },
    // api-stack.ts: REST API (WAF and the platform's error shape on gateway responses need it).
    api: { kind: 'rest', executionLogs: stageConfig.api.executionLogLevel },
    waf: { enabled: stageConfig.api.waf, rules: wafRuleCount },
    lambdaPlatformLogs: stageConfig.lambdaSystemLogLevel !== 'WARN',
    traceSampleRate: stageConfig.tracing.sampleRate,
    // observability-stack.ts and the function stacks: ~20 alarms, one dashboard; EMF metrics of the handlers.
    alarms: 20,
    dashboards: 1,
    customMetrics: 12,
    // platform-stack.ts: the data key and the alarm key; the database admin and bootstrap secrets,
    // and in Data API stages the application login's (README "Database access").
    kmsKeys: 2,
    secrets: stageConfig.database.access === 'data-api' ? 3 : 2,
    logRetentionMonths: stageConfig.production ? 12 : 1,
    lifecycle: {
      infrequentAccessAfterDays: stageConfig.lake.infrequentAccessAfterDays,
      // lake-stack.ts: the curated bucket only.
      instantRetrievalAfterDays: stageConfig.lake.instantRetrievalAfterDays,
      glacierAfterDays: stageConfig.lake.glacierAfterDays,
      // lake-stack.ts: the raw bucket skips Standard-IA.
      rawGlacierAfterDays: stageConfig.lake.rawGlacierAfterDays,
    },
    // lake-bucket.ts: the lake buckets are versioned; the noncurrent versions of the batch files the
    // compactor deleted (tagged by the lake writer) expire after 1 day, which S3's lifecycle acts
    // on within about another day.
    noncurrentVersionDays: 2,
    // Issue 13: partition manifests instead of a DynamoDB claim per event; the hourly lake-compactor.
    dedupe: 'partition-manifests',
    compactedFilesPerPartitionHour: 1,
    // dynamodb-rollup-store.ts: the warm writer remembers the cells it wrote.
    rollupReads: 'first-write',
    // write-curated.ts: and the manifest it committed per partition.
    manifestReads: 'first-batch',
    // The lake-compactor merges each partition-hour's raw batch files into one (compact-raw.ts).
    compactedRawFilesPerPartitionHour: 1,
  };
}
