/**
 * What a stage deploys that follows from its config and the topology, with no CDK in it: which
 * functions join the VPC and which interface endpoints the VPC then needs. The stacks build from
 * it and the cost model (`npm run cost`) prices from it, so both read one source of truth.
 */
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
 * it calls is a public AWS API, reached from outside the VPC without endpoints or NAT.
 */
export function runsInVpc(spec: FunctionSpec): boolean {
  return spec.network !== 'internet' && spec.needs.includes('database');
}

/** The interface endpoints a need calls through (S3 and DynamoDB have free gateway endpoints). */
const servicesOfNeed: Record<ResourceNeed, readonly InterfaceService[]> = {
  database: [],
  'eventStream:write': ['kinesis'],
  'eventStream:read': ['kinesis'],
  'rawBucket:write': [],
  'curatedBucket:read': [],
  'curatedBucket:write': [],
  'curatedBucket:compact': [],
  'uploadBucket:read': [],
  'uploadBucket:write': [],
  'quarantineBucket:write': [],
  'queryResultsBucket:readWrite': [],
  // Athena, the tables it reads (Glue) and the tenant-query role it assumes (STS).
  queryEngine: ['athena', 'glue', 'sts'],
  'lakeCatalog:write': ['glue'],
  'rateLimitTable:readWrite': [],
  'rollupTable:readWrite': [],
  'modelEndpoint:invoke': ['sagemaker-runtime'],
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

/** The topology functions that run in the VPC (those that reach the database). */
export function vpcFunctions(): FunctionSpec[] {
  return functions.filter(runsInVpc);
}

/**
 * The interface endpoints a stage creates: none unless its egress is `interface-endpoints`; then
 * every service a VPC function's needs call, Secrets Manager (the database credentials' rotation
 * function runs in the VPC) and X-Ray (active tracing from VPC functions).
 */
export function interfaceEndpointServices(config: StageConfig): InterfaceService[] {
  if (config.network.egress !== 'interface-endpoints') return [];
  const services = new Set<InterfaceService>(['secretsmanager', 'xray']);
  for (const spec of vpcFunctions())
    for (const need of spec.needs) for (const service of servicesOfNeed[need]) services.add(service);
  return [...services].sort();
}

/** Rules of the API's WAF web ACL (api-stack.ts): the per-IP rate limit and three managed groups. */
export const wafRuleCount = 4;
