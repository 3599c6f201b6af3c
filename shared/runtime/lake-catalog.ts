/** The lake catalog for the datasets API: Glue in AWS; none locally, where DuckDB reads the files. */
import { GlueLakeCatalog } from '../adapters/aws/glue-lake-catalog';
import type { LakeCatalog } from '../ports/lake-catalog';
import { glueClient } from './clients/glue-client';
import { required } from './config';
import { type Runtime, runtime } from './runtime';

export function lakeCatalog(rt: Runtime = runtime()): LakeCatalog | undefined {
  if (rt.config.queryEngine !== 'athena') return undefined;
  return new GlueLakeCatalog(rt.client(glueClient), {
    database: required(rt.config, 'glueDatabase'),
    curatedBucket: required(rt.config, 'curatedBucket'),
  });
}
