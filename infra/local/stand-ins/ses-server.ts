/** Runs aws-ses-v2-local (the SES stand-in); captured mail is readable at GET /store and in its web viewer. */
import { createRequire } from 'node:module';
import { closeHttpServer, type RunningServer } from './running-server';

// Loaded through require: the package is CommonJS with an `exports.default`, which an ESM default
// import would wrap once more.
const require = createRequire(import.meta.url);
const { default: startSesServer } = require('aws-ses-v2-local') as typeof import('aws-ses-v2-local');

export async function runSes(port: number, host: string): Promise<RunningServer> {
  const server = await startSesServer({ port, host });
  if (!server.listening) {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  }
  return { close: () => closeHttpServer(server) };
}
