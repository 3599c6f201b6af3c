/**
 * The cost model's arithmetic: monthly cost per component from a workload, a deployment shape,
 * measured per-event quantities and a region's list prices. Pure functions, no I/O.
 */

import { definedProps } from '../../shared/domain/defined-props';

export interface Workload {
  readonly name: string;
  readonly eventsPerSecond: number;
  readonly eventsPerRequest: number;
  readonly tenants: number;
  readonly datasetsPerTenant: number;
  /** Months of data in the lake when the month is costed (storage tiers fill over time). */
  readonly monthsOfData: number;
  /** Built-in metric queries per day, each over the last `queryWindowHours`. */
  readonly queriesPerDay: number;
  readonly queryWindowHours: number;
  readonly reportsPerDay: number;
  readonly reportWindowHours: number;
  /** Share of a partition's Parquet bytes a query reads (columns it needs). */
  readonly scanFraction: number;
  readonly analyzeCallsPerDay: number;
  readonly analyzeMs: number;
  readonly emailsPerDay: number;
  /** Metrics defined per dataset: each is rolled up per batch and scored and evaluated per minute. */
  readonly metricsPerDataset: number;
  /** Distinct dimension-value combinations per metric and minute (rollup cells per minute). */
  readonly dimensionCombosPerMetric: number;
}

export type ModelEndpoint =
  | { readonly kind: 'instances'; readonly instances: readonly { type: string; count: number }[] }
  /** One Serverless Inference endpoint per variant (`endpoints`), the callers splitting the traffic. */
  | { readonly kind: 'serverless'; readonly memoryGb: number; readonly endpoints: number };

/** What a stage deploys, as far as cost goes (derived from the infra config). */
export interface Deployment {
  readonly stage: string;
  readonly network: {
    readonly egress: 'interface-endpoints' | 'nat-gateway' | 'nat-instance';
    readonly interfaceEndpoints: number;
    /** The interface endpoints the stage would keep with database access `data-api` (stage-resources.ts). */
    readonly interfaceEndpointsWithDataApi?: number;
    readonly availabilityZones: number;
  };
  readonly kinesis: { readonly mode: 'on-demand' | 'provisioned'; readonly shards: number };
  /** Seconds the lake writer's event source waits to fill a batch. */
  readonly batchWindowSeconds: number;
  readonly batchSizeRecords: number;
  readonly modelEndpoint: ModelEndpoint;
  /** Aurora PostgreSQL Serverless v2: writer (and a reader when Multi-AZ), optional RDS Proxy. */
  readonly database: {
    /** Minimum ACUs per instance; 0 pauses an idle database (under load it runs at >= 0.5). */
    readonly minAcu: number;
    readonly multiAz: boolean;
    readonly proxy: boolean;
    /** `data-api`: functions reach Postgres over the RDS Data API, billed per request. @default connection */
    readonly access?: 'connection' | 'data-api';
    /** Metadata only (tenants, keys, definitions): Aurora bills the storage used. */
    readonly storageGb: number;
  };
  readonly api: {
    /** REST (WAF, gateway response templates) or HTTP API (cheaper, neither). */
    readonly kind: 'rest' | 'http';
    readonly executionLogs: 'OFF' | 'ERROR' | 'INFO';
  };
  readonly waf: { readonly enabled: boolean; readonly rules: number };
  /** Lambda's START/END/REPORT lines (system log level INFO). */
  readonly lambdaPlatformLogs: boolean;
  /** Share of API requests X-Ray traces (sampling rule with no reservoir). */
  readonly traceSampleRate: number;
  readonly alarms: number;
  readonly dashboards: number;
  readonly customMetrics: number;
  readonly kmsKeys: number;
  readonly secrets: number;
  readonly logRetentionMonths: number;
  readonly lifecycle: {
    readonly infrequentAccessAfterDays: number;
    /** Curated objects only (raw ones are a replay source): Glacier Instant Retrieval. */
    readonly instantRetrievalAfterDays?: number;
    readonly glacierAfterDays: number;
    /** Raw objects go from Standard straight to Glacier after these days (undefined: as curated, via Standard-IA). */
    readonly rawGlacierAfterDays?: number;
  };
  /** Days S3 keeps the versions of the batch files compaction deleted (versioned buckets). */
  readonly noncurrentVersionDays?: number;
  /**
   * How the lake writer dedupes: a DynamoDB claim per event (before issue 13), or the partition's
   * manifest in S3 (a conditional PUT per batch and partition, and its GET; the ids come from
   * the files, held in the warm writer's memory).
   */
  readonly dedupe: 'per-event-claims' | 'partition-manifests';
  /** Days a dedupe claim is kept (a DynamoDB TTL); undefined: forever, as today. */
  readonly claimRetentionDays?: number;
  /** Compaction merges a closed partition-hour into this many files (undefined: none). */
  readonly compactedFilesPerPartitionHour?: number;
  /** The compactor merges a closed partition-hour's raw batch files into this many (undefined: kept as written). */
  readonly compactedRawFilesPerPartitionHour?: number;
  /** Bytes one token adds to a rollup cell (undefined: as measured, a curated file key). */
  readonly rollupTokenBytes?: number;
  /**
   * When the lake writer reads a rollup cell before merging into it: before every write, or only
   * before the first (the warm writer's store remembers the items it wrote).
   */
  readonly rollupReads: 'every-write' | 'first-write';
  /**
   * When the lake writer reads a partition's manifest: every batch, or the first batch of a
   * partition-hour (the warm writer starts from the manifest it committed; a lost swap re-reads).
   */
  readonly manifestReads: 'every-batch' | 'first-batch';
  /** Log bytes the ingest function writes per request (undefined: as measured). */
  readonly ingestLogBytesPerRequest?: number;
}

