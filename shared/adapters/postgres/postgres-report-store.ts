/** ReportStore on Postgres: reports, their runs and deliveries, every statement scoped by tenant. */
import { definedProps } from '../../domain/defined-props';
import type {
  ContentBlock,
  DeliveryStatus,
  RecipientDelivery,
  Report,
  ReportRun,
  RunKind,
  RunStatus,
} from '../../domain/reports/report-definition';
import type { NewRun, ReportPatch, ReportStore, TenantProfile } from '../../ports/report-store';
import type { SqlPool } from '../../ports/sql-pool';
import { inTransaction } from './in-transaction';
import { afterCreated, createdCursor, pageRows, readPages } from './read-pages';

interface ReportRow {
  id: string;
  tenant_id: string;
  name: string;
  cron: string;
  timezone: string;
  recipients: string[];
  contents: ContentBlock[];
  enabled: boolean;
  disabled_reason: string | null;
  consecutive_failures: number;
  created_at: Date;
  updated_at: Date;
}

interface RunRow {
  id: string;
  tenant_id: string;
  report_id: string;
  kind: RunKind;
  scheduled_at: Date;
  status: RunStatus;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
  deliveries: {
    recipient: string;
    status: DeliveryStatus;
    message_id: string | null;
    error: string | null;
    updated_at: string;
  }[];
}

