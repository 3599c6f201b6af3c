/**
 * Use cases behind /v1/reports: create, read, change and delete a tenant's report together with
 * its schedule, send one now (or as a test to other addresses), and list its runs.
 */
import * as z from 'zod';
import type { MetricCatalog } from '../../ports/metric-catalog';
import type { ReportScheduler } from '../../ports/report-scheduler';
import type { ReportStore } from '../../ports/report-store';
import { definedProps } from '../defined-props';
import { type ErrorDetail, NotFoundError, ValidationError } from '../errors';
import { guardSql } from '../query/sql-guard';
import { checkSchedule, nextRunAt } from './report-cron';
import type {
  ContentBlock,
  CreateReportInput,
  Report,
  ReportRun,
  UpdateReportInput,
} from './report-definition';

export interface ManageReportsDeps {
  readonly reports: ReportStore;
  readonly scheduler: ReportScheduler;
  readonly metrics: Pick<MetricCatalog, 'find'>;
  readonly newId: () => string;
  readonly now: () => Date;
}

/** A report as the API shows it: with its next run time (null while disabled). */
export type ReportView = Report & { readonly nextRunAt: string | null };

/** Runs listed per request. */
export const runsPageSize = 50;

function view(report: Report, now: Date): ReportView {
  const next = report.enabled ? nextRunAt(report.schedule, now) : null;
  return { ...report, nextRunAt: next ? next.toISOString() : null };
}

/** Every metric a block names belongs to the tenant; every SQL passes the read-only guard. */
async function checkContents(
  tenantId: string,
  contents: readonly ContentBlock[],
  deps: Pick<ManageReportsDeps, 'metrics'>,
): Promise<void> {
  const details: ErrorDetail[] = [];
  for (const [i, block] of contents.entries()) {
    const ids =
      block.type === 'metric' || block.type === 'forecast'
        ? [block.metricId]
        : block.type === 'anomalies'
          ? (block.metricIds ?? [])
          : [];
    for (const id of ids) {
      if (!(await deps.metrics.find(tenantId, id)))
        details.push({
          path: `contents[${i}].metricId${block.type === 'anomalies' ? 's' : ''}`,
          message: `no metric ${id}`,
        });
    }
    if (block.type === 'query') {
      try {
        guardSql(block.sql);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        details.push(...error.details.map((d) => ({ ...d, path: `contents[${i}].sql` })));
      }
    }
  }
  if (details.length > 0)
    throw new ValidationError('INVALID_REPORT', 'The report names something it cannot use', details);
}

function notFound(reportId: string): NotFoundError {
  return new NotFoundError('REPORT_NOT_FOUND', `Report ${reportId} does not exist`);
}

/** The tenant's report, or 404 (also for ids that are not UUIDs or belong to another tenant). */
export async function findReport(
  tenantId: string,
  reportId: string,
  deps: { readonly reports: Pick<ReportStore, 'find'> },
) {
  const report = z.uuid().safeParse(reportId).success ? await deps.reports.find(tenantId, reportId) : null;
  if (!report) throw notFound(reportId);
  return report;
}

export async function createReport(
  input: CreateReportInput,
  tenantId: string,
  deps: ManageReportsDeps,
): Promise<ReportView> {
  const schedule = checkSchedule(input.schedule);
  await checkContents(tenantId, input.contents, deps);
  const at = deps.now().toISOString();
  const report: Report = {
    reportId: deps.newId(),
    tenantId,
    name: input.name,
    schedule,
    recipients: input.recipients,
    contents: input.contents,
    enabled: input.enabled,
    consecutiveFailures: 0,
    createdAt: at,
    updatedAt: at,
  };
  await deps.reports.create(report);
  try {
    await deps.scheduler.put(report);
  } catch (error) {
    // A report without its schedule would silently never run: undo rather than keep it.
    await deps.reports.delete(tenantId, report.reportId);
    throw error;
  }
  return view(report, deps.now());
}

export async function listReports(tenantId: string, deps: Pick<ManageReportsDeps, 'reports' | 'now'>) {
  const now = deps.now();
  return (await deps.reports.list(tenantId)).map((r) => view(r, now));
}

export async function getReport(
  tenantId: string,
  reportId: string,
  deps: Pick<ManageReportsDeps, 'reports' | 'now'>,
): Promise<ReportView> {
  return view(await findReport(tenantId, reportId, deps), deps.now());
}

export async function updateReport(
  tenantId: string,
  reportId: string,
  patch: UpdateReportInput,
  deps: ManageReportsDeps,
): Promise<ReportView> {
  await findReport(tenantId, reportId, deps);
  const schedule = patch.schedule ? checkSchedule(patch.schedule) : undefined;
  if (patch.contents) await checkContents(tenantId, patch.contents, deps);
  const updated = await deps.reports.update(tenantId, reportId, {
    ...patch,
    // Enabling again clears the reason it was disabled.
    ...definedProps({ schedule, disabledReason: patch.enabled === true ? null : undefined }),
  });
  if (!updated) throw notFound(reportId);
  await deps.scheduler.put(updated);
  return view(updated, deps.now());
}

export async function deleteReport(
  tenantId: string,
  reportId: string,
  deps: ManageReportsDeps,
): Promise<void> {
  await findReport(tenantId, reportId, deps);
  await deps.scheduler.remove(tenantId, reportId);
  await deps.reports.delete(tenantId, reportId);
}

/** Queues a send-now (to the report's recipients, or a test send to `recipients`). */
export async function sendReportNow(
  tenantId: string,
  reportId: string,
  recipients: readonly string[] | undefined,
  deps: ManageReportsDeps,
): Promise<{ runId: string }> {
  const report = await findReport(tenantId, reportId, deps);
  const runId = deps.newId();
  await deps.reports.claimRun({
    runId,
    tenantId,
    reportId,
    kind: 'manual',
    scheduledAt: deps.now().toISOString(),
    recipients: recipients ?? report.recipients,
  });
  await deps.scheduler.runOnce({ tenantId, reportId, runId });
  return { runId };
}

export async function listRuns(
  tenantId: string,
  reportId: string,
  deps: Pick<ManageReportsDeps, 'reports'>,
): Promise<{ items: ReportRun[] }> {
  await findReport(tenantId, reportId, deps);
  return { items: await deps.reports.listRuns(tenantId, reportId, runsPageSize) };
}
