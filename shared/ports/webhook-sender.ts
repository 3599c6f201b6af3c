/** Port for delivering one signed webhook request to a tenant's endpoint. */

export interface WebhookRequest {
  readonly url: string;
  /** The channel's Standard Webhooks secret, `whsec_<base64>`. */
  readonly secret: string;
  /** Stable across retries of one delivery, so the receiver can deduplicate (`webhook-id`). */
  readonly messageId: string;
  /** The JSON body, serialised once and signed as sent. */
  readonly payload: unknown;
}

export interface WebhookAttempt {
  readonly outcome: 'delivered' | 'failed' | 'refused';
  /** HTTP status, when the endpoint answered. */
  readonly status?: number;
  /** Whether trying again later may succeed (timeouts, 5xx, 408, 429). */
  readonly retryable: boolean;
  /** Why it failed or was refused; never contains the secret. */
  readonly error?: string;
  readonly durationMs: number;
}

export interface WebhookSender {
  /** Makes one attempt; never throws for a failed delivery, it reports it. */
  send(request: WebhookRequest): Promise<WebhookAttempt>;
}
