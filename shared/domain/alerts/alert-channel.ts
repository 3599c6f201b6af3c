/**
 * Alert channels: where a rule's notifications go (email recipients, or a webhook signed with a
 * Standard Webhooks secret that is shown once), what delivery needs to reach them, and the
 * record of one delivery attempt.
 */
import * as z from 'zod';
import type { WebhookDeliveryLogEntry } from '../notifications/deliver-webhook';

export const createChannelInput = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('email'),
    recipients: z.array(z.email().max(254)).min(1).max(20),
  }),
  z.strictObject({
    type: z.literal('webhook'),
    url: z
      .url({ protocol: /^https?$/, hostname: z.regexes.hostname })
      .max(2048)
      .refine((url) => !new URL(url).username && !new URL(url).password, 'no credentials in the URL'),
  }),
]);
export type CreateChannelInput = z.infer<typeof createChannelInput>;

export type NewAlertChannel = CreateChannelInput & {
  readonly channelId: string;
  readonly tenantId: string;
};

export type AlertChannel = NewAlertChannel & { readonly createdAt: string };

/** What the delivery function needs to reach a channel; holds the webhook secret. */
export type DeliveryTarget =
  | { readonly type: 'email'; readonly recipients: readonly string[] }
  | { readonly type: 'webhook'; readonly url: string; readonly secret: string };

/** One attempt at one delivery, as the channel's delivery log shows it. */
export type DeliveryAttempt = WebhookDeliveryLogEntry & {
  /** Email attempts: recipients sent to. */
  readonly recipients?: number;
};
