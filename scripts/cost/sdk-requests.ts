/**
 * Counts the AWS SDK requests this process makes to the local stand-ins, by service and operation
 * ("kinesis PutRecords", "s3 PUT", "rds-data ExecuteStatement", "sagemaker InvokeEndpoint"), via
 * Node's HTTP diagnostics channel: the service is known by the stand-in's port.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

/** The Data API's REST paths, by the operation they carry. */
const dataApiOperations: Readonly<Record<string, string>> = {
  '/Execute': 'ExecuteStatement',
  '/BatchExecute': 'BatchExecuteStatement',
  '/BeginTransaction': 'BeginTransaction',
  '/CommitTransaction': 'CommitTransaction',
  '/RollbackTransaction': 'RollbackTransaction',
};

/** The operation a request carries: its JSON target, else what its REST path or method names. */
export function operationOf(
  service: string,
  method: string,
  path: string,
  target: string | undefined,
): string {
  if (target) return target.split('.').at(-1) ?? target;
  const pathname = path.split('?')[0] ?? path;
  if (service === 'rds-data') return dataApiOperations[pathname] ?? pathname;
  if (service === 'sagemaker' && pathname.endsWith('/invocations')) return 'InvokeEndpoint';
  // The SDK tags object requests `?x-id=GetObject`; only ListObjectsV2 carries `list-type`.
  return `${method}${path.includes('list-type=') ? ' (list)' : ''}`;
}

export interface SdkRequestCounter {
  /** Requests so far, by "service operation". */
  readonly calls: ReadonlyMap<string, number>;
  /** Services by the port their stand-in listens on; requests to other ports are not counted. */
  setPorts(ports: ReadonlyMap<string, string>): void;
  snapshot(): Map<string, number>;
  /** Requests since `before` (a snapshot), the ones made at least once. */
  since(before: ReadonlyMap<string, number>): Record<string, number>;
}

export function countSdkRequests(): SdkRequestCounter {
  const calls = new Map<string, number>();
  let ports: ReadonlyMap<string, string> = new Map();
  subscribe('http.client.request.start', (message) => {
    const request = (message as { request: ClientRequest }).request;
    const service = ports.get(request.getHeader('host')?.toString().split(':')[1] ?? '');
    if (!service) return;
    const target = request.getHeader('x-amz-target')?.toString();
    const key = `${service} ${operationOf(service, request.method, request.path, target)}`;
    calls.set(key, (calls.get(key) ?? 0) + 1);
  });
  return {
    calls,
    setPorts: (p) => {
      ports = p;
    },
    snapshot: () => new Map(calls),
    since: (before) =>
      Object.fromEntries(
        [...calls].map(([k, v]) => [k, v - (before.get(k) ?? 0)]).filter(([, v]) => Number(v) > 0),
      ),
  };
}

export function perUnit(counts: Readonly<Record<string, number>>, units: number): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / units]));
}
