/** AlertChannelStore on Postgres: a tenant's channels, every statement scoped by the tenant. */
import type { AlertChannel, NewAlertChannel } from '../../domain/alerts/alert-channel';
import type { AlertChannelStore } from '../../ports/alert-channel-store';
import type { SqlPool } from '../../ports/sql-pool';

interface ChannelRow {
  id: string;
  tenant_id: string;
  type: 'email' | 'webhook';
  target: { recipients?: string[]; url?: string };
  created_at: Date;
}

function toChannel(row: ChannelRow): AlertChannel {
  const base = { channelId: row.id, tenantId: row.tenant_id, createdAt: row.created_at.toISOString() };
  return row.type === 'email'
    ? { ...base, type: 'email', recipients: row.target.recipients ?? [] }
    : { ...base, type: 'webhook', url: row.target.url ?? '' };
}

export class PostgresAlertChannelStore implements AlertChannelStore {
  constructor(private readonly pool: SqlPool) {}

  async create(channel: NewAlertChannel): Promise<AlertChannel> {
    const target = channel.type === 'email' ? { recipients: channel.recipients } : { url: channel.url };
    const { rows } = await this.pool.query<ChannelRow>(
      `INSERT INTO alert_channels (id, tenant_id, type, target) VALUES ($1, $2, $3, $4)
       RETURNING id, tenant_id, type, target, created_at`,
      [channel.channelId, channel.tenantId, channel.type, JSON.stringify(target)],
    );
    const row = rows[0];
    if (!row) throw new Error('INSERT ... RETURNING returned no row');
    return toChannel(row);
  }

  async list(tenantId: string): Promise<AlertChannel[]> {
    const { rows } = await this.pool.query<ChannelRow>(
      'SELECT id, tenant_id, type, target, created_at FROM alert_channels WHERE tenant_id = $1 ORDER BY created_at, id',
      [tenantId],
    );
    return rows.map(toChannel);
  }

  async find(tenantId: string, channelId: string): Promise<AlertChannel | null> {
    const { rows } = await this.pool.query<ChannelRow>(
      'SELECT id, tenant_id, type, target, created_at FROM alert_channels WHERE tenant_id = $1 AND id = $2',
      [tenantId, channelId],
    );
    return rows[0] ? toChannel(rows[0]) : null;
  }

  async remove(tenantId: string, channelId: string): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM alert_channels WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      channelId,
    ]);
    return (result.rowCount ?? 0) > 0;
  }
}
