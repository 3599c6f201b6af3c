/**
 * The one declarative description of Nexus's deployable units: which functions exist, what
 * triggers them and which resources they use. Both the CDK stacks (infra/) and the local
 * runtime (infra/local/) read it, so the cloud and the laptop cannot drift apart.
 *
 * This module is a contract: plain data, no imports of the CDK or of the AWS SDK.
 */

/** The domain stack a function is deployed in. */
export type Domain = 'platform' | 'ingestion' | 'lake' | 'insights' | 'reporting' | 'api';

/**
 * A resource a function needs. Infra turns each into environment variables and IAM grants
 * (`PlatformFunction.bind*`); the local runtime turns each into endpoints of the stand-ins.
 * `read`/`write` say which grant is needed.
 */
export type ResourceNeed =
  | 'database'
  | 'eventStream:write'
  | 'eventStream:read'
  | 'rawBucket:write'
  /** Read, write, list and delete in the raw bucket: the compactor merges each hour's batch files. */
  | 'rawBucket:compact'
  | 'curatedBucket:read'
  | 'curatedBucket:write'
  /** Write, list and delete in the curated bucket: the compactor's merge and garbage collection. */
  | 'curatedBucket:compact'
  | 'uploadBucket:read'
  | 'uploadBucket:write'
  | 'quarantineBucket:write'
  | 'queryResultsBucket:readWrite'
  | 'queryEngine'
  /** Create and update the lake's catalog tables (Glue) for tenant datasets. */
  | 'lakeCatalog:write'
  | 'rateLimitTable:readWrite'
  | 'rollupTable:readWrite'
  | 'modelEndpoint:invoke'
  /** Apply the registry's variant weights to the endpoint (UpdateEndpointWeightsAndCapacities). */
  | 'modelEndpoint:manage'
  | 'mailer:send'
  /** Put alert deliveries on the delivery queue (SQS, KMS-encrypted). */
  | 'deliveryQueue:send'
  /** Take deliveries off the queue, re-queue retries and dead-letter them. */
  | 'deliveryQueue:consume'
  /** Channels' delivery targets (webhook secrets) and the delivery log (DynamoDB). */
  | 'deliveryTable:readWrite'
  /** Create, update and delete report schedules that invoke the report runner (issue 12). */
  | 'reportScheduler:manage'
  /** Write the first operator and tenant keys to the bootstrap secret, once (Secrets Manager). */
  | 'bootstrapSecret:write'
  /** Issue 12: sign and check unsubscribe links (the key in Secrets Manager) on the public API URL. */
  | 'unsubscribeKey:read'
  /** Issue 12: put report files too large to attach, and presign links to them (7-day lifecycle). */
  | 'reportFilesBucket:readWrite'
  /** Issue 12: presign short downloads of report files for their signed email links. */
  | 'reportFilesBucket:read';

/** An HTTP route served through API Gateway (REST API, proxy integration). */
export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway resource path, with `{param}` placeholders. */
  readonly path: string;
  /** Whether the request must carry an API key (checked by the authorizer). @default true */
  readonly authenticated?: boolean;
}

/** A Lambda event source. */
export type EventSourceSpec =
  | {
      readonly kind: 'kinesis';
      readonly stream: 'events';
      readonly batchSize: number;
      readonly maxBatchingWindowSeconds: number;
      readonly parallelizationFactor: number;
      readonly maxRetryAttempts: number;
    }
  | { readonly kind: 's3'; readonly bucket: 'upload'; readonly prefix: string }
  /** The alert delivery queue (SQS event source mapping with partial batch failures). */
  | {
      readonly kind: 'queue';
      readonly queue: 'deliveries';
      readonly batchSize: number;
      readonly maxBatchingWindowSeconds: number;
    }
  | { readonly kind: 'schedule'; readonly expression: string; readonly description: string }
  /**
   * SES's bounce and complaint events of the reports' configuration set, through EventBridge
   * (issue 12). The SES stand-in publishes no such events: locally tests invoke the handler.
   */
  | { readonly kind: 'mailEvents'; readonly description: string }
  /**
   * Invoked once per deployment, after the stack's other resources (CDK Trigger); a failure
   * fails and rolls back the deployment. Locally the platform does the same work at start.
   */
  | { readonly kind: 'deployment'; readonly description: string };

