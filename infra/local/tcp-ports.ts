/** Port checks for the stand-ins and the gateway: fail fast with the option to change, or pick a free port. */
import net from 'node:net';
import { localHost } from './resources';

/** Thrown when a configured port is already taken; names the port and how to change it. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly service: string,
    readonly howToChange: string,
  ) {
    super(
      `Port ${port} (${service}) is already in use on ${localHost}. ` +
        `Stop what is using it, or choose another port with ${howToChange} (0 picks a free port).`,
    );
    this.name = 'PortInUseError';
  }
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port, host: localHost, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/** Asks the OS for a port that is free right now (small race window, fine for local use and tests). */
export function freePort(): Promise<number> {
  return listenOnce(0);
}

/**
 * Resolves `port` to a usable one: 0 becomes a free port, a taken port throws PortInUseError.
 * Checked before anything starts so a clash never leaves half a platform running.
 */
export async function claimPort(port: number, service: string, howToChange: string): Promise<number> {
  if (port === 0) return freePort();
  try {
    return await listenOnce(port);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      throw new PortInUseError(port, service, howToChange);
    }
    throw error;
  }
}
