/**
 * Use cases: a tenant creates, lists, reads and deletes alert channels, and reads a channel's
 * delivery log. A webhook channel's secret is made here and returned once; afterwards only the
 * delivery target (outside Postgres, where the delivery function can read it) holds it.
 */
import * as z from 'zod';
import type { AlertChannelStore } from '../../ports/alert-channel-store';
import type { AuditLog } from '../../ports/audit-log';
import type { DeliveryStore } from '../../ports/delivery-store';
import { NotFoundError } from '../errors';
import type { AlertChannel, CreateChannelInput, DeliveryAttempt, DeliveryTarget } from './alert-channel';

export interface ManageChannelsDeps {
  readonly channels: AlertChannelStore;
  readonly deliveries: DeliveryStore;
  readonly audit: AuditLog;
  readonly newId: () => string;
  /** A new Standard Webhooks secret (`whsec_<base64>`). */
  readonly newSecret: () => string;
}

export interface Actor {
  readonly tenantId: string;
  readonly keyId: string;
}

export async function createChannel(
  input: CreateChannelInput,
  actor: Actor,
  deps: ManageChannelsDeps,
): Promise<AlertChannel & { secret?: string }> {
  const channelId = deps.newId();
  const secret = input.type === 'webhook' ? deps.newSecret() : undefined;
  const target: DeliveryTarget =
    input.type === 'webhook'
      ? { type: 'webhook', url: input.url, secret: secret ?? '' }
      : { type: 'email', recipients: input.recipients };
  // The target first: a channel row never exists that delivery cannot reach.
  await deps.deliveries.putTarget(actor.tenantId, channelId, target);
  const channel = await deps.channels.create({ ...input, channelId, tenantId: actor.tenantId });
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: `key:${actor.keyId}`,
    action: 'alert-channel.created',
    target: channelId,
    details: { type: input.type },
  });
  return secret ? { ...channel, secret } : channel;
}

export async function findChannel(
  tenantId: string,
  channelId: string,
  deps: Pick<ManageChannelsDeps, 'channels'>,
): Promise<AlertChannel> {
  const channel = z.uuid().safeParse(channelId).success
    ? await deps.channels.find(tenantId, channelId)
    : null;
  if (!channel) throw new NotFoundError('CHANNEL_NOT_FOUND', `Alert channel ${channelId} does not exist`);
  return channel;
}

export async function deleteChannel(
  actor: Actor,
  channelId: string,
  deps: ManageChannelsDeps,
): Promise<void> {
  const channel = await findChannel(actor.tenantId, channelId, deps);
  await deps.channels.remove(actor.tenantId, channel.channelId);
  // Queued deliveries to it find no target and are dead-lettered.
  await deps.deliveries.removeTarget(actor.tenantId, channel.channelId);
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: `key:${actor.keyId}`,
    action: 'alert-channel.deleted',
    target: channel.channelId,
  });
}

/** `?limit=` of the history routes (events, deliveries): newest first. */
export const historyQueryInput = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export async function channelDeliveries(
  tenantId: string,
  channelId: string,
  query: z.infer<typeof historyQueryInput>,
  deps: Pick<ManageChannelsDeps, 'channels' | 'deliveries'>,
): Promise<{ channelId: string; items: DeliveryAttempt[] }> {
  const channel = await findChannel(tenantId, channelId, deps);
  return {
    channelId: channel.channelId,
    items: await deps.deliveries.attempts(tenantId, channelId, query.limit),
  };
}
