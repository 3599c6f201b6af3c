/** Port for a tenant's notification channels (Postgres): where alerts are sent, without secrets. */
import type { AlertChannel, NewAlertChannel } from '../domain/alerts/alert-channel';

export interface AlertChannelStore {
  create(channel: NewAlertChannel): Promise<AlertChannel>;
  list(tenantId: string): Promise<AlertChannel[]>;
  find(tenantId: string, channelId: string): Promise<AlertChannel | null>;
  remove(tenantId: string, channelId: string): Promise<boolean>;
}