export interface HandlerMeasurement {
  readonly memoryMb: number;
  readonly meanCpuMs: number;
  readonly sdkCallsPerInvocation: Readonly<Record<string, number>>;
  readonly logBytesPerInvocation: number;
}

/** A per-minute function's steady-state run: its Postgres statements as Data API requests ("rds-data ..."). */
export interface PerMinuteMeasurement extends HandlerMeasurement {
  /** Lake queries started per run (Athena in AWS). */
  readonly lakeQueriesPerInvocation: number;
}

/** Per-event quantities from `npm run cost:measure` (scripts/cost/measurements.json). */
export interface Measurements {
  readonly stream: {
    readonly recordsPerEvent: number;
    readonly bytesPerEvent: number;
    readonly putPayloadUnits25kPerEvent: number;
    readonly onDemandBilledKbPerEvent: number;
  };
  readonly lake: {
    readonly eventsPerInvocation: number;
    readonly curatedParquetBytesPerEvent: number;
    readonly curatedFilesPerInvocation: number;
    readonly rawBytesPerEvent: number;
    readonly rawFilesPerInvocation: number;
  };
  /** The lake-compactor merging the measured run's files (absent in measurements taken before it existed). */
  readonly compaction?: {
    readonly cpuMsPerEvent: number;
    readonly parquetBytesPerEvent: number;
    /** Raw bytes after the raw batch files are merged (absent before raw compaction existed). */
    readonly rawBytesPerEvent?: number;
  };
  /** The lake writer's rollup PutItems, billed by item size (scripts/cost/rollup-sizes.ts). */
  readonly rollups: {
    /** A cell's item without its tokens' elements, with a HyperLogLog (distinct) and without. */
    readonly baseBytesPerWriteBySketch: { readonly distinct: number; readonly count: number };
    readonly sketchWriteShare: number;
    /** One token (a curated file key) and its 1-byte list element overhead. */
    readonly bytesPerToken: number;
  };
  readonly handlers: {
    readonly 'api-key-authorizer': HandlerMeasurement & {
      /** In a `data-api` stage: the key lookup as Data API requests ("rds-data ExecuteStatement"). */
      readonly overDataApi: { readonly sdkCallsPerInvocation: Readonly<Record<string, number>> };
    };
    readonly 'ingest-records': HandlerMeasurement;
    readonly 'lake-writer': HandlerMeasurement;
  };
  /** metric-anomalies and alert-evaluator per run, over `metrics` metrics (one 1-minute anomaly rule each). */
  readonly perMinute: {
    readonly metrics: number;
    readonly 'metric-anomalies': PerMinuteMeasurement;
    readonly 'alert-evaluator': PerMinuteMeasurement;
  };
}

/** Figures the local run cannot measure, stated once. */
export interface Assumptions {
  /** Lambda gives a full vCPU at this memory; below it CPU time stretches proportionally. */
  readonly lambdaFullVcpuMb: number;
  /** Round-trip time of one SDK call from Lambda to the service in the same region. */
  readonly sdkLatencyMs: Readonly<Record<string, number>>;
  /** One Postgres statement over a pooled connection (the authorizer's key lookup through RDS Proxy). */
  readonly authorizerDbMs: number;
  /** One RDS Data API call (HTTPS, no pooled connection). */
  readonly dataApiCallMs: number;
  /** Wall time of one lake query from Lambda (Athena: start, polls, first page of results). */
  readonly lakeQueryMs: number;
  /** The alert evaluator's wait for the scorer, which starts on the same schedule, per run. */
  readonly evaluatorScorerWaitMs: number;
  /** Lambda's own START/END/REPORT lines per invocation. */
  readonly platformLogBytesPerInvocation: number;
  /** API Gateway's JSON access log line per request. */
  readonly apiAccessLogBytesPerRequest: number;
  /** API Gateway's INFO execution log lines per request. */
  readonly apiExecutionLogBytesPerRequest: number;
  /** Lambda traces its event-source invocations itself: the first each second and 5 % more. */
  readonly lambdaTraceReservoirPerSecond: number;
  readonly lambdaTraceRate: number;
  /** Tokens a rollup cell keeps (DynamoRollupStore's maxTokensPerCell). */
  readonly rollupTokensKept: number;
  /** The model's time per call (detect or forecast on one series), billed by Serverless Inference. */
  readonly scoringMs: number;
  readonly claimItemBytes: number;
  readonly kmsRequestsPerMonth: number;
}

export type Prices = Readonly<Record<string, number | Readonly<Record<string, number>>>>;

export interface LineItem {
  readonly component: string;
  readonly fixed: number;
  readonly variable: number;
  readonly note: string;
}

export interface CostReport {
  readonly eventsPerMonth: number;
  readonly items: readonly LineItem[];
  readonly fixed: number;
  readonly variable: number;
  readonly total: number;
  /** Total / million events (fixed costs spread over the month's events). */
  readonly perMillionEvents: number;
  readonly dominant: LineItem;
}

const GB = 1024 ** 3;
const price = (prices: Prices, key: string): number => {
  const value = prices[key];
  if (typeof value !== 'number') throw new Error(`price ${key} is missing`);
  return value;
};
const priceOf = (prices: Prices, table: string, key: string): number => {
  const value = (prices[table] as Readonly<Record<string, number>> | undefined)?.[key];
  if (typeof value !== 'number') throw new Error(`price ${table}.${key} is missing`);
  return value;
};

/** Billed milliseconds of one invocation: CPU time stretched to the memory's vCPU share, plus waits. */
export function billedMs(h: HandlerMeasurement, a: Assumptions, extraWaitMs = 0, cpuScale = 1): number {
  const stretch = Math.max(1, a.lambdaFullVcpuMb / h.memoryMb);
  const waits = Object.entries(h.sdkCallsPerInvocation).reduce(
    (sum, [call, n]) => sum + n * (a.sdkLatencyMs[call] ?? 0),
    0,
  );
  return h.meanCpuMs * cpuScale * stretch + waits + extraWaitMs;
}

