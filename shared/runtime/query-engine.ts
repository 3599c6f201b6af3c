/** Picks the QueryEngine for this runtime: Athena in AWS, DuckDB over the local lake. */
import { AthenaQueryEngine } from '../adapters/aws/athena-query-engine';
import { StsTenantCredentials } from '../adapters/aws/sts-tenant-credentials';
import { tenantQueryPolicy } from '../adapters/aws/tenant-query-policy';
import { DuckDbQueryEngine } from '../adapters/duckdb/duckdb-query-engine';
import { eventsDatasetSchema } from '../domain/catalog/dataset-schema';
import type { QueryEngine } from '../ports/query-engine';
import { tenantAthenaClients } from './clients/athena-client';
import { stsClient } from './clients/sts-client';
import { required } from './config';
import { objectStore } from './object-store';
import { type Runtime, runtime } from './runtime';

export function queryEngine(rt: Runtime = runtime()): QueryEngine {
  const { config } = rt;
  if (config.queryEngine === 'athena') {
    const workgroup = required(config, 'athenaWorkgroup');
    const database = required(config, 'glueDatabase');
    const resultsBucket = required(config, 'queryResultsBucket');
    const roleArn = required(config, 'tenantQueryRoleArn');
    // arn:<partition>:iam::<account>:role/<name>
    const [, partition = 'aws', , , account = ''] = roleArn.split(':');
    const credentials = new StsTenantCredentials(rt.client(stsClient), {
      roleArn,
      policyFor: (tenantId) =>
        tenantQueryPolicy({
          tenantId,
          partition,
          account,
          region: config.region,
          curatedBucket: required(config, 'curatedBucket'),
          resultsBucket,
          glueDatabase: database,
          sandboxDatabase: `${database}_sandbox`,
          workgroup,
          sharedTables: [eventsDatasetSchema.dataset],
        }),
    });
    return new AthenaQueryEngine(tenantAthenaClients(config, credentials), {
      workgroup,
      database,
      resultsBucket,
    });
  }
  return new DuckDbQueryEngine(objectStore(rt), {
    lakeDir: required(config, 'localLakeDir'),
    curatedBucket: required(config, 'curatedBucket'),
    resultsBucket: required(config, 'queryResultsBucket'),
  });
}
