/** Reads and validates the process environment once: the only module that touches process.env. */
import * as z from 'zod';
import { EnvNames } from './env-names';

const optional = z.string().min(1).optional();

const configSchema = z.object({
  stage: z.string().min(1).default('local'),
  region: z.string().min(1).default('us-east-1'),
  databaseUrl: optional,
  dbHost: optional,
  dbPort: z.coerce.number().int().positive().default(5432),
  dbName: optional,
  dbUser: optional,
  dbIamAuth: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  dbAccess: z.enum(['connection', 'data-api']).default('connection'),
  dbClusterArn: optional,
  dbSecretArn: optional,
  dbAppUser: optional,
  dbAppSecretArn: optional,
  eventStreamName: optional,
  rawBucket: optional,
  curatedBucket: optional,
  uploadBucket: optional,
  quarantineBucket: optional,
  queryResultsBucket: optional,
  rateLimitTable: optional,
  rollupTable: optional,
  queryEngine: z.enum(['athena', 'duckdb']).default('athena'),
  athenaWorkgroup: optional,
  glueDatabase: optional,
  /** The role tenant queries assume with a tenant session policy (Athena only). */
  tenantQueryRoleArn: optional,
  localLakeDir: optional,
  modelEndpointName: optional,
  modelVariants: optional,
  modelVariantRouting: z.enum(['endpoint-per-variant', 'target-variant']).default('target-variant'),
  mailFrom: optional,
  sesConfigurationSet: optional,
  reportScheduleGroup: optional,
  reportRunnerArn: optional,
  reportSchedulerRoleArn: optional,
  deliveryQueueUrl: optional,
  deliveryDeadLetterQueueUrl: optional,
  deliveryTable: optional,
  publicApiUrl: optional,
  bootstrapSecretId: optional,
  reportFilesBucket: optional,
  unsubscribeKeySecretId: optional,
  unsubscribeSigningKey: optional,
  endpointS3: optional,
  endpointKinesis: optional,
  endpointDynamodb: optional,
  endpointSes: optional,
  endpointSqs: optional,
  endpointSagemakerRuntime: optional,
  endpointScheduler: optional,
  endpointSagemaker: optional,
});

export type NexusConfig = z.infer<typeof configSchema>;
type ConfigKey = keyof typeof EnvNames & keyof NexusConfig;

/** Parses the environment; a misconfigured function fails at cold start with every problem named. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): NexusConfig {
  const raw: Partial<Record<ConfigKey, string>> = {};
  for (const key of Object.keys(configSchema.shape) as ConfigKey[]) {
    const value = env[EnvNames[key]];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${EnvNames[i.path[0] as ConfigKey] ?? i.path.join('.')}: ${i.message}`,
    );
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** A setting a function cannot run without: named by its env var when missing. */
export function required<K extends ConfigKey>(config: NexusConfig, key: K): NonNullable<NexusConfig[K]> {
  const value = config[key];
  if (value === undefined || value === null)
    throw new Error(`Missing configuration: ${EnvNames[key]} is not set`);
  return value as NonNullable<NexusConfig[K]>;
}

/**
 * The model server container's variables. They are not in EnvNames: SageMaker sets the port
 * and the model's Environment sets name and version, not `PlatformFunction.bind*`.
 */
export const ModelServerEnvNames = {
  port: 'SAGEMAKER_BIND_TO_PORT',
  modelName: 'MODEL_NAME',
  modelVersion: 'MODEL_VERSION',
} as const;

const modelServerConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(8080),
  modelName: z.string().min(1).max(128).default('nexus-analytics'),
  modelVersion: z.string().min(1).max(64).default('dev'),
});

export type ModelServerConfig = z.infer<typeof modelServerConfigSchema>;

/** Parses the model server's settings; a bad value stops the container at start with its name. */
export function loadModelServerConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ModelServerConfig {
  const raw = Object.fromEntries(
    Object.entries(ModelServerEnvNames).flatMap(([key, name]) => {
      const value = env[name];
      return value === undefined || value === '' ? [] : [[key, value]];
    }),
  );
  const parsed = modelServerConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${ModelServerEnvNames[i.path[0] as keyof typeof ModelServerEnvNames]}: ${i.message}`,
    );
    throw new Error(`Invalid model server configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}