/** Monthly Lambda cost of `invocations` invocations of `ms` each at `memoryMb`. */
export function lambdaCost(invocations: number, ms: number, memoryMb: number, prices: Prices): number {
  const gbSeconds = invocations * (ms / 1000) * (memoryMb / 1024);
  return (
    gbSeconds * price(prices, 'lambdaArmPerGbSecond') +
    (invocations / 1e6) * price(prices, 'lambdaPerMillionRequests')
  );
}

/**
 * Bytes per tier after `months` months of a constant monthly volume, given the lifecycle days
 * (`instant`: Glacier Instant Retrieval, 0 without that step).
 */
export function storageByTier(
  monthlyBytes: number,
  months: number,
  lifecycle: Deployment['lifecycle'],
): { standard: number; ia: number; instant: number; glacier: number } {
  const iaFromMonth = lifecycle.infrequentAccessAfterDays / 30;
  const glacierFromMonth = lifecycle.glacierAfterDays / 30;
  const instantFromMonth = (lifecycle.instantRetrievalAfterDays ?? lifecycle.glacierAfterDays) / 30;
  const clamp = (x: number) => Math.max(0, Math.min(months, x));
  return {
    standard: monthlyBytes * clamp(iaFromMonth),
    ia: monthlyBytes * (clamp(instantFromMonth) - clamp(iaFromMonth)),
    instant: monthlyBytes * (clamp(glacierFromMonth) - clamp(instantFromMonth)),
    glacier: monthlyBytes * (months - clamp(glacierFromMonth)),
  };
}

/**
 * Billed units of a rollup cell's read-merge-write, averaged over the writes a cell-minute takes:
 * write k carries k tokens (one per batch so far, up to `tokensKept`) and costs 1 WRU per started
 * KB; the consistent read before it costs 1 RRU per started 4 KB (1 for a cell not yet written).
 * `storedBytes` is the finished cell, with DynamoDB's 100 bytes of per-item storage overhead.
 * With `readsEveryWrite` false only the first write reads (the writer remembers what it wrote).
 */
export function rollupUnits(
  baseBytes: number,
  tokenBytes: number,
  writesPerCell: number,
  tokensKept: number,
  readsEveryWrite = true,
): { writeUnits: number; readUnits: number; storedBytes: number } {
  const writes = Math.max(1, Math.round(writesPerCell));
  const size = (k: number) => baseBytes + Math.min(k, tokensKept) * tokenBytes;
  let writeUnits = 0;
  let readUnits = 0;
  for (let k = 1; k <= writes; k++) {
    writeUnits += Math.max(1, Math.ceil(size(k) / 1024));
    if (k === 1 || readsEveryWrite) readUnits += k === 1 ? 1 : Math.max(1, Math.ceil(size(k - 1) / 4096));
  }
  return { writeUnits: writeUnits / writes, readUnits: readUnits / writes, storedBytes: size(writes) + 100 };
}

/** Kinesis shards a provisioned stream needs: 1 MB/s and 1,000 records/s in per shard. */
export function shardsNeeded(eventsPerSecond: number, m: Measurements, configured: number): number {
  const bytesPerSecond = eventsPerSecond * m.stream.bytesPerEvent;
  const recordsPerSecond = eventsPerSecond * m.stream.recordsPerEvent;
  return Math.max(configured, Math.ceil(bytesPerSecond / 1e6), Math.ceil(recordsPerSecond / 1000), 1);
}

