/** Standard Webhooks secrets and signatures, through the `standardwebhooks` package. */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A new channel secret in the Standard Webhooks form `whsec_<base64 of 32 random bytes>`. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The three Standard Webhooks headers for `body` sent as message `messageId` at `at`. */
export function signedWebhookHeaders(
  secret: string,
  messageId: string,
  at: Date,
  body: string,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(messageId, at, body),
  };
}
