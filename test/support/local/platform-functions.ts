/**
 * A topology for platform tests: the test authorizer and echo function plus a test handler per
 * event source kind. (The real authorizer holds a module-level pg pool, which cannot follow a
 * platform restarted in the same process on new ports.)
 */
import type { FunctionSpec } from '../../../shared/topology';
import { gatewayTestFunctions } from './test-functions';

const base = { domain: 'lake', description: 'test', memoryMb: 128, timeoutSeconds: 10, needs: [] } as const;

export const platformTestFunctions: readonly FunctionSpec[] = [
  ...gatewayTestFunctions,
  {
    ...base,
    name: 'stream-recorder',
    entry: 'test/support/local/stream-recorder.ts',
    eventSources: [
      {
        kind: 'kinesis',
        stream: 'events',
        batchSize: 10,
        maxBatchingWindowSeconds: 0,
        parallelizationFactor: 1,
        maxRetryAttempts: 3,
      },
    ],
  },
  {
    ...base,
    name: 's3-recorder',
    entry: 'test/support/local/s3-recorder.ts',
    eventSources: [{ kind: 's3', bucket: 'upload', prefix: 'uploads/' }],
  },
  {
    ...base,
    name: 'scheduled-echo',
    entry: 'test/support/local/scheduled-echo.ts',
    eventSources: [{ kind: 'schedule', expression: 'cron(0 6 ? * MON *)', description: 'weekly report' }],
  },
];
