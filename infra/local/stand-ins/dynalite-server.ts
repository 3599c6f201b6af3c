/** Runs dynalite (the DynamoDB stand-in) on a persistent LevelDB directory. */
import { mkdir } from 'node:fs/promises';
import dynalite from 'dynalite';
import { closeHttpServer, listen, type RunningServer } from './running-server';

export async function runDynalite(port: number, host: string, dir: string): Promise<RunningServer> {
  await mkdir(dir, { recursive: true });
  const server = dynalite({ path: dir, createTableMs: 50, deleteTableMs: 50, updateTableMs: 50 });
  await listen(server, port, host);
  return { close: () => closeHttpServer(server) };
}
