/**
 * Signed webhooks to tenants' endpoints, SSRF-guarded. Loopback (and plain http) only in the
 * local stage, so local tests can run a receiver; in AWS only public HTTPS endpoints.
 */
import { HttpWebhookSender } from '../adapters/http/http-webhook-sender';
import type { WebhookSender } from '../ports/webhook-sender';
import { type Runtime, runtime } from './runtime';

export function webhookSender(rt: Runtime = runtime()): WebhookSender {
  return new HttpWebhookSender({ allowLoopback: rt.config.stage === 'local', timeoutMs: 10_000 });
}
