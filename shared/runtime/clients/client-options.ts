/**
 * The options every AWS SDK client shares: region, retries, HTTP/1.1 timeouts and the
 * stand-in endpoint override. One module per client (next to this one) so a Lambda bundle
 * imports, and loads at cold start, only the clients its handler uses.
 */
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { definedProps } from '../../domain/defined-props';
import type { NexusConfig } from '../config';

export const requestTimeoutMs = 10_000;
export const connectionTimeoutMs = 3_000;

export function clientOptions(config: NexusConfig, endpoint: string | undefined) {
  return {
    region: config.region,
    maxAttempts: 4,
    ...definedProps({ endpoint: endpoint || undefined }),
    // HTTP/1.1 with explicit timeouts; some stand-ins (kinesalite) speak nothing else.
    requestHandler: new NodeHttpHandler({
      requestTimeout: requestTimeoutMs,
      connectionTimeout: connectionTimeoutMs,
    }),
  };
}
