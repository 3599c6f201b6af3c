/** Picks the QueryEngine for this runtime: Athena in AWS, DuckDB over the local lake. */
import { AthenaQueryEngine } from '../adapters/aws/athena-query-engine';
import { S3ObjectStore } from '../adapters/aws/s3-object-store';
import { DuckDbQueryEngine } from '../adapters/duckdb/duckdb-query-engine';
import type { QueryEngine } from '../ports/query-engine';
import { athenaClient } from './clients/athena-client';
import { s3Client } from './clients/s3-client';
import { required } from './config';
import type { Runtime } from './deps';

export function createQueryEngine(rt: Runtime): QueryEngine {
  const { config } = rt;
  if (config.queryEngine === 'athena') {
    return new AthenaQueryEngine(rt.client(athenaClient), {
      workgroup: required(config, 'athenaWorkgroup'),
      database: required(config, 'glueDatabase'),
    });
  }
  return new DuckDbQueryEngine(new S3ObjectStore(rt.client(s3Client)), {
    lakeDir: required(config, 'localLakeDir'),
    curatedBucket: required(config, 'curatedBucket'),
    resultsBucket: required(config, 'queryResultsBucket'),
  });
}