export interface FunctionSpec {
  /** Unique kebab-case name; also the local log prefix and part of the Lambda name. */
  readonly name: string;
  /** Path of the handler module from the repository root; it exports `handler`. */
  readonly entry: string;
  readonly domain: Domain;
  readonly description: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly needs: readonly ResourceNeed[];
  readonly routes?: readonly RouteSpec[];
  readonly eventSources?: readonly EventSourceSpec[];
  /**
   * Directories (repository-relative) copied beside the function's bundle under their own name,
   * for files the code reads at run time (e.g. SQL migrations).
   */
  readonly bundledDirs?: readonly string[];
  /** Single files (repository-relative `from`) copied to `to` beside the function's bundle. */
  readonly bundledFiles?: readonly { readonly from: string; readonly to: string }[];
  /** `authorizer` functions guard routes instead of serving them. */
  readonly role?: 'handler' | 'authorizer';
  /**
   * `internet`: never in the VPC (a stage's VPC may have no NAT), for functions that call
   * tenants' endpoints on the internet; such a function may need nothing that only the VPC
   * reaches. `vpc`: in the VPC if it needs the database, the one private resource
   * (infra/config/stage-resources.ts `runsInVpc`), otherwise outside it.
   * @default 'vpc'
   */
  readonly network?: 'vpc' | 'internet';
  /**
   * Speaks Postgres's wire protocol itself (node-pg-migrate's session, advisory lock and
   * multi-statement files), so it reaches the database from the VPC even in a stage whose other
   * functions use the RDS Data API.
   */
  readonly databaseConnection?: true;
}

/** What rendering a report takes (issue 12): its content sources, unsubscribe links, the files bucket. */
const reportRenderingNeeds: readonly ResourceNeed[] = [
  'database',
  'queryEngine',
  'curatedBucket:read',
  'queryResultsBucket:readWrite',
  'rollupTable:readWrite',
  'modelEndpoint:invoke',
  'unsubscribeKey:read',
  'reportFilesBucket:readWrite',
];

