/**
 * Use case of the report runner: one run of a report, scheduled or sent now. The run is claimed
 * by (report, scheduled time), and each recipient's delivery moves pending → sending → sent or
 * failed, so a retried invocation sends nothing twice. Just before each send the recipient's
 * suppressions are checked (unsubscribed from this report, or bounced or complained for the
 * tenant): a suppressed delivery is recorded as such and not sent. Each message carries the
 * recipient's own one-click unsubscribe link. Content that cannot be gathered (bad SQL,
 * a deleted metric) fails the run before any send; `disableAfter` such runs in a row disable the
 * report, and the tenant's contact is told once.
 */
import type { Mailer } from '../../ports/mailer';
import type { ReportRunRequest } from '../../ports/report-scheduler';
import type { ReportStore } from '../../ports/report-store';
import type { SuppressionStore } from '../../ports/suppression-store';
import { outgoingEmail } from '../notifications/outgoing-email';
import { renderEmail } from '../notifications/render-email';
import { type ComposeReportDeps, composeReport, recipientMessage } from './compose-report';
import type { Report, ReportRun, RunStatus } from './report-definition';
import type { ReportEmail } from './report-email';
import { reportFilesPrefix } from './report-file-token';

export interface RunReportDeps extends ComposeReportDeps {
  readonly reports: ReportStore;
  readonly mailer: Mailer;
  readonly newId: () => string;
  readonly suppressions: Pick<SuppressionStore, 'find'>;
  /** Failed runs in a row that disable a report. @default 3 */
  readonly disableAfter?: number;
}

export type RunReportResult =
  | { readonly outcome: 'skipped'; readonly reason: string }
  | { readonly outcome: 'done'; readonly runId: string; readonly status: RunStatus; readonly sent: number };

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The scheduled time to the second, as EventBridge passes it, so retries share one key. */
function scheduledTime(value: string): string {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new RangeError(`scheduledAt is not a time: ${value}`);
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

async function claim(
  request: ReportRunRequest,
  report: Report,
  deps: RunReportDeps,
): Promise<{ run: ReportRun; created: boolean } | string> {
  if (request.runId) {
    const run = await deps.reports.findRun(request.tenantId, request.runId);
    return run ? { run, created: run.status === 'queued' } : `run ${request.runId} does not exist`;
  }
  if (!report.enabled) return 'the report is disabled';
  return deps.reports.claimRun({
    runId: deps.newId(),
    tenantId: report.tenantId,
    reportId: report.reportId,
    kind: 'scheduled',
    scheduledAt: scheduledTime(request.scheduledAt ?? deps.now().toISOString()),
    recipients: report.recipients,
  });
}

async function tellContact(report: Report, reason: string, deps: RunReportDeps): Promise<void> {
  const profile = await deps.reports.tenantProfile(report.tenantId);
  if (!profile?.contactEmail) return;
  const email = await renderEmail({
    subject: `Report "${report.name}" was disabled`,
    preheader: reason,
    header: { tenantName: profile.name, title: 'Report disabled', timeZone: report.schedule.timezone },
    blocks: [
      {
        type: 'status',
        state: 'firing',
        text: `"${report.name}" failed ${deps.disableAfter ?? 3} runs in a row`,
      },
      { type: 'paragraph', text: reason },
      {
        type: 'paragraph',
        text: `Fix it, then enable it again with PATCH /v1/reports/${report.reportId} {"enabled": true}.`,
      },
    ],
    reason: `You get this email as the contact address of ${profile.name}.`,
  });
  await deps.mailer.send(outgoingEmail(profile.contactEmail, email, { tags: { report: report.reportId } }));
}

export async function runReport(request: ReportRunRequest, deps: RunReportDeps): Promise<RunReportResult> {
  const report = await deps.reports.find(request.tenantId, request.reportId);
  if (!report) return { outcome: 'skipped', reason: 'the report no longer exists' };
  const claimed = await claim(request, report, deps);
  if (typeof claimed === 'string') return { outcome: 'skipped', reason: claimed };
  const { run } = claimed;
  const open = run.recipients.filter((r) => r.status === 'pending' || r.status === 'failed');
  // A failed run is final (its failure was counted once); a finished one has nothing left to send.
  if (run.status === 'failed' || open.length === 0)
    return { outcome: 'done', runId: run.runId, status: run.status, sent: 0 };

  await deps.reports.setRunStatus(report.tenantId, run.runId, 'running');
  const at = new Date(run.scheduledAt);
  let email: ReportEmail;
  try {
    const prefix = `${reportFilesPrefix(report.tenantId, report.reportId)}run=${run.runId}`;
    email = await composeReport(report, at, prefix, deps);
  } catch (error) {
    const reason = `Run ${run.runId} failed: ${message(error)}`;
    await deps.reports.setRunStatus(report.tenantId, run.runId, 'failed', message(error));
    if (run.kind === 'scheduled') {
      const { disabled } = await deps.reports.recordOutcome(report.tenantId, report.reportId, {
        failed: true,
        disableAfter: deps.disableAfter ?? 3,
        reason,
      });
      if (disabled) await tellContact(report, reason, deps).catch(() => {});
    }
    return { outcome: 'done', runId: run.runId, status: 'failed', sent: 0 };
  }

  let sent = 0;
  for (const { recipient } of open) {
    const suppressed = await deps.suppressions.find(report.tenantId, report.reportId, recipient);
    if (suppressed) {
      await deps.reports.recordDelivery(report.tenantId, run.runId, recipient, {
        status: 'suppressed',
        error: suppressed.reason,
      });
      continue;
    }
    if (!(await deps.reports.claimDelivery(report.tenantId, run.runId, recipient))) continue;
    try {
      const result = await deps.mailer.send(
        await recipientMessage(report, email, recipient, deps, {
          // The tenant tag tells the bounce handler whose suppression list a bounce goes to.
          tenant: report.tenantId,
          report: report.reportId,
          run: run.runId,
        }),
      );
      await deps.reports.recordDelivery(report.tenantId, run.runId, recipient, {
        status: 'sent',
        messageId: result.messageId,
      });
      sent++;
    } catch (error) {
      await deps.reports.recordDelivery(report.tenantId, run.runId, recipient, {
        status: 'failed',
        error: message(error),
      });
    }
  }
  const final = (await deps.reports.findRun(report.tenantId, run.runId))?.recipients ?? [];
  const delivered = final.filter((r) => r.status === 'sent').length;
  // A suppressed recipient is done with, not failed.
  const unreached = final.filter((r) => r.status !== 'sent' && r.status !== 'suppressed').length;
  const status: RunStatus = unreached === 0 ? 'succeeded' : delivered > 0 ? 'partial' : 'failed';
  await deps.reports.setRunStatus(
    report.tenantId,
    run.runId,
    status,
    status === 'succeeded' ? undefined : `${unreached} of ${final.length} recipients failed`,
  );
  if (run.kind === 'scheduled')
    await deps.reports.recordOutcome(report.tenantId, report.reportId, {
      failed: status === 'failed',
      disableAfter: deps.disableAfter ?? 3,
      reason: `Run ${run.runId}: no recipient could be reached`,
    });
  return { outcome: 'done', runId: run.runId, status, sent };
}
