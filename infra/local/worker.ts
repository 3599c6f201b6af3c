/** Child-process entry running the Kinesis pollers of ONE function, so it can crash and restart like a Lambda. */
import { EnvNames } from '../../shared/runtime/env-names';
import { localKinesisClient } from './aws-clients';
import { exitWhenParentLets } from './child-process';
import { loadHandler } from './lambda-runtime';
import { consoleLog, describeError } from './log';
import { type KinesisEventSource, type KinesisPoller, startKinesisPoller } from './pollers/kinesis-poller';
import { eventStreamName } from './resources';
import { type WorkerRequest, workerReadyMessage } from './worker-protocol';

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as WorkerRequest;
  const log = consoleLog(request.spec.name);
  const pollers: KinesisPoller[] = [];
  exitWhenParentLets(async () => {
    await Promise.all(pollers.map((poller) => poller.stop()));
  });
  const endpoint = process.env[EnvNames.endpointKinesis];
  if (!endpoint) throw new Error(`${EnvNames.endpointKinesis} is not set for worker ${request.spec.name}`);
  // The environment came from the parent; the handler reads it once, at import.
  const handler = await loadHandler(request.spec);
  const client = localKinesisClient(endpoint);
  const sources = (request.spec.eventSources ?? []).filter(
    (source): source is KinesisEventSource => source.kind === 'kinesis',
  );
  for (const source of sources) {
    pollers.push(
      await startKinesisPoller({
        spec: request.spec,
        source,
        handler,
        client,
        streamName: process.env[EnvNames.eventStreamName] ?? eventStreamName,
        dataDir: request.dataDir,
        log,
        ...request.tuning,
      }),
    );
  }
  process.send?.({ type: workerReadyMessage });
}

main().catch((error: unknown) => {
  process.stderr.write(`[worker] failed to start: ${describeError(error)}\n`);
  process.exit(1);
});
