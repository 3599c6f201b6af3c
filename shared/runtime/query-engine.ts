/** Picks the QueryEngine for this runtime: Athena in AWS, DuckDB over the local lake. */
import { AthenaQueryEngine } from '../adapters/aws/athena-query-engine';
import { S3ObjectStore } from '../adapters/aws/s3-object-store';
import { StsTenantCredentials } from '../adapters/aws/sts-tenant-credentials';
import { tenantQueryPolicy } from '../adapters/aws/tenant-query-policy';
import { DuckDbQueryEngine } from '../adapters/duckdb/duckdb-query-engine';
import { DuckDbSqlParser } from '../adapters/duckdb/duckdb-sql-parser';
import { eventsDatasetSchema } from '../domain/catalog/dataset-schema';
import type { QueryEngine } from '../ports/query-engine';
import type { SqlParser } from '../ports/sql-parser';
import { tenantAthenaClients } from './clients/athena-client';
import { s3Client } from './clients/s3-client';
import { stsClient } from './clients/sts-client';
import { required } from './config';
import type { Runtime } from './deps';

export function createQueryEngine(rt: Runtime): QueryEngine {
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
  return new DuckDbQueryEngine(new S3ObjectStore(rt.client(s3Client)), {
    lakeDir: required(config, 'localLakeDir'),
    curatedBucket: required(config, 'curatedBucket'),
    resultsBucket: required(config, 'queryResultsBucket'),
  });
}

/**
 * The engine's own parser for the SQL guard: DuckDB's locally. Athena's dialect has no parser
 * that runs in Lambda; there tenant-scoped credentials hold the boundary (see infra/README.md).
 */
export function createSqlParser(rt: Runtime): SqlParser | null {
  return rt.config.queryEngine === 'athena' ? null : new DuckDbSqlParser();
}
