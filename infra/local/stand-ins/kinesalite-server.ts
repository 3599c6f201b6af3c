/** Runs kinesalite (the Kinesis stand-in) on a persistent LevelDB directory. */
import { mkdir } from 'node:fs/promises';
import kinesalite from 'kinesalite';
import { closeHttpServer, listen, type RunningServer } from './running-server';

export async function runKinesalite(port: number, host: string, dir: string): Promise<RunningServer> {
  await mkdir(dir, { recursive: true });
  // Small state-transition delays: streams become ACTIVE almost at once, as tests need.
  const server = kinesalite({
    path: dir,
    createStreamMs: 50,
    deleteStreamMs: 50,
    updateStreamMs: 50,
    shardLimit: 50,
  });
  await listen(server, port, host);
  return { close: () => closeHttpServer(server) };
}
