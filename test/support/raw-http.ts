/** Sends an HTTP/1.1 request byte for byte, so tests can repeat or oddly case headers as an attacker would. */
import { connect } from 'node:net';

export interface RawResponse {
  readonly status: number;
  readonly body: string;
}

/** `headers` go on the wire in order, duplicates and casing kept. */
export function rawRequest(
  url: string,
  method: string,
  path: string,
  headers: readonly (readonly [string, string])[],
  body = '',
): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  const head = [
    `${method} ${path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    'Connection: close',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...headers.map(([name, value]) => `${name}: ${value}`),
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(`${head}\r\n\r\n${body}`));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [statusLine = '', ...rest] = text.split('\r\n');
      const bodyAt = text.indexOf('\r\n\r\n');
      resolve({
        status: Number(statusLine.split(' ')[1]),
        body: bodyAt >= 0 && rest.length > 0 ? text.slice(bodyAt + 4) : '',
      });
    });
  });
}
