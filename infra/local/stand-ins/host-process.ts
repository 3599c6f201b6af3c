/** Parent side of a stand-in host: forks it, waits until it is ready, relays its events, stops it. */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { forkTypeScript, terminate, waitForMessage } from '../child-process';
import { asHostMessage, type HostRequest, type ObjectCreatedNotice } from './protocol';

const hostEntry = fileURLToPath(new URL('./host.ts', import.meta.url));

export interface StandInProcess {
  readonly request: HostRequest;
  readonly pid: number | undefined;
  readonly details: Readonly<Record<string, string | boolean>>;
  /** Subscribes to object-created events (s3 only); returns the unsubscribe function. */
  onObjectCreated(listener: (notice: ObjectCreatedNotice) => void): () => void;
  stop(): Promise<void>;
}

/** How long a stand-in may take to start (initdb on a slow disk is the worst case). */
const startTimeoutMs = 60_000;

export async function startStandInProcess(request: HostRequest): Promise<StandInProcess> {
  // s3rver's paged listings need the legacy OpenSSL provider on Node 17+.
  const nodeFlags = request.kind === 's3' ? ['--openssl-legacy-provider'] : [];
  const child: ChildProcess = forkTypeScript(hostEntry, [JSON.stringify(request)], { nodeFlags });
  let details: Readonly<Record<string, string | boolean>>;
  try {
    details = await waitForMessage(
      child,
      (raw) => {
        const message = asHostMessage(raw);
        if (message?.type === 'failed')
          throw new Error(`${request.kind} stand-in failed: ${message.message}`);
        return message?.type === 'ready' ? message.details : undefined;
      },
      startTimeoutMs,
      `${request.kind} stand-in`,
    );
  } catch (error) {
    await terminate(child);
    throw error;
  }
  const listeners = new Set<(notice: ObjectCreatedNotice) => void>();
  child.on('message', (raw: unknown) => {
    const message = asHostMessage(raw);
    if (message?.type !== 'object-created') return;
    for (const listener of listeners) listener(message.notice);
  });
  return {
    request,
    pid: child.pid,
    details,
    onObjectCreated(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: () => terminate(child, 10_000),
  };
}
