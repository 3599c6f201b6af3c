/** The parts of an HTTP request the gateway needs, read once from Node's IncomingMessage. */
import type { IncomingMessage } from 'node:http';

/** API Gateway's payload limit. */
export const maxBodyBytes = 10 * 1024 * 1024;

export interface GatewayRequest {
  readonly requestId: string;
  readonly method: string;
  /** The raw (still percent-encoded) path. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Headers in arrival order with their original case, as API Gateway passes them on. */
  readonly headers: readonly (readonly [string, string])[];
  readonly sourceIp: string;
  readonly receivedAt: number;
}

export function readRequestHead(request: IncomingMessage, requestId: string): GatewayRequest {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: [string, string][] = [];
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
    headers.push([request.rawHeaders[index] ?? '', request.rawHeaders[index + 1] ?? '']);
  }
  return {
    requestId,
    method: request.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers,
    sourceIp: (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    receivedAt: Date.now(),
  };
}

/** The first value of a header, case-insensitively. */
export function headerValue(request: GatewayRequest, name: string): string | undefined {
  const lower = name.toLowerCase();
  return request.headers.find(([key]) => key.toLowerCase() === lower)?.[1];
}

/** Every value of a header, case-insensitively, in arrival order (duplicates kept). */
export function headerValues(request: GatewayRequest, name: string): string[] {
  const lower = name.toLowerCase();
  return request.headers.filter(([key]) => key.toLowerCase() === lower).map(([, value]) => value);
}

/**
 * Reads the whole body; past `maxBodyBytes` it keeps draining (so the client gets our 413 rather
 * than a reset connection) but returns `tooLarge`.
 */
export async function readBody(request: IncomingMessage): Promise<{ body: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= maxBodyBytes) chunks.push(buffer);
  }
  return size > maxBodyBytes
    ? { body: Buffer.alloc(0), tooLarge: true }
    : { body: Buffer.concat(chunks), tooLarge: false };
}