/** The chart renderer's WebAssembly module and fonts (see shared/adapters/charts/chart-assets.ts). */
const chartAssetFiles: NonNullable<FunctionSpec['bundledFiles']> = [
  { from: 'node_modules/@resvg/resvg-wasm/index_bg.wasm', to: 'chart-assets/resvg.wasm' },
  { from: 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf', to: 'chart-assets/DejaVuSans.ttf' },
  { from: 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf', to: 'chart-assets/DejaVuSans-Bold.ttf' },
];

/** Every deployable function. A test fails if a handler in functions/ is missing here. */
export const functions: readonly FunctionSpec[] = [
  {
    name: 'migrate-database',
    entry: 'functions/platform/migrate-database/handler.ts',
    domain: 'platform',
    description:
      'Applies pending Postgres schema migrations on every deployment; in Data API stages grants the application login and sets its password.',
    memoryMb: 256,
    timeoutSeconds: 300,
    needs: ['database'],
    bundledDirs: ['shared/adapters/postgres/migrations'],
    databaseConnection: true,
    eventSources: [
      { kind: 'deployment', description: 'Schema migrations before the new code serves traffic' },
    ],
  },
  {
    name: 'api-key-authorizer',
    entry: 'functions/tenancy/api-key-authorizer/handler.ts',
    domain: 'ingestion',
    description:
      "REQUEST authorizer: resolves an API key (Bearer or x-api-key) to its tenant and takes one request from the tenant's rate limit.",
    memoryMb: 256,
    timeoutSeconds: 5,
    needs: ['database', 'rateLimitTable:readWrite'],
    role: 'authorizer',
  },
  {
    name: 'ingest-records',
    entry: 'functions/ingestion/ingest-records/handler.ts',
    domain: 'ingestion',
    description: 'Parses, validates and publishes records (JSON, NDJSON, CSV, XML) to Kinesis.',
    memoryMb: 1024,
    timeoutSeconds: 15,
    needs: ['database', 'eventStream:write', 'rateLimitTable:readWrite'],
    routes: [
      { method: 'POST', path: '/v1/events' },
      { method: 'POST', path: '/v1/datasets/{name}/records' },
    ],
  },
  {
    name: 'segment-ingest',
    entry: 'functions/ingestion/segment-ingest/handler.ts',
    domain: 'ingestion',
    description:
      "Segment's HTTP Tracking API (track, identify, page, screen, group, alias, batch) into events.",
    memoryMb: 512,
    timeoutSeconds: 15,
    needs: ['database', 'eventStream:write', 'rateLimitTable:readWrite'],
    routes: [
      { method: 'POST', path: '/v1/track' },
      { method: 'POST', path: '/v1/identify' },
      { method: 'POST', path: '/v1/page' },
      { method: 'POST', path: '/v1/screen' },
      { method: 'POST', path: '/v1/group' },
      { method: 'POST', path: '/v1/alias' },
      { method: 'POST', path: '/v1/batch' },
    ],
  },
  {
    name: 'create-upload',
    entry: 'functions/uploads/create-upload/handler.ts',
    domain: 'ingestion',
    description: 'Presigned PUTs for files above the request limit, and their ingest results.',
    memoryMb: 256,
    timeoutSeconds: 10,
    needs: ['database', 'uploadBucket:read', 'uploadBucket:write'],
    routes: [
      { method: 'POST', path: '/v1/uploads' },
      { method: 'GET', path: '/v1/uploads/{uploadId}' },
    ],
  },
  {
    name: 'file-ingest',
    entry: 'functions/uploads/file-ingest/handler.ts',
    domain: 'ingestion',
    description:
      'Ingests uploaded files (up to 100 MiB) through the ingest use case, in request-sized chunks.',
    memoryMb: 3008,
    timeoutSeconds: 900,
    needs: [
      'database',
      'uploadBucket:read',
      'uploadBucket:write',
      'eventStream:write',
      'rateLimitTable:readWrite',
    ],
    eventSources: [{ kind: 's3', bucket: 'upload', prefix: 'uploads/' }],
  },
  {
    name: 'datasets',
    entry: 'functions/catalog/datasets/handler.ts',
    domain: 'api',
    description: 'Registers and lists tenant datasets and their versioned schemas.',
    memoryMb: 256,
    timeoutSeconds: 10,
    needs: ['database', 'lakeCatalog:write', 'curatedBucket:read'],
    routes: [
      { method: 'POST', path: '/v1/datasets' },
      { method: 'GET', path: '/v1/datasets' },
      { method: 'GET', path: '/v1/datasets/{name}' },
    ],
  },
  {
    name: 'api-keys',
    entry: 'functions/tenancy/api-keys/handler.ts',
    domain: 'api',
    description: "Creates, lists and revokes a tenant's API keys (hash stored, key shown once).",
    memoryMb: 256,
    timeoutSeconds: 10,
    needs: ['database'],
    routes: [
      { method: 'POST', path: '/v1/api-keys' },
      { method: 'GET', path: '/v1/api-keys' },
      { method: 'DELETE', path: '/v1/api-keys/{id}' },
    ],
  },
  {
    name: 'tenants',
    entry: 'functions/tenancy/tenants/handler.ts',
    domain: 'api',
    description:
      'Platform operator: creates tenants (first admin key shown once), lists them, sets their limits.',
    memoryMb: 256,
    timeoutSeconds: 10,
    needs: ['database'],
    routes: [
      { method: 'POST', path: '/v1/tenants' },
      { method: 'GET', path: '/v1/tenants' },
      { method: 'PUT', path: '/v1/tenants/{id}/limits' },
    ],
  },
  {
    name: 'models',
    entry: 'functions/models/models/handler.ts',
    domain: 'api',
    description: 'Model registry: versions, promote/rollback, endpoint variant weights (operator keys).',
    memoryMb: 256,
    timeoutSeconds: 10,
    // Registry changes of the variant split are applied to the SageMaker endpoint (issue 17).
    needs: ['database', 'modelEndpoint:manage'],
    routes: [
      { method: 'GET', path: '/v1/models' },
      { method: 'POST', path: '/v1/models/{name}/versions' },
      { method: 'GET', path: '/v1/models/{name}/versions' },
      { method: 'POST', path: '/v1/models/{name}/versions/{version}/promote' },
      { method: 'POST', path: '/v1/models/{name}/rollback' },
      // Issue 11: model monitoring, aggregated over every tenant's series.
      { method: 'GET', path: '/v1/models/{name}/versions/{version}/monitoring' },
      { method: 'PUT', path: '/v1/endpoints/{endpoint}/variants' },
      { method: 'GET', path: '/v1/endpoints/{endpoint}/variants' },
    ],
  },
  {
    name: 'lake-writer',
    entry: 'functions/lake/lake-writer/handler.ts',
    domain: 'lake',
    description: 'Writes Kinesis batches to the raw zone and deduplicated Parquet to the curated zone.',
    memoryMb: 1024,
    timeoutSeconds: 120,
    needs: [
      'database',
      'eventStream:read',
      'rawBucket:write',
      'curatedBucket:write',
      'quarantineBucket:write',
      // Metric rollups are updated from each batch's deduplicated records (afterCurated hook).
      'rollupTable:readWrite',
    ],
    eventSources: [
      {
        kind: 'kinesis',
        stream: 'events',
        // ~5,000 events (~1.2 MB, far below Lambda's 6 MB payload): a busy shard's batch fills in
        // under 2 s, so events reach the series within 5 s (bench:metrics), while a quiet shard
        // still waits out the 5 s window and costs no more invocations (npm run cost).
        batchSize: 50,
        maxBatchingWindowSeconds: 5,
        parallelizationFactor: 1,
        maxRetryAttempts: 10,
      },
    ],
  },
  {
    name: 'queries',
    entry: 'functions/query/queries/handler.ts',
    domain: 'api',
    description: 'Starts tenant-scoped read-only SQL queries over the lake and pages their results.',
    memoryMb: 1024,
    timeoutSeconds: 25,
    needs: ['database', 'queryEngine', 'curatedBucket:read', 'queryResultsBucket:readWrite'],
    routes: [
      { method: 'POST', path: '/v1/queries' },
      { method: 'GET', path: '/v1/queries/{id}' },
    ],
  },
  {
    name: 'insights',
    entry: 'functions/analytics/insights/handler.ts',
    domain: 'insights',
    description: 'Detects anomalies in, forecasts or summarizes series on the SageMaker inference endpoint.',
    memoryMb: 512,
    timeoutSeconds: 25,
    // The registry's variant weights (Postgres) pick the variant a series goes to (issue 13).
    needs: ['database', 'modelEndpoint:invoke'],
    routes: [{ method: 'POST', path: '/v1/insights/analyze' }],
  },
  {
    name: 'api-docs',
    entry: 'functions/platform/api-docs/handler.ts',
    domain: 'api',
    description: 'Serves the OpenAPI 3.1 document and the HTML API reference (no key needed).',
    memoryMb: 256,
    timeoutSeconds: 10,
    needs: [],
    routes: [
      { method: 'GET', path: '/v1/openapi.json', authenticated: false },
      { method: 'GET', path: '/docs', authenticated: false },
    ],
  },
  {
    name: 'metrics',
    entry: 'functions/metrics/metrics/handler.ts',
    domain: 'api',
    description: 'Metric definitions, their series (rollups + lake) and their anomalies.',
    memoryMb: 1024,
    timeoutSeconds: 25,
    needs: [
      'database',
      'queryEngine',
      'curatedBucket:read',
      'queryResultsBucket:readWrite',
      'rollupTable:readWrite',
    ],
    routes: [
      { method: 'POST', path: '/v1/metrics' },
      { method: 'GET', path: '/v1/metrics' },
      { method: 'GET', path: '/v1/metrics/{id}' },
      { method: 'DELETE', path: '/v1/metrics/{id}' },
      { method: 'GET', path: '/v1/metrics/{id}/series' },
      { method: 'GET', path: '/v1/metrics/{id}/anomalies' },
      { method: 'GET', path: '/v1/metrics/{id}/model-accuracy' },
    ],
  },
  {
    name: 'metric-anomalies',
    entry: 'functions/metrics/metric-anomalies/handler.ts',
    domain: 'reporting',
    description: 'Every minute: scores the newly closed intervals of every metric with the anomaly detector.',
    memoryMb: 1024,
    timeoutSeconds: 120,
    needs: [
      'database',
      'queryEngine',
      'curatedBucket:read',
      'queryResultsBucket:readWrite',
      'rollupTable:readWrite',
      'modelEndpoint:invoke',
    ],
    eventSources: [
      { kind: 'schedule', expression: 'rate(1 minute)', description: 'Score closed metric intervals' },
    ],
  },
  // Issue 11: alert rules, channels, evaluation and delivery.
  {
    name: 'alerts',
    entry: 'functions/alerts/alerts/handler.ts',
    domain: 'api',
    description: 'Alert rules and channels: define, edit, mute, test, events and delivery logs.',
    memoryMb: 512,
    timeoutSeconds: 25,
    needs: ['database', 'deliveryTable:readWrite', 'deliveryQueue:send'],
    routes: [
      { method: 'POST', path: '/v1/alerts' },
      { method: 'GET', path: '/v1/alerts' },
      { method: 'GET', path: '/v1/alerts/{id}' },
      { method: 'PATCH', path: '/v1/alerts/{id}' },
      { method: 'DELETE', path: '/v1/alerts/{id}' },
      { method: 'GET', path: '/v1/alerts/{id}/events' },
      { method: 'POST', path: '/v1/alerts/{id}/test' },
      { method: 'POST', path: '/v1/alert-channels' },
      { method: 'GET', path: '/v1/alert-channels' },
      { method: 'GET', path: '/v1/alert-channels/{id}' },
      { method: 'DELETE', path: '/v1/alert-channels/{id}' },
      { method: 'GET', path: '/v1/alert-channels/{id}/deliveries' },
    ],
  },
  {
    name: 'alert-evaluator',
    entry: 'functions/alerts/alert-evaluator/handler.ts',
    domain: 'reporting',
    description:
      'Every minute: evaluates alert rules at each closed interval and queues notifications on state changes.',
    memoryMb: 1024,
    timeoutSeconds: 120,
    needs: [
      'database',
      'queryEngine',
      'curatedBucket:read',
      'queryResultsBucket:readWrite',
      'rollupTable:readWrite',
      'modelEndpoint:invoke',
      'deliveryQueue:send',
    ],
    eventSources: [
      {
        kind: 'schedule',
        expression: 'rate(1 minute)',
        description: 'Evaluate alert rules on closed intervals',
      },
    ],
  },
  {
    name: 'alert-delivery',
    entry: 'functions/alerts/alert-delivery/handler.ts',
    domain: 'reporting',
    description:
      'Sends queued alert notifications: SES email with an inline chart, signed webhooks, retried.',
    memoryMb: 1024,
    timeoutSeconds: 60,
    needs: ['deliveryQueue:consume', 'deliveryTable:readWrite', 'mailer:send'],
    // Webhooks go to tenants' endpoints on the internet; the VPC has no NAT.
    network: 'internet',
    bundledFiles: chartAssetFiles,
    eventSources: [{ kind: 'queue', queue: 'deliveries', batchSize: 10, maxBatchingWindowSeconds: 0 }],
  },
  // Issue 13: compaction of the curated zone behind per-partition manifests.
  {
    name: 'lake-compactor',
    entry: 'functions/lake/lake-compactor/handler.ts',
    // Deployed beside the other scheduled functions: the Reporting stack holds the schedule group.
    domain: 'reporting',
    description:
      'Every hour: merges settled partitions into one Parquet file each, swapped in by manifest, and their raw batch files into one.',
    // A partition-hour is merged in memory: at 100 events/s that is ~360,000 rows.
    memoryMb: 3008,
    timeoutSeconds: 900,
    needs: ['curatedBucket:compact', 'rawBucket:compact'],
    eventSources: [
      { kind: 'schedule', expression: 'cron(20 * * * ? *)', description: 'Compact settled partition-hours' },
    ],
  },
  // Issue 12: scheduled email reports.
  {
    name: 'reports',
    entry: 'functions/reports/reports/handler.ts',
    domain: 'reporting',
    description: 'Scheduled email reports: subscriptions, their schedules, send-now and runs.',
    memoryMb: 512,
    timeoutSeconds: 15,
    needs: ['database', 'reportScheduler:manage'],
    routes: [
      { method: 'POST', path: '/v1/reports' },
      { method: 'GET', path: '/v1/reports' },
      { method: 'GET', path: '/v1/reports/{id}' },
      { method: 'PATCH', path: '/v1/reports/{id}' },
      { method: 'DELETE', path: '/v1/reports/{id}' },
      { method: 'POST', path: '/v1/reports/{id}/send' },
      { method: 'GET', path: '/v1/reports/{id}/runs' },
    ],
  },
  {
    name: 'report-runner',
    entry: 'functions/reports/report-runner/handler.ts',
    domain: 'reporting',
    description:
      'Invoked by report schedules: renders a report (charts, tables, CSV) and emails each recipient.',
    memoryMb: 1536,
    timeoutSeconds: 300,
    needs: [...reportRenderingNeeds, 'mailer:send'],
    bundledFiles: chartAssetFiles,
  },
  // Issue 17: the first operator key and tenant after a deployment, kept in Secrets Manager.
  {
    name: 'bootstrap-platform',
    entry: 'functions/platform/bootstrap-platform/handler.ts',
    domain: 'platform',
    description:
      'Once, after the migrations: the operator key and the first tenant with its admin key, into Secrets Manager.',
    memoryMb: 256,
    timeoutSeconds: 60,
    needs: ['database', 'bootstrapSecret:write'],
    eventSources: [
      { kind: 'deployment', description: 'First operator and tenant keys (a no-op once they exist)' },
    ],
  },
  // Issue 12: the one-click unsubscribe of report emails (public: the signed token is the credential).
  {
    name: 'report-unsubscribe',
    entry: 'functions/reports/report-unsubscribe/handler.ts',
    domain: 'reporting',
    description: 'Unsubscribes a recipient from a report by the signed link in its emails (RFC 8058).',
    memoryMb: 256,
    timeoutSeconds: 10,
    needs: ['database', 'unsubscribeKey:read'],
    routes: [
      { method: 'GET', path: '/v1/unsubscribe', authenticated: false },
      { method: 'POST', path: '/v1/unsubscribe', authenticated: false },
    ],
  },
  {
    name: 'report-preview',
    entry: 'functions/reports/report-preview/handler.ts',
    domain: 'reporting',
    description: "Renders a report's email as of now, as the runner would send it, for a person to look at.",
    memoryMb: 1536,
    timeoutSeconds: 25,
    needs: reportRenderingNeeds,
    routes: [{ method: 'POST', path: '/v1/reports/{id}/preview' }],
    bundledFiles: chartAssetFiles,
  },
  {
    name: 'mail-events',
    entry: 'functions/reports/mail-events/handler.ts',
    domain: 'reporting',
    description:
      "SES bounce and complaint events: suppresses hard-bouncing and complaining addresses for the message's tenant.",
    memoryMb: 256,
    timeoutSeconds: 30,
    needs: ['database'],
    eventSources: [{ kind: 'mailEvents', description: 'Hard bounces and complaints of report emails' }],
  },
  // Issue 12: report emails' file links outlive the runner's credentials (public: the signed token is the credential).
  {
    name: 'report-file-download',
    entry: 'functions/reports/report-file-download/handler.ts',
    domain: 'reporting',
    description: "Redirects a report email's signed file link to a 5-minute presigned S3 GET of the file.",
    memoryMb: 256,
    timeoutSeconds: 10,
    needs: ['unsubscribeKey:read', 'reportFilesBucket:read'],
    routes: [{ method: 'GET', path: '/v1/report-files', authenticated: false }],
  },
];

/** The function that authorizes authenticated routes. */
export const authorizerName = 'api-key-authorizer';

/** Finds a function by name or throws: topology names are compile-time facts. */
export function functionNamed(name: string): FunctionSpec {
  const spec = functions.find((f) => f.name === name);
  if (!spec) throw new Error(`No function named ${name} in the topology`);
  return spec;
}