export function costOf(
  w: Workload,
  d: Deployment,
  m: Measurements,
  a: Assumptions,
  prices: Prices,
): CostReport {
  const hours = price(prices, 'hoursPerMonth');
  const seconds = hours * 3600;
  const events = w.eventsPerSecond * seconds;
  const requests = events / w.eventsPerRequest;
  const items: LineItem[] = [];
  const add = (component: string, fixed: number, variable: number, note: string) =>
    items.push({ component, fixed, variable, note });

  // API Gateway, WAF, authorizer, ingest.
  add(
    `API Gateway (${d.api.kind === 'rest' ? 'REST' : 'HTTP'})`,
    0,
    (requests / 1e6) *
      price(
        prices,
        d.api.kind === 'rest' ? 'apiGatewayRestPerMillionRequests' : 'apiGatewayHttpPerMillionRequests',
      ),
    `${fmt(requests)} requests`,
  );
  if (d.waf.enabled)
    add(
      'WAF web ACL',
      price(prices, 'wafPerWebAcl') + d.waf.rules * price(prices, 'wafPerRule'),
      (requests / 1e6) * price(prices, 'wafPerMillionRequests'),
      `${d.waf.rules} rules`,
    );
  const auth = m.handlers['api-key-authorizer'];
  const dataApi = d.database.access === 'data-api';
  const authDataApiCalls = statementsOf(auth.overDataApi.sdkCallsPerInvocation);
  const authMs = billedMs(auth, a, dataApi ? authDataApiCalls * a.dataApiCallMs : a.authorizerDbMs);
  add(
    'authorizer function',
    0,
    lambdaCost(requests, authMs, auth.memoryMb, prices),
    `1 per request (no caching), ${authMs.toFixed(1)} ms at ${auth.memoryMb} MB`,
  );
  const ingest = m.handlers['ingest-records'];
  const ingestMs = billedMs(ingest, a);
  add(
    'ingest function',
    0,
    lambdaCost(requests, ingestMs, ingest.memoryMb, prices),
    `${ingestMs.toFixed(1)} ms per ${w.eventsPerRequest}-event request at ${ingest.memoryMb} MB`,
  );

  // Rate limits and daily quotas: the authorizer's token-bucket writes (leases, counted at the
  // workload's pace) and ingest's count of the tenant's events today, small items of 1 WRU each.
  const limitWritesPerRequest =
    (auth.sdkCallsPerInvocation['dynamodb UpdateItem'] ?? 0) +
    (ingest.sdkCallsPerInvocation['dynamodb UpdateItem'] ?? 0);
  add(
    'DynamoDB (rate limits, daily quotas)',
    0,
    ((requests * limitWritesPerRequest) / 1e6) * price(prices, 'dynamoDbPerMillionWriteUnits'),
    `${fmt(requests * limitWritesPerRequest)} UpdateItems (${limitWritesPerRequest.toFixed(2)} per request)`,
  );

  // Kinesis.
  const streamGbIn = (events * m.stream.onDemandBilledKbPerEvent * 1024) / GB;
  if (d.kinesis.mode === 'on-demand') {
    add(
      'Kinesis (on demand)',
      hours * price(prices, 'kinesisOnDemandPerStreamHour'),
      streamGbIn *
        (price(prices, 'kinesisOnDemandIngestPerGb') + price(prices, 'kinesisOnDemandRetrievalPerGb')),
      `${m.stream.bytesPerEvent.toFixed(0)} B/event packed, ${fmt(streamGbIn)} GB in and out`,
    );
  } else {
    const shards = shardsNeeded(w.eventsPerSecond, m, d.kinesis.shards);
    add(
      'Kinesis (provisioned)',
      shards * hours * price(prices, 'kinesisProvisionedPerShardHour'),
      ((events * m.stream.putPayloadUnits25kPerEvent) / 1e6) *
        price(prices, 'kinesisProvisionedPerMillionPutUnits'),
      `${shards} shard(s)`,
    );
  }

  // Lake writer: one invocation per active shard per batch window while traffic flows.
  const partitions = w.tenants * w.datasetsPerTenant;
  const activeShards = Math.min(
    partitions,
    d.kinesis.mode === 'provisioned'
      ? shardsNeeded(w.eventsPerSecond, m, d.kinesis.shards)
      : Math.max(4, partitions),
  );
  const maxEventsPerInvocation = d.batchSizeRecords / Math.max(m.stream.recordsPerEvent, 1e-9);
  const invocations =
    events === 0
      ? 0
      : Math.max(activeShards * (seconds / d.batchWindowSeconds), events / maxEventsPerInvocation);
  const eventsPerInvocation = events === 0 ? 0 : events / invocations;
  const lake = m.handlers['lake-writer'];
  const partitionHours = events === 0 ? 0 : partitions * hours;
  const manifestGetsPerInvocation =
    invocations === 0
      ? 0
      : d.manifestReads === 'every-batch'
        ? m.lake.curatedFilesPerInvocation
        : Math.min(m.lake.curatedFilesPerInvocation, partitionHours / invocations);
  // Claims are priced by their protocol (a consistent read and a write per event, in batches of
  // 100 and 25), since the measured writer no longer sends them.
  const dedupeCalls: Record<string, number> =
    d.dedupe === 'per-event-claims'
      ? {
          'dynamodb BatchGetItem': eventsPerInvocation / 100,
          'dynamodb BatchWriteItem': eventsPerInvocation / 25,
        }
      : {
          's3 GET (manifest)': manifestGetsPerInvocation,
          's3 PUT (manifest)': m.lake.curatedFilesPerInvocation,
        };
  const filesPerInvocation = m.lake.curatedFilesPerInvocation + m.lake.rawFilesPerInvocation;
  // The rollups read their cells in one BatchGetItem and put them 16 at a time; a writer that
  // remembers its cells reads only for a batch that reaches a new minute.
  const rollupGets = d.rollupReads === 'every-write' ? 1 : Math.min(1, d.batchWindowSeconds / 60);
  const rollupPuts = Math.ceil(
    (w.metricsPerDataset * w.dimensionCombosPerMetric * (1 + d.batchWindowSeconds / 60)) / 16,
  );
  const rollupCalls: Record<string, number> = definedProps({
    'dynamodb BatchGetItem (rollups)': w.metricsPerDataset === 0 ? undefined : rollupGets,
    'dynamodb PutItem (rollups)': w.metricsPerDataset === 0 ? undefined : rollupPuts,
  });
  const lakeShape: HandlerMeasurement = {
    ...lake,
    sdkCallsPerInvocation: { 's3 PUT': filesPerInvocation, ...dedupeCalls, ...rollupCalls },
  };
  const lakeMs = billedMs(lakeShape, a, 0, eventsPerInvocation / m.lake.eventsPerInvocation);
  add(
    'lake writer function',
    0,
    lambdaCost(invocations, lakeMs, lake.memoryMb, prices),
    `${fmt(invocations)} invocations of ~${fmt(eventsPerInvocation)} events, ${lakeMs.toFixed(0)} ms`,
  );
  // Rollups: per batch, one consistent read and one conditional put per cell touched (metric x
  // dimension combination x minute); a batch window spans 1 + window/60 minutes on average, so a
  // cell-minute is written 60/window + 1 times, each write carrying one more token.
  const metrics = partitions * w.metricsPerDataset;
  const cellsPerInvocation =
    w.metricsPerDataset * w.dimensionCombosPerMetric * (1 + d.batchWindowSeconds / 60);
  const rollupWrites = invocations * cellsPerInvocation;
  const cellsStored = metrics * w.dimensionCombosPerMetric * 1440 * 7;
  const tokenBytes = d.rollupTokenBytes ?? m.rollups.bytesPerToken;
  const writesPerCell = 60 / d.batchWindowSeconds + 1;
  const units = (base: number) =>
    rollupUnits(base, tokenBytes, writesPerCell, a.rollupTokensKept, d.rollupReads === 'every-write');
  const share = m.rollups.sketchWriteShare;
  const sketch = units(m.rollups.baseBytesPerWriteBySketch.distinct);
  const plain = units(m.rollups.baseBytesPerWriteBySketch.count);
  const mix = (pick: (u: ReturnType<typeof units>) => number) =>
    share * pick(sketch) + (1 - share) * pick(plain);
  const wruPerWrite = mix((u) => u.writeUnits);
  const rruPerWrite = mix((u) => u.readUnits);
  add(
    'DynamoDB (metric rollups)',
    0,
    events === 0
      ? 0
      : (rollupWrites * wruPerWrite * price(prices, 'dynamoDbPerMillionWriteUnits') +
          rollupWrites * rruPerWrite * price(prices, 'dynamoDbPerMillionReadUnits')) /
          1e6 +
          ((cellsStored * mix((u) => u.storedBytes)) / GB) *
            (price(prices, 'dynamoDbStoragePerGbMonth') + price(prices, 'dynamoDbPitrPerGbMonth')),
    `${fmt(rollupWrites)} cell writes (${fmt(cellsPerInvocation)} per batch: ${w.metricsPerDataset} metrics x ${w.dimensionCombosPerMetric} dimension values) of ${wruPerWrite.toFixed(2)} WRU + ${rruPerWrite.toFixed(2)} RRU (${fmt(tokenBytes)} B per token), 7-day TTL`,
  );
  // Every minute: metric-anomalies scores each metric's newly closed intervals, alert-evaluator
  // judges the rules; their steady-state runs are measured (cost:measure) and scale with the metrics.
  const perMinuteRuns = events === 0 ? 0 : 30 * 1440;
  const metricScale = metrics / Math.max(1, m.perMinute.metrics);
  const scorer = perMinuteRun(m.perMinute['metric-anomalies'], metricScale, dataApi, a);
  const evaluator = perMinuteRun(
    m.perMinute['alert-evaluator'],
    metricScale,
    dataApi,
    a,
    a.evaluatorScorerWaitMs,
  );
  add(
    'per-minute functions (scoring, alerts)',
    0,
    lambdaCost(perMinuteRuns, scorer.ms, m.perMinute['metric-anomalies'].memoryMb, prices) +
      lambdaCost(perMinuteRuns, evaluator.ms, m.perMinute['alert-evaluator'].memoryMb, prices),
    `${fmt(perMinuteRuns)} runs each: metric-anomalies ${scorer.ms.toFixed(0)} ms, alert-evaluator ${evaluator.ms.toFixed(0)} ms (CPU and calls measured; round trips and the evaluator's ${(a.evaluatorScorerWaitMs / 1000).toFixed(0)} s wait for the scorer assumed)`,
  );

  // DynamoDB claims.
  if (d.dedupe === 'per-event-claims') {
    const claimMonths =
      d.claimRetentionDays === undefined
        ? w.monthsOfData
        : Math.min(w.monthsOfData, d.claimRetentionDays / 30);
    const claimGb = (events * a.claimItemBytes * claimMonths) / GB;
    add(
      'DynamoDB (dedupe claims)',
      0,
      (events / 1e6) * price(prices, 'dynamoDbPerMillionWriteUnits') +
        (events / 1e6) * price(prices, 'dynamoDbPerMillionReadUnits') +
        claimGb * (price(prices, 'dynamoDbStoragePerGbMonth') + price(prices, 'dynamoDbPitrPerGbMonth')),
      `1 write + 1 consistent read per event; ${fmt(claimGb)} GB of claims kept (${d.claimRetentionDays === undefined ? `no TTL: ${w.monthsOfData} months` : `TTL ${d.claimRetentionDays} days`})`,
    );
  } else {
    add(
      'DynamoDB (dedupe claims)',
      0,
      0,
      `none: partition manifests in S3, a conditional PUT per batch and partition, a GET per ${d.manifestReads === 'every-batch' ? 'batch' : 'partition-hour'}`,
    );
  }

  // S3 requests and storage.
  const compacted = d.compactedFilesPerPartitionHour;
  const curatedFiles =
    compacted === undefined ? invocations * m.lake.curatedFilesPerInvocation : partitionHours * compacted;
  const rawCompacted = d.compactedRawFilesPerPartitionHour;
  const rawBatchFiles = invocations * m.lake.rawFilesPerInvocation;
  const rawFiles = rawCompacted === undefined ? rawBatchFiles : partitionHours * rawCompacted;
  const manifestWrites =
    d.dedupe === 'partition-manifests' ? invocations * m.lake.curatedFilesPerInvocation : 0;
  const dedupePuts = manifestWrites;
  const dedupeGets = d.dedupe === 'partition-manifests' ? invocations * manifestGetsPerInvocation : 0;
  // Compaction reads every small file once and writes the merged ones; it lists a zone's
  // partition-hour to find them (LIST is billed as a PUT).
  const compactionGets =
    (compacted === undefined ? 0 : invocations * m.lake.curatedFilesPerInvocation) +
    (rawCompacted === undefined ? 0 : rawBatchFiles);
  const compactionPuts =
    (compacted === undefined ? 0 : curatedFiles * 2 + partitionHours) + // the file, the manifest, a LIST
    (rawCompacted === undefined ? 0 : rawFiles + partitionHours);
  if (compacted !== undefined || rawCompacted !== undefined) {
    // Hourly runs at 3008 MB (a full vCPU and more: CPU time is wall time), merging every event once.
    const runs = 24 * 30;
    const msPerRun = (events * (m.compaction?.cpuMsPerEvent ?? 0)) / runs;
    add(
      'lake compactor function',
      0,
      lambdaCost(runs, msPerRun, 3008, prices),
      `${runs} hourly runs, ${(m.compaction?.cpuMsPerEvent ?? 0).toFixed(3)} ms per event merged`,
    );
  }
  const filesPerPartitionHour = partitionHours === 0 ? 0 : curatedFiles / partitionHours;
  const queryGets =
    (w.queriesPerDay * 30 * w.queryWindowHours + w.reportsPerDay * 30 * w.reportWindowHours) *
    partitions *
    filesPerPartitionHour;
  const puts = invocations * filesPerInvocation + dedupePuts + compactionPuts;
  const gets = dedupeGets + compactionGets + queryGets;
  add(
    'S3 requests',
    0,
    (puts / 1000) * price(prices, 's3PutPerThousand') + (gets / 1000) * price(prices, 's3GetPerThousand'),
    `${fmt(puts)} PUT, ${fmt(gets)} GET (${fmt(filesPerPartitionHour)} files per partition-hour)`,
  );
  const curatedBytesPerEvent =
    compacted !== undefined && m.compaction
      ? m.compaction.parquetBytesPerEvent
      : m.lake.curatedParquetBytesPerEvent;
  // Curated objects take the Glacier Instant Retrieval step (Athena still reads them); raw ones
  // go from Standard-IA to Glacier. Standard-IA and Instant Retrieval bill >= 128 KB per object.
  const curatedTiers = storageByTier(events * curatedBytesPerEvent, w.monthsOfData, d.lifecycle);
  const {
    instantRetrievalAfterDays: _curatedOnly,
    rawGlacierAfterDays: rawGlacier,
    ...curatedTierDays
  } = d.lifecycle;
  // Raw objects skip Standard-IA when the stage sends them straight to Glacier.
  const rawLifecycle =
    rawGlacier === undefined
      ? curatedTierDays
      : { infrequentAccessAfterDays: rawGlacier, glacierAfterDays: rawGlacier };
  const rawBytesPerEvent =
    rawCompacted !== undefined && m.compaction?.rawBytesPerEvent !== undefined
      ? m.compaction.rawBytesPerEvent
      : m.lake.rawBytesPerEvent;
  const rawTiers = storageByTier(events * rawBytesPerEvent, w.monthsOfData, rawLifecycle);
  const minBilled = (bytes: number, objects: number, monthlyBytes: number) => {
    const meanObjectBytes = objects === 0 ? 0 : monthlyBytes / objects;
    return meanObjectBytes === 0 ? 0 : (bytes * Math.max(meanObjectBytes, 128 * 1024)) / meanObjectBytes;
  };
  const curatedIa = minBilled(curatedTiers.ia, curatedFiles, events * curatedBytesPerEvent);
  const rawIa = minBilled(rawTiers.ia, rawFiles, events * rawBytesPerEvent);
  const instantBilled = minBilled(curatedTiers.instant, curatedFiles, events * curatedBytesPerEvent);
  const iaGb = (curatedTiers.ia + rawTiers.ia) / GB;
  const monthsPast = (days: number | undefined) => days !== undefined && w.monthsOfData > days / 30;
  add(
    'S3 storage: Standard',
    0,
    ((curatedTiers.standard + rawTiers.standard) / GB) * price(prices, 's3StandardPerGbMonth'),
    `${fmt((curatedTiers.standard + rawTiers.standard) / GB)} GB`,
  );
  // A versioned bucket keeps what the compactor deletes (the batch files it merged) as noncurrent
  // versions, in Standard, until the noncurrent-version expiry: about that many days of them.
  if (d.noncurrentVersionDays !== undefined) {
    const months = Math.min(w.monthsOfData, d.noncurrentVersionDays / 30);
    const bytesPerEvent =
      (compacted === undefined ? 0 : m.lake.curatedParquetBytesPerEvent) +
      (rawCompacted === undefined ? 0 : m.lake.rawBytesPerEvent);
    const noncurrentGb = (events * bytesPerEvent * months) / GB;
    add(
      'S3 storage: noncurrent versions',
      0,
      noncurrentGb * price(prices, 's3StandardPerGbMonth'),
      `${fmt(noncurrentGb)} GB of batch files compaction deleted, kept ${d.noncurrentVersionDays} days by versioning`,
    );
  }
  add(
    'S3 storage: Standard-IA',
    0,
    ((curatedIa + rawIa) / GB) * price(prices, 's3StandardIaPerGbMonth') +
      (((monthsPast(d.lifecycle.infrequentAccessAfterDays) ? curatedFiles : 0) +
        (rawGlacier === undefined && monthsPast(d.lifecycle.infrequentAccessAfterDays) ? rawFiles : 0)) /
        1000) *
        price(prices, 's3TransitionToIaPerThousand'),
    `${fmt(iaGb)} GB, ${fmt((curatedIa + rawIa) / GB)} GB billed (128 KB minimum per object), transitions`,
  );
  if (d.lifecycle.instantRetrievalAfterDays !== undefined)
    add(
      'S3 storage: Glacier Instant Retrieval',
      0,
      (instantBilled / GB) * price(prices, 's3GlacierInstantPerGbMonth') +
        (monthsPast(d.lifecycle.instantRetrievalAfterDays) ? curatedFiles / 1000 : 0) *
          price(prices, 's3TransitionToGlacierInstantPerThousand'),
      `${fmt(curatedTiers.instant / GB)} GB of curated data after ${d.lifecycle.instantRetrievalAfterDays} days, transitions`,
    );
  // Glacier Flexible Retrieval keeps 32 KB of index per object at its price and 8 KB at Standard's.
  const glacierObjects =
    (events === 0 ? 0 : curatedFiles * (curatedTiers.glacier / (events * curatedBytesPerEvent))) +
    (events === 0 ? 0 : rawFiles * (rawTiers.glacier / (events * rawBytesPerEvent)));
  const glacierOverhead =
    ((glacierObjects * 32 * 1024) / GB) * price(prices, 's3GlacierFlexiblePerGbMonth') +
    ((glacierObjects * 8 * 1024) / GB) * price(prices, 's3StandardPerGbMonth');
  add(
    'S3 storage: Glacier',
    0,
    ((curatedTiers.glacier + rawTiers.glacier) / GB) * price(prices, 's3GlacierFlexiblePerGbMonth') +
      glacierOverhead +
      (((monthsPast(d.lifecycle.glacierAfterDays) ? curatedFiles : 0) +
        (monthsPast(rawLifecycle.glacierAfterDays) ? rawFiles : 0)) /
        1000) *
        price(prices, 's3TransitionToGlacierPerThousand'),
    `${fmt((curatedTiers.glacier + rawTiers.glacier) / GB)} GB after ${w.monthsOfData} months (${fmt(glacierObjects)} objects, 40 KB index each), transitions`,
  );
  add('Glue catalog', 0, 0, 'partition projection: no partitions stored, API calls within the free million');

  // Athena: at least 10 MB per query. The per-minute functions' lake queries read the minutes of
  // a look-back before the late-data window (2 for the evaluator's chart, 35 s after the close),
  // Parquet statistics skipping the rest of the partition-hour.
  const eventsPerHour = w.eventsPerSecond * 3600;
  const scan = (windowHours: number) =>
    Math.max(10 * 1024 ** 2, eventsPerHour * windowHours * curatedBytesPerEvent * w.scanFraction);
  const perMinuteLakeQueries = perMinuteRuns * (scorer.lakeQueries + evaluator.lakeQueries);
  const lookBackScan = Math.max(
    10 * 1024 ** 2,
    (eventsPerHour / Math.max(1, partitions)) * (2 / 60) * curatedBytesPerEvent * w.scanFraction,
  );
  const scannedTb =
    (30 * (w.queriesPerDay * scan(w.queryWindowHours) + w.reportsPerDay * scan(w.reportWindowHours)) +
      perMinuteLakeQueries * lookBackScan) /
    1024 ** 4;
  add(
    'Athena (metrics and reports)',
    0,
    scannedTb * price(prices, 'athenaPerTbScanned'),
    `${fmt(scannedTb * 1024)} GB scanned, ${fmt(perMinuteLakeQueries)} of the queries by the per-minute functions`,
  );

  // SageMaker.
  if (d.modelEndpoint.kind === 'instances') {
    const perHour = d.modelEndpoint.instances.reduce(
      (sum, i) => sum + i.count * priceOf(prices, 'sageMakerInstancePerHour', i.type),
      0,
    );
    const count = d.modelEndpoint.instances.reduce((n, i) => n + i.count, 0);
    add('SageMaker endpoint (instances)', perHour * hours, 0, `${count} instance(s) always on`);
  } else {
    const scoringCalls = perMinuteRuns * (scorer.modelCalls + evaluator.modelCalls);
    const gbSeconds =
      (w.analyzeCallsPerDay * 30 * (w.analyzeMs / 1000) + scoringCalls * (a.scoringMs / 1000)) *
      d.modelEndpoint.memoryGb;
    add(
      'SageMaker endpoint (serverless)',
      0,
      gbSeconds * price(prices, 'sageMakerServerlessPerGbSecond'),
      `${d.modelEndpoint.endpoints} endpoint(s), split by the callers: ${fmt(w.analyzeCallsPerDay * 30)} analyze and ${fmt(scoringCalls)} per-minute calls (detect, forecast; measured) at ${d.modelEndpoint.memoryGb} GB`,
    );
  }
  add(
    'SES',
    0,
    ((w.emailsPerDay * 30) / 1000) * price(prices, 'sesPerThousandEmails'),
    `${fmt(w.emailsPerDay * 30)} mails`,
  );

  // CloudWatch.
  const platformLog = d.lambdaPlatformLogs ? a.platformLogBytesPerInvocation : 0;
  const apiLog =
    a.apiAccessLogBytesPerRequest + (d.api.executionLogs === 'INFO' ? a.apiExecutionLogBytesPerRequest : 0);
  const logBytes =
    requests *
      (auth.logBytesPerInvocation +
        (d.ingestLogBytesPerRequest ?? ingest.logBytesPerInvocation) +
        2 * platformLog +
        apiLog) +
    invocations * (lake.logBytesPerInvocation + platformLog);
  add(
    'CloudWatch Logs',
    0,
    (logBytes / GB) *
      (price(prices, 'cloudWatchLogsIngestPerGb') +
        d.logRetentionMonths * price(prices, 'cloudWatchLogsStoragePerGbMonth')),
    `${fmt(logBytes / GB)} GB/month (API execution logs ${d.api.executionLogs}, Lambda platform lines ${d.lambdaPlatformLogs ? 'on' : 'off'})`,
  );
  // Custom metrics bill per metric-hour published: an idle stage publishes none.
  add(
    'CloudWatch metrics, alarms, dashboard',
    d.alarms * price(prices, 'cloudWatchPerAlarm') + d.dashboards * price(prices, 'cloudWatchPerDashboard'),
    events === 0 ? 0 : d.customMetrics * price(prices, 'cloudWatchPerCustomMetric'),
    `${d.customMetrics} EMF metrics, ${d.alarms} alarms, ${d.dashboards} dashboard(s)`,
  );
  const invocationsPerSecond = invocations / seconds;
  const traces =
    requests * d.traceSampleRate +
    seconds *
      (Math.min(invocationsPerSecond, a.lambdaTraceReservoirPerSecond) +
        Math.max(0, invocationsPerSecond - a.lambdaTraceReservoirPerSecond) * a.lambdaTraceRate);
  add(
    'X-Ray',
    0,
    (traces / 1e6) * price(prices, 'xRayPerMillionTraces'),
    `${fmt(traces)} traces (${(d.traceSampleRate * 100).toFixed(0)} % of requests, lake-writer batches by Lambda's own sampling)`,
  );

  // Network: the ingest functions' Kinesis puts leave the VPC (the lake writer's reads are
  // Lambda's event source, outside it; S3 and DynamoDB use free gateway endpoints).
  const egressGb = streamGbIn;
  const net = d.network;
  if (net.egress === 'interface-endpoints' && net.interfaceEndpoints > 0)
    add(
      'VPC interface endpoints',
      net.interfaceEndpoints * net.availabilityZones * hours * price(prices, 'vpcInterfaceEndpointPerAzHour'),
      egressGb * price(prices, 'vpcEndpointPerGbProcessed'),
      `${net.interfaceEndpoints} endpoints x ${net.availabilityZones} AZs`,
    );
  if (net.egress === 'nat-gateway')
    add(
      'NAT gateways',
      net.availabilityZones *
        hours *
        (price(prices, 'natGatewayPerHour') + price(prices, 'publicIpv4PerHour')),
      egressGb * price(prices, 'natGatewayPerGbProcessed'),
      `one per AZ (${net.availabilityZones}), with its public IPv4 address`,
    );
  if (net.egress === 'nat-instance')
    add(
      'NAT instance',
      hours * (price(prices, 'natInstancePerHour') + price(prices, 'publicIpv4PerHour')) +
        8 * price(prices, 'ebsGp3PerGbMonth'),
      0,
      't4g.nano, 8 GB gp3, one public IPv4 address; no per-GB charge to AWS APIs in the region',
    );
  add(
    'KMS',
    d.kmsKeys * price(prices, 'kmsPerKeyMonth') +
      (a.kmsRequestsPerMonth / 1e4) * price(prices, 'kmsPerTenThousandRequests'),
    0,
    `${d.kmsKeys} key(s); S3 bucket keys keep requests off the per-object path`,
  );
  add(
    'Secrets Manager',
    d.secrets * price(prices, 'secretsManagerPerSecretMonth'),
    0,
    `${d.secrets} secret(s)`,
  );

  // Postgres: Aurora Serverless v2. Under load it runs at >= 0.5 ACU; only an idle stage with
  // a 0 ACU minimum pauses. RDS Proxy bills Aurora Serverless v2 on at least 8 ACUs.
  const db = d.database;
  const instances = db.multiAz ? 2 : 1;
  const acu = events === 0 ? db.minAcu : Math.max(db.minAcu, 0.5);
  add(
    'Aurora Serverless v2 (Postgres)',
    instances * acu * hours * price(prices, 'auroraServerlessV2PerAcuHour') +
      db.storageGb * price(prices, 'auroraStoragePerGbMonth'),
    0,
    `${db.multiAz ? 'writer + reader' : 'writer'} at ${acu} ACU${acu === 0 ? ' (paused)' : ''}, ${db.storageGb} GB of metadata`,
  );
  if (db.proxy)
    add('RDS Proxy', 8 * hours * price(prices, 'rdsProxyPerAcuHour'), 0, 'billed on at least 8 ACUs');
  if (dataApi) {
    const calls = requests * authDataApiCalls + perMinuteRuns * (scorer.statements + evaluator.statements);
    add(
      'RDS Data API',
      0,
      (calls / 1e6) * price(prices, 'rdsDataApiPerMillionRequests'),
      `${fmt(calls)} calls (measured): ${authDataApiCalls.toFixed(2)} per API request, ${scorer.statements.toFixed(1)} per scoring run, ${evaluator.statements.toFixed(1)} per alert run`,
    );
  }

  const fixed = items.reduce((s, i) => s + i.fixed, 0);
  const variable = items.reduce((s, i) => s + i.variable, 0);
  const total = fixed + variable;
  const dominant = items.reduce((best, i) => (i.fixed + i.variable > best.fixed + best.variable ? i : best));
  return {
    eventsPerMonth: events,
    items,
    fixed,
    variable,
    total,
    perMillionEvents: events === 0 ? Number.NaN : total / (events / 1e6),
    dominant,
  };
}

