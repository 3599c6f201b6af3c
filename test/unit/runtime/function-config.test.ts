/**
 * Configuration derives from the topology: each function's deps factory, run against a config
 * that records every setting read, reads a setting of each need the function declares and no
 * setting of a need it does not declare. Every handler.ts is the one-line composition root
 * `export const handler = makeX(xDeps())`, which is how the factory is found.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, type NexusConfig } from '../../../shared/runtime/config';
import { EnvNames } from '../../../shared/runtime/env-names';
import { Runtime } from '../../../shared/runtime/runtime';
import { type FunctionSpec, functions, type ResourceNeed } from '../../../shared/topology';

type Setting = keyof NexusConfig;

/** The settings each need provides (infra/constructs/resource-bindings.ts sets the same variables). */
const settingsByNeed: Record<ResourceNeed, readonly Setting[]> = {
  database: [
    'databaseUrl',
    'dbHost',
    'dbPort',
    'dbName',
    'dbUser',
    'dbIamAuth',
    'dbAccess',
    'dbClusterArn',
    'dbSecretArn',
    'dbAppUser',
    'dbAppSecretArn',
  ],
  'eventStream:write': ['eventStreamName', 'endpointKinesis'],
  'eventStream:read': ['eventStreamName', 'endpointKinesis'],
  'rawBucket:write': ['rawBucket', 'endpointS3'],
  'rawBucket:compact': ['rawBucket', 'endpointS3'],
  'curatedBucket:read': ['curatedBucket', 'endpointS3'],
  'curatedBucket:write': ['curatedBucket', 'endpointS3'],
  'curatedBucket:compact': ['curatedBucket', 'endpointS3'],
  'uploadBucket:read': ['uploadBucket', 'endpointS3'],
  'uploadBucket:write': ['uploadBucket', 'endpointS3'],
  'quarantineBucket:write': ['quarantineBucket', 'endpointS3'],
  'queryResultsBucket:readWrite': ['queryResultsBucket', 'endpointS3'],
  queryEngine: ['queryEngine', 'athenaWorkgroup', 'glueDatabase', 'localLakeDir', 'tenantQueryRoleArn'],
  'lakeCatalog:write': ['queryEngine', 'glueDatabase'],
  'rateLimitTable:readWrite': ['rateLimitTable', 'endpointDynamodb'],
  'rollupTable:readWrite': ['rollupTable', 'endpointDynamodb'],
  'modelEndpoint:invoke': [
    'modelEndpointName',
    'modelVariants',
    'modelVariantRouting',
    'endpointSagemakerRuntime',
  ],
  'modelEndpoint:manage': ['modelEndpointName', 'modelVariants', 'modelVariantRouting', 'endpointSagemaker'],
  'mailer:send': ['mailFrom', 'sesConfigurationSet', 'endpointSes'],
  'reportScheduler:manage': [
    'reportScheduleGroup',
    'reportRunnerArn',
    'reportSchedulerRoleArn',
    'endpointScheduler',
  ],
  'deliveryQueue:send': ['deliveryQueueUrl', 'endpointSqs', 'publicApiUrl'],
  'deliveryQueue:consume': ['deliveryQueueUrl', 'deliveryDeadLetterQueueUrl', 'endpointSqs'],
  'deliveryTable:readWrite': ['deliveryTable', 'endpointDynamodb'],
  'bootstrapSecret:write': ['bootstrapSecretId'],
  'unsubscribeKey:read': ['unsubscribeSigningKey', 'unsubscribeKeySecretId', 'publicApiUrl'],
  'reportFilesBucket:readWrite': ['reportFilesBucket', 'endpointS3'],
  'reportFilesBucket:read': ['reportFilesBucket', 'endpointS3'],
};

/** Settings every function may read. */
const common: readonly Setting[] = ['stage', 'region'];

/** A need on the resource that triggers the function is used through the event, not a setting. */
function usedByTrigger(spec: FunctionSpec, need: ResourceNeed): boolean {
  return (spec.eventSources ?? []).some(
    (source) =>
      (source.kind === 'kinesis' && need.startsWith('eventStream:')) ||
      (source.kind === 's3' && need.startsWith(`${source.bucket}Bucket:`)),
  );
}

const root = process.cwd();
const compositionRoot = /^export const handler = (make\w+)\((\w+Deps)\(\)\);$/m;

