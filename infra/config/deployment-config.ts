/**
 * The deployments (stage x region) and their settings, read from `cdk.json` context `nexus` and
 * validated with zod, so a typo in a stage's settings fails `cdk synth` with the path named.
 */
import * as z from 'zod';

const regionSchema = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-1');

const variantSchema = z.object({
  /** SageMaker production variant name; also the A/B arm name in the model registry. */
  name: z.string().regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/),
  /** Model version the variant serves (reported in every inference response). */
  modelVersion: z.string().min(1),
  /** Relative traffic weight (SageMaker normalises the weights of all variants). */
  weight: z.number().min(0).max(1),
  instanceType: z.string().default('ml.c6g.large'),
  minInstances: z.number().int().min(1).default(1),
  maxInstances: z.number().int().min(1).default(2),
});

const stageSchema = z
  .object({
    account: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'),
    regions: z.array(regionSchema).min(1),
    /** Production settings: deletion protection, Multi-AZ, retained stateful resources. */
    production: z.boolean().default(false),
    network: z
      .object({
        /**
         * How functions in the VPC reach AWS APIs. `interface-endpoints`: one endpoint per service
         * they need, in every AZ, and no internet path at all; `nat-gateway`: one managed NAT per AZ;
         * `nat-instance`: one t4g.nano NAT instance (a single point of failure: dev only).
         */
        egress: z.enum(['interface-endpoints', 'nat-gateway', 'nat-instance']).default('interface-endpoints'),
        availabilityZones: z.number().int().min(2).max(3).default(2),
      })
      .prefault({}),
    /** Aurora PostgreSQL Serverless v2 (storage is billed by use, replicated across 3 AZs). */
    database: z
      .object({
        /** 0 pauses the database after `autoPauseMinutes` idle (a first query then waits ~15 s). */
        minCapacityAcu: z.number().min(0).max(256).multipleOf(0.5).default(0.5),
        maxCapacityAcu: z.number().min(1).max(256).multipleOf(0.5).default(4),
        autoPauseMinutes: z.number().int().min(5).max(1440).default(10),
        /** A reader in a second AZ that a failover promotes in seconds (otherwise minutes). */
        multiAz: z.boolean().default(true),
        /** RDS Proxy (pools Lambda connections, shortens failovers); bills at least 8 ACUs. */
        proxy: z.boolean().default(true),
        /**
         * How functions reach Postgres. `connection`: from the VPC, through RDS Proxy or straight
         * to the cluster (`proxy`); `data-api`: over the RDS Data API (HTTPS, IAM), from outside
         * the VPC, so no function but the schema migrations joins it (README "Database access").
         */
        access: z.enum(['connection', 'data-api']).default('connection'),
        backupRetentionDays: z.number().int().min(1).max(35).default(7),
      })
      .prefault({}),
    eventStream: z
      .object({
        /** Provisioned is cheaper at any steady load (README "Cost"); on demand needs no shard planning. */
        mode: z.enum(['on-demand', 'provisioned']).default('provisioned'),
        /** Shards of a provisioned stream: each takes 1 MB/s and 1,000 records/s in. */
        shards: z.number().int().min(1).default(1),
        retentionHours: z.number().int().min(24).max(8760).default(24),
      })
      .prefault({}),
    lake: z
      .object({
        /** Days before objects move to infrequent access, then to Glacier, then expire (7 years). */
        infrequentAccessAfterDays: z.number().int().min(30).default(30),
        /**
         * Days before curated objects move on to Glacier Instant Retrieval (millisecond reads:
         * Athena still reads them; S3 wants 30 days in Standard-IA first). Raw objects, a replay
         * source only, skip it.
         */
        instantRetrievalAfterDays: z.number().int().min(60).default(90),
        glacierAfterDays: z.number().int().min(60).default(365),
        /**
         * Days before raw objects (a replay source only, one per partition-hour once compacted)
         * go from Standard straight to Glacier Flexible Retrieval (a replay restores them first,
         * in hours). The stream keeps the last hours to days for quick replays.
         */
        rawGlacierAfterDays: z.number().int().min(1).default(30),
        retentionDays: z.number().int().min(1).default(2555),
      })
      .prefault({}),
    athena: z.object({ bytesScannedCutoffPerQueryMb: z.number().int().min(10).default(10_240) }).prefault({}),
    api: z
      .object({
        /** Steady-state requests per second and burst of the REST API stage. */
        throttleRateLimit: z.number().min(1).default(500),
        throttleBurstLimit: z.number().int().min(1).default(1000),
        /** A WAFv2 web ACL on the API stage (managed rule groups and a per-IP rate limit). */
        waf: z.boolean().default(true),
        /** API Gateway execution logs (access logs are always on): INFO logs every request. */
        executionLogLevel: z.enum(['OFF', 'ERROR', 'INFO']).default('ERROR'),
        /** WAF rate-based rule: requests per client IP per 5 minutes. */
        wafRateLimitPer5Min: z.number().int().min(100).default(10_000),
        /**
         * The API's public base URL (its custom domain), for links in alert notifications.
         * @default `https://api.<reporting.mailFromDomain>`
         */
        publicUrl: z.url({ protocol: /^https$/ }).optional(),
      })
      .prefault({}),
    insights: z
      .object({
        /**
         * `serverless`: SageMaker Serverless Inference, billed per request (no VPC), one endpoint
         * per variant: Serverless Inference serves one production variant, so the callers split
         * the traffic themselves (a deterministic weighted hash of tenant and series over the
         * registry's weights); `instances`: always-on instances, one endpoint with a production
         * variant each, addressed by TargetVariant after the same caller-side choice.
         */
        hosting: z.enum(['serverless', 'instances']).default('serverless'),
        serverlessMemoryGb: z.number().int().min(1).max(6).default(2),
        serverlessMaxConcurrency: z.number().int().min(1).max(200).default(10),
        variants: z
          .array(variantSchema)
          .min(1)
          .default([
            {
              name: 'champion',
              modelVersion: '1',
              weight: 1,
              instanceType: 'ml.c6g.large',
              minInstances: 1,
              maxInstances: 2,
            },
          ]),
      })
      .prefault({}),
    reporting: z.object({
      /**
       * The SES domain identity reports are sent from: no default, every stage names its own
       * (a production stage may not use a reserved example domain).
       */
      mailFromDomain: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'a mail domain such as reports.acme.io'),
      /** Local part of the sender address. @default 'reports' */
      mailFromUser: z
        .string()
        .regex(/^[a-z0-9._-]+$/)
        .default('reports'),
    }),
    /** Addresses that receive alarm notifications (e-mail subscriptions of the alarm topic). */
    alarmEmails: z.array(z.email()).default([]),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
    /** Lambda's own START/END/REPORT lines (duration and memory are CloudWatch metrics anyway). */
    lambdaSystemLogLevel: z.enum(['DEBUG', 'INFO', 'WARN']).default('WARN'),
    tracing: z
      .object({
        /** Share of API requests X-Ray traces (no fixed per-second reservoir). */
        sampleRate: z.number().min(0).max(1).default(0.05),
      })
      .prefault({}),
    /** Bundle the AWS SDK (pinned, tree-shaken) or use the Lambda runtime's copy (smaller bundles). */
    awsSdk: z.enum(['bundled', 'runtime']).default('bundled'),
    /** Reserved concurrency per function name (from the topology); unset means unreserved. */
    reservedConcurrency: z.record(z.string(), z.number().int().min(0)).default({}),
  })
  .superRefine((stage, ctx) => {
    if (stage.production && /(^|\.)example\.(com|org|net)$/.test(stage.reporting.mailFromDomain))
      ctx.addIssue({
        code: 'custom',
        path: ['reporting', 'mailFromDomain'],
        message: 'a production stage sends from a real, verified domain, not an example domain',
      });
    if (stage.production && stage.alarmEmails.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['alarmEmails'],
        message: 'a production stage needs at least one alarm subscriber',
      });
    if (
      stage.production &&
      (!stage.database.multiAz || !stage.api.waf || stage.database.minCapacityAcu === 0)
    )
      ctx.addIssue({
        code: 'custom',
        path: ['database'],
        message: 'a production stage keeps a Multi-AZ database that never pauses and the WAF',
      });
    if (stage.database.access === 'data-api' && stage.database.proxy)
      ctx.addIssue({
        code: 'custom',
        path: ['database', 'proxy'],
        message: 'the Data API replaces RDS Proxy: a data-api stage sets proxy to false',
      });
    const { lake } = stage;
    if (
      lake.instantRetrievalAfterDays < lake.infrequentAccessAfterDays + 30 ||
      lake.instantRetrievalAfterDays >= lake.glacierAfterDays
    )
      ctx.addIssue({
        code: 'custom',
        path: ['lake', 'instantRetrievalAfterDays'],
        message: 'Glacier Instant Retrieval comes 30+ days after Standard-IA and before Glacier',
      });
    const total = stage.insights.variants.reduce((sum, v) => sum + v.weight, 0);
    if (total <= 0)
      ctx.addIssue({ code: 'custom', path: ['insights', 'variants'], message: 'weights must not all be 0' });
    const names = stage.insights.variants.map((v) => v.name);
    if (new Set(names).size !== names.length)
      ctx.addIssue({
        code: 'custom',
        path: ['insights', 'variants'],
        message: 'variant names must be unique',
      });
  });