function toReport(row: ReportRow): Report {
  return {
    reportId: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    schedule: { cron: row.cron, timezone: row.timezone },
    recipients: row.recipients,
    contents: row.contents,
    enabled: row.enabled,
    ...definedProps({ disabledReason: row.disabled_reason || undefined }),
    consecutiveFailures: row.consecutive_failures,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function toDelivery(d: RunRow['deliveries'][number]): RecipientDelivery {
  const delivery: { -readonly [K in keyof RecipientDelivery]: RecipientDelivery[K] } = {
    recipient: d.recipient,
    status: d.status,
    updatedAt: new Date(d.updated_at).toISOString(),
  };
  if (d.message_id) delivery.messageId = d.message_id;
  // The one column holds a failure's error or a suppression's reason.
  if (d.error && d.status === 'suppressed') delivery.reason = d.error;
  else if (d.error) delivery.error = d.error;
  return delivery;
}

function toRun(row: RunRow): ReportRun {
  return {
    runId: row.id,
    reportId: row.report_id,
    tenantId: row.tenant_id,
    kind: row.kind,
    scheduledAt: row.scheduled_at.toISOString(),
    status: row.status,
    ...definedProps({ error: row.error || undefined }),
    recipients: row.deliveries.map(toDelivery),
    createdAt: row.created_at.toISOString(),
    ...definedProps({ finishedAt: row.finished_at?.toISOString() }),
  };
}

const selectRuns = `SELECT r.*, COALESCE((SELECT json_agg(json_build_object('recipient', d.recipient,
  'status', d.status, 'message_id', d.message_id, 'error', d.error, 'updated_at', d.updated_at)
  ORDER BY d.recipient) FROM report_deliveries d WHERE d.run_id = r.id), '[]'::json) AS deliveries
  FROM report_runs r`;

export class PostgresReportStore implements ReportStore {
  constructor(private readonly pool: SqlPool) {}

  async create(report: Report): Promise<void> {
    await this.pool.query(
      `INSERT INTO reports (id, tenant_id, name, cron, timezone, recipients, contents, enabled, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
      [
        report.reportId,
        report.tenantId,
        report.name,
        report.schedule.cron,
        report.schedule.timezone,
        report.recipients,
        JSON.stringify(report.contents),
        report.enabled,
        report.createdAt,
      ],
    );
  }

  async find(tenantId: string, reportId: string): Promise<Report | null> {
    const { rows } = await this.pool.query<ReportRow>(
      'SELECT * FROM reports WHERE tenant_id = $1 AND id = $2',
      [tenantId, reportId],
    );
    return rows[0] ? toReport(rows[0]) : null;
  }

  async list(tenantId: string): Promise<Report[]> {
    const rows = await readPages<ReportRow & { page_us: string }>(
      pageRows.definitions,
      async (after, limit) => {
        const page = await this.pool.query<ReportRow & { page_us: string }>(
          `SELECT r.*, ${createdCursor('r')} FROM reports r
         WHERE r.tenant_id = $1 AND ${afterCreated('r', 2)} ORDER BY r.created_at, r.id LIMIT $4`,
          [tenantId, after?.page_us ?? null, after?.id ?? null, limit],
        );
        return page.rows;
      },
    );
    return rows.map(toReport);
  }

  async update(tenantId: string, reportId: string, patch: ReportPatch): Promise<Report | null> {
    const { rows } = await this.pool.query<ReportRow>(
      `UPDATE reports SET
         name = COALESCE($3, name),
         cron = COALESCE($4, cron),
         timezone = COALESCE($5, timezone),
         recipients = COALESCE($6, recipients),
         contents = COALESCE($7::jsonb, contents),
         enabled = COALESCE($8, enabled),
         consecutive_failures = CASE WHEN $8 THEN 0 ELSE consecutive_failures END,
         disabled_reason = CASE WHEN $9 THEN NULL ELSE disabled_reason END,
         updated_at = now()
       WHERE tenant_id = $1 AND id = $2 RETURNING *`,
      [
        tenantId,
        reportId,
        patch.name ?? null,
        patch.schedule?.cron ?? null,
        patch.schedule?.timezone ?? null,
        patch.recipients ?? null,
        patch.contents ? JSON.stringify(patch.contents) : null,
        patch.enabled ?? null,
        patch.disabledReason === null,
      ],
    );
    return rows[0] ? toReport(rows[0]) : null;
  }

  async delete(tenantId: string, reportId: string): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM reports WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      reportId,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async claimRun(run: NewRun): Promise<{ run: ReportRun; created: boolean }> {
    const created = await inTransaction(this.pool, async (client) => {
      const inserted = await client.query(
        `INSERT INTO report_runs (id, tenant_id, report_id, kind, scheduled_at, status)
         SELECT $1, $2, $3, $4, $5, 'queued' WHERE EXISTS (SELECT 1 FROM reports WHERE tenant_id = $2 AND id = $3)
         ON CONFLICT (report_id, scheduled_at) WHERE kind = 'scheduled' DO NOTHING RETURNING id`,
        [run.runId, run.tenantId, run.reportId, run.kind, run.scheduledAt],
      );
      if ((inserted.rowCount ?? 0) === 0) return false;
      await client.query(
        `INSERT INTO report_deliveries (run_id, recipient, status)
         SELECT $1, unnest($2::text[]), 'pending'`,
        [run.runId, run.recipients],
      );
      return true;
    });
    const { rows } = await this.pool.query<RunRow>(
      created
        ? `${selectRuns} WHERE r.tenant_id = $1 AND r.id = $2`
        : `${selectRuns} WHERE r.tenant_id = $1 AND r.report_id = $2 AND r.scheduled_at = $3 AND r.kind = 'scheduled'`,
      created ? [run.tenantId, run.runId] : [run.tenantId, run.reportId, run.scheduledAt],
    );
    const row = rows[0];
    if (!row) throw new Error(`Report ${run.reportId} does not exist for the run`);
    return { run: toRun(row), created };
  }

  async findRun(tenantId: string, runId: string): Promise<ReportRun | null> {
    const { rows } = await this.pool.query<RunRow>(`${selectRuns} WHERE r.tenant_id = $1 AND r.id = $2`, [
      tenantId,
      runId,
    ]);
    return rows[0] ? toRun(rows[0]) : null;
  }

  async listRuns(tenantId: string, reportId: string, limit: number): Promise<ReportRun[]> {
    const { rows } = await this.pool.query<RunRow>(
      `${selectRuns} WHERE r.tenant_id = $1 AND r.report_id = $2 ORDER BY r.created_at DESC, r.id LIMIT $3`,
      [tenantId, reportId, limit],
    );
    return rows.map(toRun);
  }

  async setRunStatus(tenantId: string, runId: string, status: RunStatus, error?: string): Promise<void> {
    await this.pool.query(
      `UPDATE report_runs SET status = $3, error = $4,
         finished_at = CASE WHEN $3 IN ('succeeded', 'partial', 'failed') THEN now() ELSE NULL END
       WHERE tenant_id = $1 AND id = $2`,
      [tenantId, runId, status, error ?? null],
    );
  }

  async claimDelivery(tenantId: string, runId: string, recipient: string): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE report_deliveries d SET status = 'sending', updated_at = now()
       FROM report_runs r WHERE r.id = d.run_id AND r.tenant_id = $1
         AND d.run_id = $2 AND d.recipient = $3 AND d.status IN ('pending', 'failed')`,
      [tenantId, runId, recipient],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async recordDelivery(
    tenantId: string,
    runId: string,
    recipient: string,
    outcome: { status: 'sent' | 'failed' | 'suppressed'; messageId?: string; error?: string },
  ): Promise<void> {
    // A suppression is recorded without a claim: only over a delivery nobody is sending.
    await this.pool.query(
      `UPDATE report_deliveries d SET status = $4, message_id = $5, error = $6, updated_at = now()
       FROM report_runs r WHERE r.id = d.run_id AND r.tenant_id = $1 AND d.run_id = $2 AND d.recipient = $3
         AND ($4 <> 'suppressed' OR d.status IN ('pending', 'failed'))`,
      [tenantId, runId, recipient, outcome.status, outcome.messageId ?? null, outcome.error ?? null],
    );
  }

  async recordOutcome(
    tenantId: string,
    reportId: string,
    outcome: { failed: boolean; disableAfter: number; reason: string },
  ): Promise<{ disabled: boolean }> {
    if (!outcome.failed) {
      await this.pool.query('UPDATE reports SET consecutive_failures = 0 WHERE tenant_id = $1 AND id = $2', [
        tenantId,
        reportId,
      ]);
      return { disabled: false };
    }
    const { rows } = await this.pool.query<{ disabled: boolean }>(
      `UPDATE reports SET consecutive_failures = consecutive_failures + 1,
         enabled = CASE WHEN consecutive_failures + 1 >= $3 THEN false ELSE enabled END,
         disabled_reason = CASE WHEN consecutive_failures + 1 >= $3 AND enabled THEN $4 ELSE disabled_reason END,
         updated_at = now()
       WHERE tenant_id = $1 AND id = $2
       RETURNING consecutive_failures = $3 AS disabled`,
      [tenantId, reportId, outcome.disableAfter, outcome.reason],
    );
    return { disabled: rows[0]?.disabled ?? false };
  }

  async tenantProfile(tenantId: string): Promise<TenantProfile | null> {
    const { rows } = await this.pool.query<{ name: string; contact_email: string | null }>(
      'SELECT name, contact_email FROM tenants WHERE id = $1',
      [tenantId],
    );
    const row = rows[0];
    if (!row) return null;
    return definedProps({ name: row.name, contactEmail: row.contact_email || undefined });
  }
}