function depsFactoryOf(spec: FunctionSpec): { module: string; name: string } {
  const source = readFileSync(join(root, spec.entry), 'utf8');
  const call = compositionRoot.exec(source);
  if (!call) throw new Error(`${spec.entry} is not \`export const handler = makeX(xDeps())\``);
  const name = call[2] ?? '';
  const from = new RegExp(`import \\{ ${name} \\} from '([^']+)';`).exec(source)?.[1];
  if (!from) throw new Error(`${spec.entry} does not import ${name}`);
  return { module: join(dirname(join(root, spec.entry)), from), name };
}

/** Runs the function's deps factory in both query-engine modes and returns every setting it read. */
async function settingsRead(spec: FunctionSpec): Promise<Set<string>> {
  const { module, name } = depsFactoryOf(spec);
  const factory = (await import(module))[name] as (rt: Runtime) => unknown;
  const read = new Set<string>();
  for (const mode of ['athena', 'duckdb']) {
    const env = Object.fromEntries(Object.values(EnvNames).map((env) => [env, 'x']));
    Object.assign(env, {
      [EnvNames.dbPort]: '5432',
      [EnvNames.dbIamAuth]: 'false',
      [EnvNames.dbAccess]: 'connection',
      [EnvNames.queryEngine]: mode,
      [EnvNames.databaseUrl]: 'postgres://u@127.0.0.1:1/db',
      [EnvNames.endpointS3]: 'http://127.0.0.1:1',
      [EnvNames.endpointKinesis]: 'http://127.0.0.1:1',
      [EnvNames.endpointDynamodb]: 'http://127.0.0.1:1',
      [EnvNames.endpointSes]: 'http://127.0.0.1:1',
      [EnvNames.endpointSqs]: 'http://127.0.0.1:1',
      [EnvNames.publicApiUrl]: 'http://127.0.0.1:1',
      [EnvNames.endpointSagemakerRuntime]: 'http://127.0.0.1:1',
      [EnvNames.endpointScheduler]: 'http://127.0.0.1:1',
      [EnvNames.endpointSagemaker]: 'http://127.0.0.1:1',
      [EnvNames.modelVariants]: 'champion=1',
      [EnvNames.modelVariantRouting]: 'target-variant',
    });
    const config = new Proxy(loadConfig(env), {
      get(target, key, receiver) {
        if (typeof key === 'string') read.add(key);
        return Reflect.get(target, key, receiver);
      },
    });
    factory(new Runtime(undefined, config));
  }
  return read;
}

/** The declared needs no setting was read for, and the settings read that no declared need provides. */
function mismatches(spec: FunctionSpec, read: ReadonlySet<string>) {
  const unused = spec.needs.filter(
    (need) => !usedByTrigger(spec, need) && !settingsByNeed[need].some((s) => read.has(s)),
  );
  const allowed = new Set<string>([...common, ...spec.needs.flatMap((need) => settingsByNeed[need])]);
  return { unused, undeclared: [...read].filter((setting) => !allowed.has(setting)) };
}

describe('function configuration derives from the topology', () => {
  it.each(functions.map((f) => ({ name: f.name, spec: f })))(
    '$name reads a setting of every need it declares and none of a need it does not',
    async ({ spec }) => {
      expect(mismatches(spec, await settingsRead(spec))).toEqual({ unused: [], undeclared: [] });
    },
  );

  it('reports a need declared but never read, and a setting read but not declared', async () => {
    const spec = functions.find((f) => f.name === 'models');
    if (!spec) throw new Error('no models function in the topology');
    const read = await settingsRead(spec);
    expect(mismatches({ ...spec, needs: [...spec.needs, 'mailer:send'] }, read).unused).toEqual([
      'mailer:send',
    ]);
    expect(mismatches({ ...spec, needs: [] }, read).undeclared).toContain('databaseUrl');
  });

  it('keeps every handler.ts a composition root of at most 15 lines that opens with its job', () => {
    for (const spec of functions) {
      const source = readFileSync(join(root, spec.entry), 'utf8');
      expect(source.trimEnd().split('\n').length, spec.entry).toBeLessThanOrEqual(15);
      expect(source, spec.entry).toMatch(/^\/\*\* [A-Z].+\*\/\n/);
      expect(source, spec.entry).toMatch(compositionRoot);
    }
  });
});
