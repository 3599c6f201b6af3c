/**
 * What each stage deploys, for the cost model: read from cdk.json's `nexus` context through the
 * infra config parser, plus the counts fixed in the stacks (endpoints, alarms, keys), which are
 * stated here with the stack they come from.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInfraConfig } from '../../infra/config/deployment-config';
import { functionNamed } from '../../shared/topology';
import type { Deployment } from './cost-model';

/** vCPUs per RDS instance class (RDS Proxy bills on them, at least 2). */
const vcpus: Record<string, number> = { 't4g.micro': 2, 't4g.medium': 2, 'r7g.large': 2, 'r7g.xlarge': 4 };

export function deploymentShape(stage: string, repoRoot: string): Deployment {
  const cdkJson = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as {
    context: { nexus: unknown };
  };
  const config = parseInfraConfig(cdkJson.context.nexus);
  const stageConfig = config.stages[stage];
  if (!stageConfig)
    throw new Error(`unknown stage "${stage}" (cdk.json: ${Object.keys(config.stages).join(', ')})`);
  const source = functionNamed('lake-writer').eventSources?.find((s) => s.kind === 'kinesis');
  return {
    stage,
    // platform-stack.ts: Kinesis, SageMaker runtime, Secrets Manager, Athena, Glue, SES, X-Ray; maxAzs 2.
    interfaceEndpoints: 7,
    availabilityZones: 2,
    natGateways: 0,
    kinesis: { mode: stageConfig.eventStream.mode, shards: stageConfig.eventStream.shards },
    batchWindowSeconds: source?.kind === 'kinesis' ? source.maxBatchingWindowSeconds || 1 : 1,
    batchSizeRecords: source?.kind === 'kinesis' ? source.batchSize : 100,
    modelEndpoint: {
      kind: 'instances',
      instances: stageConfig.insights.variants.map((v) => ({ type: v.instanceType, count: v.minInstances })),
    },
    database: {
      instanceClass: stageConfig.database.instanceClass,
      multiAz: stageConfig.database.multiAz,
      storageGb: stageConfig.database.allocatedStorageGb,
      // platform-stack.ts: RDS Proxy in every stage.
      proxy: true,
      vcpus: vcpus[stageConfig.database.instanceClass] ?? 2,
    },
    // api-stack.ts: rate limit, IP reputation, common and known-bad-inputs rule groups.
    waf: { enabled: true, rules: 4 },
    // observability-stack.ts: ~20 alarms and one dashboard; EMF metrics of the handlers.
    alarms: 20,
    dashboards: 1,
    customMetrics: 12,
    // The data key; Secrets Manager: the database credentials.
    kmsKeys: 1,
    secrets: 1,
    logRetentionMonths: stageConfig.production ? 12 : 1,
    lifecycle: {
      infrequentAccessAfterDays: stageConfig.lake.infrequentAccessAfterDays,
      glacierAfterDays: stageConfig.lake.glacierAfterDays,
    },
    // Issue 13: partition manifests instead of a DynamoDB claim per event; the hourly lake-compactor.
    dedupe: 'partition-manifests',
    compactedFilesPerPartitionHour: 1,
  };
}