/** Postgres statements among a measurement's calls: each is one Data API request ("rds-data ..."). */
function statementsOf(calls: Readonly<Record<string, number>>): number {
  return Object.entries(calls).reduce((sum, [call, n]) => sum + (call.startsWith('rds-data ') ? n : 0), 0);
}

/**
 * One per-minute run at `scale` times the measured metrics: CPU and calls grow with the metrics;
 * each Postgres statement waits a Data API round trip (`dataApi`) or a pooled connection's, each
 * lake query an Athena query's, plus `extraWaitMs`. The local lake engine's S3 requests (its
 * results) are Athena's own in AWS, not the function's.
 */
export function perMinuteRun(
  h: PerMinuteMeasurement,
  scale: number,
  dataApi: boolean,
  a: Assumptions,
  extraWaitMs = 0,
): { ms: number; statements: number; lakeQueries: number; modelCalls: number } {
  const statements = statementsOf(h.sdkCallsPerInvocation) * scale;
  const calls = Object.fromEntries(
    Object.entries(h.sdkCallsPerInvocation)
      .filter(([call]) => !call.startsWith('rds-data ') && !call.startsWith('s3 '))
      .map(([call, n]) => [call, n * scale]),
  );
  const lakeQueries = h.lakeQueriesPerInvocation * scale;
  const waits =
    statements * (dataApi ? a.dataApiCallMs : a.authorizerDbMs) + lakeQueries * a.lakeQueryMs + extraWaitMs;
  const ms = billedMs({ ...h, sdkCallsPerInvocation: calls }, a, waits, scale);
  return { ms, statements, lakeQueries, modelCalls: calls['sagemaker InvokeEndpoint'] ?? 0 };
}

function fmt(x: number): string {
  if (x >= 1e9) return `${(x / 1e9).toFixed(2)}B`;
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (x >= 1e4) return `${(x / 1e3).toFixed(1)}k`;
  if (x >= 10) return x.toFixed(0);
  return x.toFixed(2);
}
