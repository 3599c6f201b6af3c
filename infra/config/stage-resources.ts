/**
 * What a stage deploys that follows from its config and the topology, with no CDK in it: which
 * functions join the VPC and which interface endpoints the VPC then needs. The stacks build from
 * it and the cost model (`npm run cost`) prices from it, so both read one source of truth.
 */
import { variantEndpointName } from '../../shared/domain/models/variant-split';
import { type FunctionSpec, functions, type ResourceNeed } from '../../shared/topology';
import type { StageConfig } from './deployment-config';

/** AWS APIs a function in the VPC may call that need an interface endpoint (or a NAT). */
export type InterfaceService =
  | 'athena'
  | 'glue'
  | 'kinesis'
  | 'sagemaker-api'
  | 'sagemaker-runtime'
  | 'scheduler'
  | 'secretsmanager'
  | 'ses'
  | 'sqs'
  | 'sts'
  | 'xray';

/**
 * A function joins the VPC only to reach the database, the one private resource; everything else
 * it calls is a public AWS API, reached from outside the VPC without endpoints or NAT. Where the
 * stage uses the RDS Data API, the database is a public AWS API too, but for the functions that
 * need a connection of their own (the schema migrations).
 */
export function runsInVpc(spec: FunctionSpec, config: StageConfig): boolean {
  if (spec.network === 'internet' || !spec.needs.includes('database')) return false;
  return config.database.access !== 'data-api' || spec.databaseConnection === true;
}

/** Whether a function reaches Postgres over the RDS Data API in this stage (not with a connection). */
export function usesDataApi(spec: FunctionSpec, config: StageConfig): boolean {
  return config.database.access === 'data-api' && spec.databaseConnection !== true;
}

/**
 * How the model's variants are served (issue 13). Serverless Inference serves one production
 * variant per endpoint, so each variant gets an endpoint of its own and the callers split the
 * traffic (by the registry's weights); instances keep one endpoint with a production variant each,
 * addressed by TargetVariant after the same caller-side choice.
 */
export interface ModelServing {
  /** The endpoint's name in the model registry (and the one endpoint's name with instances). */
  readonly endpointName: string;
  readonly routing: 'endpoint-per-variant' | 'target-variant';
  /** Deployed variants, their default weights and the SageMaker endpoint each one is served by. */
  readonly variants: readonly {
    readonly variantName: string;
    readonly weight: number;
    readonly endpointName: string;
  }[];
}

export function modelServing(config: StageConfig, endpointName: string): ModelServing {
  const perVariant = config.insights.hosting === 'serverless';
  return {
    endpointName,
    routing: perVariant ? 'endpoint-per-variant' : 'target-variant',
    variants: config.insights.variants.map((v) => ({
      variantName: v.name,
      weight: v.weight,
      endpointName: perVariant ? variantEndpointName(endpointName, v.name) : endpointName,
    })),
  };
}

/**
 * The interface endpoints a need calls through (S3 and DynamoDB have free gateway endpoints).
 * Athena reads the Glue catalog itself: a query engine calls Athena, and STS for the tenant role.
 */
const servicesOfNeed: Record<ResourceNeed, readonly InterfaceService[]> = {
  database: [],
  'eventStream:write': ['kinesis'],
  'eventStream:read': ['kinesis'],
  'rawBucket:write': [],
  'rawBucket:compact': [],
  'curatedBucket:read': [],
  'curatedBucket:write': [],
  'curatedBucket:compact': [],
  'uploadBucket:read': [],
  'uploadBucket:write': [],
  'quarantineBucket:write': [],
  'queryResultsBucket:readWrite': [],
  // Athena and the tenant-query role it assumes (STS); Athena itself reads the tables in Glue.
  queryEngine: ['athena', 'sts'],
  'lakeCatalog:write': ['glue'],
  'rateLimitTable:readWrite': [],
  'rollupTable:readWrite': [],
  'modelEndpoint:invoke': ['sagemaker-runtime'],
  // UpdateEndpointWeightsAndCapacities, with production variants only (see servicesOf).
  'modelEndpoint:manage': ['sagemaker-api'],
  'mailer:send': ['ses'],
  'deliveryQueue:send': ['sqs'],
  'deliveryQueue:consume': ['sqs'],
  'deliveryTable:readWrite': [],
  'reportScheduler:manage': ['scheduler'],
  'bootstrapSecret:write': ['secretsmanager'],
  'unsubscribeKey:read': ['secretsmanager'],
  'reportFilesBucket:readWrite': [],
  'reportFilesBucket:read': [],
};

/** The topology functions that run in the stage's VPC (those that reach the database with a connection). */
export function vpcFunctions(config: StageConfig): FunctionSpec[] {
  return functions.filter((spec) => runsInVpc(spec, config));
}

/**
 * The interface endpoints a stage creates: none unless its egress is `interface-endpoints`; then
 * every service a VPC function's needs call, Secrets Manager (the database credentials' rotation
 * function runs in the VPC) and X-Ray (active tracing from VPC functions).
 */
export function interfaceEndpointServices(config: StageConfig): InterfaceService[] {
  if (config.network.egress !== 'interface-endpoints') return [];
  const services = new Set<InterfaceService>(['secretsmanager', 'xray']);
  for (const spec of vpcFunctions(config))
    for (const need of spec.needs) for (const service of servicesOf(need, config)) services.add(service);
  return [...services].sort();
}

/**
 * The services a need calls in a stage. With one endpoint per variant the weights live in the
 * registry only (callers split), so managing variants calls no SageMaker API.
 */
export function servicesOf(need: ResourceNeed, config: StageConfig): readonly InterfaceService[] {
  if (need === 'modelEndpoint:manage' && config.insights.hosting === 'serverless') return [];
  return servicesOfNeed[need];
}

/** Rules of the API's WAF web ACL (api-stack.ts): the per-IP rate limit and three managed groups. */
export const wafRuleCount = 4;
