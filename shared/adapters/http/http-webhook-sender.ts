/**
 * WebhookSender over node:http(s): signs the body with Standard Webhooks headers, connects only
 * to addresses the SSRF guard admitted (pinned in the socket's lookup, so a second DNS answer
 * cannot swap in a private address), follows no redirects, and gives up after a timeout.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { definedProps } from '../../domain/defined-props';
import type { WebhookAttempt, WebhookRequest, WebhookSender } from '../../ports/webhook-sender';
import {
  type AddressPolicy,
  RefusedAddressError,
  type ResolvedAddress,
  resolvePublicAddresses,
} from './public-address';
import { signedWebhookHeaders } from './webhook-signing';

export interface HttpWebhookSenderOptions extends AddressPolicy {
  /**
   * Whole-request limit: connect, send, and the response status.
   * @default 10000
   */
  readonly timeoutMs?: number;
  /** @default () => new Date() */
  readonly clock?: () => Date;
}

const userAgent = 'Nexus-Webhooks/1.0';
/** A receiver's answer is only read for its status; the rest is drained up to this size. */
const maxResponseBytes = 64 * 1024;

/** A socket lookup that answers only with the addresses already checked. */
function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (typeof options === 'object' && options?.all) {
      callback(
        null,
        addresses.map((a) => ({ address: a.address, family: a.family })),
      );
      return;
    }
    const [first] = addresses;
    if (!first) {
      callback(new Error('no address'), '', 4);
      return;
    }
    callback(null, first.address, first.family);
  };
}

function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export class HttpWebhookSender implements WebhookSender {
  private readonly timeoutMs: number;
  private readonly clock: () => Date;

  constructor(private readonly options: HttpWebhookSenderOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.clock = options.clock ?? (() => new Date());
  }

  async send(request: WebhookRequest): Promise<WebhookAttempt> {
    const started = performance.now();
    const took = () => Math.round(performance.now() - started);
    const refused = (error: string): WebhookAttempt => ({
      outcome: 'refused',
      retryable: false,
      error,
      durationMs: took(),
    });

    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refused('not a URL');
    }
    const insecureAllowed = this.options.allowLoopback && url.protocol === 'http:';
    if (url.protocol !== 'https:' && !insecureAllowed) return refused(`${url.protocol} URLs are not allowed`);

    let addresses: ResolvedAddress[];
    try {
      addresses = await resolvePublicAddresses(url.hostname, this.options);
    } catch (error) {
      if (error instanceof RefusedAddressError) return refused(error.message);
      return {
        outcome: 'failed',
        retryable: true,
        error: `DNS: ${(error as Error).message}`,
        durationMs: took(),
      };
    }

    const body = JSON.stringify(request.payload);
    const headers = {
      'content-type': 'application/json',
      'user-agent': userAgent,
      ...signedWebhookHeaders(request.secret, request.messageId, this.clock(), body),
    };
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<WebhookAttempt>((resolve) => {
      const req = transport.request(
        url,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
          lookup: pinnedLookup(addresses),
          signal: AbortSignal.timeout(this.timeoutMs),
        },
        (res) => {
          const status = res.statusCode ?? 0;
          let read = 0;
          res.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > maxResponseBytes) res.destroy();
          });
          const done = () => {
            const delivered = status >= 200 && status < 300;
            resolve(
              definedProps({
                outcome: delivered ? ('delivered' as const) : ('failed' as const),
                status,
                retryable: !delivered && retryableStatus(status),
                error: delivered ? undefined : `HTTP ${status}`,
                durationMs: took(),
              }),
            );
          };
          res.on('end', done);
          res.on('close', done);
        },
      );
      req.on('error', (error: Error) => {
        const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError';
        resolve({
          outcome: 'failed',
          retryable: true,
          error: timedOut ? `timed out after ${this.timeoutMs} ms` : error.message,
          durationMs: took(),
        });
      });
      req.end(body);
    });
  }
}
