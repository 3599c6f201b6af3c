/**
 * The SqlPool the Postgres-backed capabilities use, by the stage's database access: pg's pool
 * (a connection string locally; RDS Proxy or the cluster with IAM tokens in AWS), or the RDS
 * Data API, which needs no VPC, connection or proxy (README "Database access").
 */
import { DataApiPool } from '../adapters/aws/data-api-pool';
import type { SqlPool } from '../ports/sql-pool';
import { rdsDataClient } from './clients/rds-data-client';
import { required } from './config';
import type { Runtime } from './runtime';

const pools = new WeakMap<Runtime, SqlPool>();

/** One per container (Runtime); the Data API pool keeps its per-statement parameter types. */
export function sqlPool(rt: Runtime): SqlPool {
  let pool = pools.get(rt);
  if (!pool) {
    const { config } = rt;
    pool =
      config.dbAccess === 'data-api'
        ? new DataApiPool(rt.client(rdsDataClient), {
            resourceArn: required(config, 'dbClusterArn'),
            secretArn: required(config, 'dbSecretArn'),
            database: required(config, 'dbName'),
          })
        : rt.pool;
    pools.set(rt, pool);
  }
  return pool;
}
