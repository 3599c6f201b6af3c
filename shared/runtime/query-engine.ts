/** Picks the QueryEngine for this runtime: Athena in AWS, DuckDB over the local lake. */
import { AthenaQueryEngine } from '../adapters/aws/athena-query-engine';
import { DuckDbQueryEngine } from '../adapters/duckdb/duckdb-query-engine';
import type { QueryEngine } from '../ports/query-engine';
import { athenaClient } from './clients/athena-client';
import { required } from './config';
import { objectStore } from './object-store';
import { type Runtime, runtime } from './runtime';

export function queryEngine(rt: Runtime = runtime()): QueryEngine {
  const { config } = rt;
  if (config.queryEngine === 'athena') {
    return new AthenaQueryEngine(rt.client(athenaClient), {
      workgroup: required(config, 'athenaWorkgroup'),
      database: required(config, 'glueDatabase'),
    });
  }
  return new DuckDbQueryEngine(objectStore(rt), {
    lakeDir: required(config, 'localLakeDir'),
    curatedBucket: required(config, 'curatedBucket'),
    resultsBucket: required(config, 'queryResultsBucket'),
  });
}
