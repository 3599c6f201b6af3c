/** What the lake-compactor function runs with: the curated and raw buckets, read, written, listed and swept. */
import { defaultLateWindowSeconds } from '../../domain/metrics/rollup-batch';
import { required } from '../config';
import { createLogger, createMetrics } from '../http-handler';
import { objectCleanup, objectStore } from '../object-store';
import { type Runtime, runtime } from '../runtime';

export function lakeCompactorDeps(rt: Runtime = runtime()) {
  return {
    objects: objectStore(rt),
    cleanup: objectCleanup(rt),
    curatedBucket: required(rt.config, 'curatedBucket'),
    rawBucket: required(rt.config, 'rawBucket'),
    now: () => new Date(),
    // An hour is settled once the rollups no longer take its events, plus a margin.
    settleMs: (defaultLateWindowSeconds + 600) * 1000,
    lookbackHours: 6,
    // Longer than any query may run (Athena's default limit is 30 minutes).
    retentionMs: 60 * 60_000,
    logger: createLogger('lake-compactor'),
    metrics: createMetrics('lake-compactor'),
  };
}
