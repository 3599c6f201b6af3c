/** AlertChannelStore on Postgres: a tenant's channels, every statement scoped by the tenant. */
import type { AlertChannel, NewAlertChannel } from '../../domain/alerts/alert-channel';
import type { AlertChannelStore } from '../../ports/alert-channel-store';
import type { SqlPool } from '../../ports/sql-pool';
import { afterCreated, createdCursor, pageRows, readPages } from './read-pages';

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
    const rows = await readPages<ChannelRow & { page_us: string }>(
      pageRows.definitions,
      async (after, limit) => {
        const page = await this.pool.query<ChannelRow & { page_us: string }>(
          `SELECT c.id, c.tenant_id, c.type, c.target, c.created_at, ${createdCursor('c')} FROM alert_channels c
         WHERE c.tenant_id = $1 AND ${afterCreated('c', 2)} ORDER BY c.created_at, c.id LIMIT $4`,
          [tenantId, after?.page_us ?? null, after?.id ?? null, limit],
        );
        return page.rows;
      },
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
