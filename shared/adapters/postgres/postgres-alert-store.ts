/** AlertStore on Postgres: rules, their progress (moved only from the expected interval) and events, per tenant. */
import { initialProgress, type RuleProgress } from '../../domain/alerts/alert-evaluation';
import type { AlertCondition, AlertRule, AlertState, Severity } from '../../domain/alerts/alert-rule';
import type { Interval } from '../../domain/metrics/time-buckets';
import type { AlertEvent, AlertRuleChanges, AlertStore, NewAlertRule } from '../../ports/alert-store';
import type { SqlPool } from '../../ports/sql-pool';
import { inTransaction } from './in-transaction';
import { afterCreated, createdCursor, pageRows, readPages } from './read-pages';

interface RuleRow {
  id: string;
  tenant_id: string;
  metric_id: string;
  name: string;
  condition: AlertCondition;
  interval: Interval;
  for_count: number;
  cooldown_s: number;
  severity: Severity;
  channels: string[];
  muted: boolean;
  state: AlertState | null;
  created_at: Date;
  updated_at: Date;
  tenant_name?: string;
}

interface EventRow {
  alert_id: string;
  t: Date;
  state: 'firing' | 'resolved';
  value: number | null;
  expected: number | null;
  band: AlertEvent['band'];
  notified: boolean;
  at: Date;
}

const selectRules = `SELECT r.*, p.state FROM alert_rules r LEFT JOIN alert_progress p ON p.alert_id = r.id`;

