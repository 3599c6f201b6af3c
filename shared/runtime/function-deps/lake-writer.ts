/** What the lake-writer function runs with: schema versions, the lake buckets and the idempotency claims. */
import { unpackEnvelope } from '../../domain/ingestion/stream-envelope';
import { cachedMetricsForDataset, makeRollupHook } from '../../domain/metrics/rollup-hook';
import { required } from '../config';
import { createLogger, createMetrics } from '../http-handler';
import { idempotencyStore } from '../idempotency-store';
import { schemaVersions } from '../metadata-stores';
import { lakeCellStore, lateWindowSeconds, metricCatalog, rollupStore } from '../metric-stores';
import { objectStore } from '../object-store';
import { type Runtime, runtime } from '../runtime';

export function lakeWriterDeps(rt: Runtime = runtime()) {
  return {
    unpack: unpackEnvelope,
    schemaOf: schemaVersions(rt),
    objects: objectStore(rt),
    idempotency: idempotencyStore(rt),
    rawBucket: required(rt.config, 'rawBucket'),
    curatedBucket: required(rt.config, 'curatedBucket'),
    quarantineBucket: required(rt.config, 'quarantineBucket'),
    afterCurated: makeRollupHook({
      metrics: cachedMetricsForDataset(metricCatalog(rt)),
      rollups: rollupStore(rt),
      objects: objectStore(rt),
      curatedBucket: required(rt.config, 'curatedBucket'),
      now: () => new Date(),
      lateWindowSeconds,
      lakeCells: lakeCellStore(rt),
    }),
    logger: createLogger('lake-writer'),
    metrics: createMetrics('lake-writer'),
  };
}
