/** The handle every stand-in server returns inside its host process. */

export interface RunningServer {
  /** Extra facts for the parent (e.g. the database URL). */
  readonly details?: Readonly<Record<string, string | boolean>>;
  close(): Promise<void>;
}

/**
 * Closes an http.Server promptly: SDK clients keep connections alive, and a plain close() would
 * wait for them, so open connections are dropped first.
 */
export function closeHttpServer(server: import('node:http').Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/** Starts listening on 127.0.0.1:`port`, rejecting on EADDRINUSE and the like. */
export function listen(server: import('node:http').Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