function toRule(row: RuleRow): AlertRule {
  return {
    alertId: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    metricId: row.metric_id,
    condition: row.condition,
    interval: row.interval,
    for: row.for_count,
    cooldown: row.cooldown_s,
    severity: row.severity,
    channels: row.channels,
    muted: row.muted,
    state: row.state ?? 'ok',
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const columns: Record<keyof AlertRuleChanges, string> = {
  name: 'name',
  condition: 'condition',
  for: 'for_count',
  cooldown: 'cooldown_s',
  severity: 'severity',
  channels: 'channels',
  muted: 'muted',
};

export class PostgresAlertStore implements AlertStore {
  constructor(private readonly pool: SqlPool) {}

  async create(rule: NewAlertRule): Promise<AlertRule> {
    await this.pool.query(
      `INSERT INTO alert_rules (id, tenant_id, metric_id, name, condition, interval, for_count, cooldown_s, severity, channels)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        rule.alertId,
        rule.tenantId,
        rule.metricId,
        rule.name,
        JSON.stringify(rule.condition),
        rule.interval,
        rule.for,
        rule.cooldown,
        rule.severity,
        rule.channels,
      ],
    );
    const created = await this.find(rule.tenantId, rule.alertId);
    if (!created) throw new Error(`alert ${rule.alertId} vanished after insert`);
    return created;
  }

  async list(tenantId: string): Promise<AlertRule[]> {
    const rows = await readPages<RuleRow & { page_us: string }>(
      pageRows.definitions,
      async (after, limit) => {
        const page = await this.pool.query<RuleRow & { page_us: string }>(
          `${selectRules.replace('SELECT r.*', `SELECT r.*, ${createdCursor('r')}`)}
         WHERE r.tenant_id = $1 AND ${afterCreated('r', 2)} ORDER BY r.created_at, r.id LIMIT $4`,
          [tenantId, after?.page_us ?? null, after?.id ?? null, limit],
        );
        return page.rows;
      },
    );
    return rows.map(toRule);
  }

  async find(tenantId: string, alertId: string): Promise<AlertRule | null> {
    const { rows } = await this.pool.query<RuleRow>(`${selectRules} WHERE r.tenant_id = $1 AND r.id = $2`, [
      tenantId,
      alertId,
    ]);
    return rows[0] ? toRule(rows[0]) : null;
  }

  async update(tenantId: string, alertId: string, changes: AlertRuleChanges): Promise<AlertRule | null> {
    const sets: string[] = [];
    const values: unknown[] = [tenantId, alertId];
    for (const key of Object.keys(columns) as (keyof AlertRuleChanges)[]) {
      const value = changes[key];
      if (value === undefined) continue;
      values.push(key === 'condition' ? JSON.stringify(value) : value);
      sets.push(`${columns[key]} = $${values.length}`);
    }
    const updated = await inTransaction(this.pool, async (client) => {
      const result = await client.query(
        `UPDATE alert_rules SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE tenant_id = $1 AND id = $2`,
        values,
      );
      // A new condition judges from the next closed interval, from a clean state.
      if (changes.condition !== undefined || changes.for !== undefined)
        await client.query('DELETE FROM alert_progress WHERE tenant_id = $1 AND alert_id = $2', [
          tenantId,
          alertId,
        ]);
      return (result.rowCount ?? 0) > 0;
    });
    if (!updated) return null;
    return this.find(tenantId, alertId);
  }

  async remove(tenantId: string, alertId: string): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM alert_rules WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      alertId,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async listAll(): Promise<(AlertRule & { tenantName: string })[]> {
    const rows = await readPages<RuleRow & { page_us: string }>(
      pageRows.definitions,
      async (after, limit) => {
        const page = await this.pool.query<RuleRow & { page_us: string }>(
          `SELECT r.*, ${createdCursor('r')}, p.state, t.name AS tenant_name FROM alert_rules r
         JOIN tenants t ON t.id = r.tenant_id LEFT JOIN alert_progress p ON p.alert_id = r.id
         WHERE ${afterCreated('r', 1)} ORDER BY r.created_at, r.id LIMIT $3`,
          [after?.page_us ?? null, after?.id ?? null, limit],
        );
        return page.rows;
      },
    );
    return rows.map((row) => ({ ...toRule(row), tenantName: row.tenant_name ?? '' }));
  }

  async tenantName(tenantId: string): Promise<string> {
    const { rows } = await this.pool.query<{ name: string }>('SELECT name FROM tenants WHERE id = $1', [
      tenantId,
    ]);
    return rows[0]?.name ?? '';
  }

  async progress(tenantId: string, alertId: string): Promise<RuleProgress> {
    const { rows } = await this.pool.query<{
      state: AlertState;
      streak: number;
      last_evaluated: Date | null;
      last_notified: Date | null;
    }>(
      'SELECT state, streak, last_evaluated, last_notified FROM alert_progress WHERE tenant_id = $1 AND alert_id = $2',
      [tenantId, alertId],
    );
    const row = rows[0];
    if (!row) return initialProgress;
    return {
      state: row.state,
      streak: row.streak,
      lastEvaluated: row.last_evaluated?.toISOString() ?? null,
      lastNotified: row.last_notified?.toISOString() ?? null,
    };
  }

  async advance(
    tenantId: string,
    alertId: string,
    previous: string | null,
    next: RuleProgress,
    events: readonly AlertEvent[],
  ): Promise<boolean> {
    // Nothing is written when another evaluator moved the progress first.
    return inTransaction(this.pool, async (client) => {
      const values = [tenantId, alertId, next.state, next.streak, next.lastEvaluated, next.lastNotified];
      const result =
        previous === null
          ? await client.query(
              `INSERT INTO alert_progress (tenant_id, alert_id, state, streak, last_evaluated, last_notified)
               SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM alert_rules WHERE id = $2 AND tenant_id = $1)
               ON CONFLICT DO NOTHING`,
              values,
            )
          : await client.query(
              `UPDATE alert_progress SET state = $3, streak = $4, last_evaluated = $5, last_notified = $6, updated_at = now()
               WHERE tenant_id = $1 AND alert_id = $2 AND last_evaluated = $7`,
              [...values, previous],
            );
      if ((result.rowCount ?? 0) === 0) return false;
      for (const e of events) {
        await client.query(
          `INSERT INTO alert_events (alert_id, tenant_id, t, state, value, expected, band, notified, at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            alertId,
            tenantId,
            e.t,
            e.state,
            e.value,
            e.expected,
            e.band ? JSON.stringify(e.band) : null,
            e.notified,
            e.at,
          ],
        );
      }
      return true;
    });
  }

  async events(tenantId: string, alertId: string, limit: number): Promise<AlertEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT alert_id, t, state, value, expected, band, notified, at FROM alert_events
       WHERE tenant_id = $1 AND alert_id = $2 ORDER BY t DESC LIMIT $3`,
      [tenantId, alertId, limit],
    );
    return rows.map((r) => ({
      alertId: r.alert_id,
      t: r.t.toISOString(),
      state: r.state,
      value: r.value,
      expected: r.expected,
      band: r.band,
      notified: r.notified,
      at: r.at.toISOString(),
    }));
  }
}