export const nexusConfigSchema = z.object({
  /** Prefix of every stack name: `${app}-${stage}-${region}-${domain}`. */
  app: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,20}$/)
    .default('nexus'),
  stages: z.record(z.string().regex(/^[a-z][a-z0-9]{1,10}$/, 'a short lowercase stage name'), stageSchema),
});

export type StageConfig = z.infer<typeof stageSchema>;
export type NexusInfraConfig = z.infer<typeof nexusConfigSchema>;

/** One stage in one region: the unit `infra/app.ts` creates a `cdk.Stage` for. */
export interface Deployment {
  readonly app: string;
  readonly stage: string;
  readonly region: string;
  readonly config: StageConfig;
}

/** Validates the `nexus` context; every problem is reported with its path. */
export function parseInfraConfig(raw: unknown): NexusInfraConfig {
  const parsed = nexusConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `nexus.${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid cdk.json context:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

/** Every (stage, region) pair, optionally only one stage (`-c stage=prod`). */
export function deploymentsOf(config: NexusInfraConfig, onlyStage?: string): Deployment[] {
  const stages = Object.entries(config.stages).filter(([name]) => !onlyStage || name === onlyStage);
  if (onlyStage && stages.length === 0)
    throw new Error(`Unknown stage "${onlyStage}" (cdk.json context nexus.stages)`);
  return stages.flatMap(([stage, stageConfig]) =>
    stageConfig.regions.map((region) => ({ app: config.app, stage, region, config: stageConfig })),
  );
}
