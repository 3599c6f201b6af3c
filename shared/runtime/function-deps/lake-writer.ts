/** What the lake-writer function runs with: schema versions, the lake buckets and its in-memory dedupe index. */
import { unpackEnvelope } from '../../domain/ingestion/stream-envelope';
import { curatedEventIdIndex } from '../../domain/lake/event-id-index';
import { cachedMetricsForDataset, makeRollupHook } from '../../domain/metrics/rollup-hook';
import { required } from '../config';
import { createLogger, createMetrics } from '../http-handler';
import { schemaVersions } from '../metadata-stores';
import { lakeCellStore, lateWindowSeconds, metricCatalog, rollupStore } from '../metric-stores';
import { objectStore } from '../object-store';
import { type Runtime, runtime } from '../runtime';

export function lakeWriterDeps(rt: Runtime = runtime()) {
  const objects = objectStore(rt);
  const curatedBucket = required(rt.config, 'curatedBucket');
  return {
    unpack: unpackEnvelope,
    schemaOf: schemaVersions(rt),
    objects,
    // Lives as long as the warm function: a batch reads only files the writer has not seen.
    eventIndex: curatedEventIdIndex(objects, curatedBucket),
    // Also warm-lived: the manifest a batch committed is where the next one starts.
    manifests: new Map(),
    rawBucket: required(rt.config, 'rawBucket'),
    curatedBucket,
    quarantineBucket: required(rt.config, 'quarantineBucket'),
    afterCurated: makeRollupHook({
      metrics: cachedMetricsForDataset(metricCatalog(rt)),
      rollups: rollupStore(rt),
      objects,
      curatedBucket,
      now: () => new Date(),
      lateWindowSeconds,
      lakeCells: lakeCellStore(rt),
    }),
    logger: createLogger('lake-writer'),
    metrics: createMetrics('lake-writer'),
  };
}
