/** Port for report subscriptions, their runs and each recipient's delivery, always read through the tenant. */
import type {
  ContentBlock,
  DeliveryStatus,
  Report,
  ReportRun,
  ReportSchedule,
  RunKind,
  RunStatus,
} from '../domain/reports/report-definition';

export interface ReportPatch {
  readonly name?: string | undefined;
  readonly schedule?: ReportSchedule | undefined;
  readonly recipients?: readonly string[] | undefined;
  readonly contents?: readonly ContentBlock[] | undefined;
  readonly enabled?: boolean | undefined;
  /** null clears it (a report enabled again). */
  readonly disabledReason?: string | null | undefined;
}

export interface NewRun {
  readonly runId: string;
  readonly tenantId: string;
  readonly reportId: string;
  readonly kind: RunKind;
  readonly scheduledAt: string;
  readonly recipients: readonly string[];
}

export interface TenantProfile {
  readonly name: string;
  readonly contactEmail?: string;
}

export interface ReportStore {
  create(report: Report): Promise<void>;
  find(tenantId: string, reportId: string): Promise<Report | null>;
  list(tenantId: string): Promise<Report[]>;
  /** The report after the patch, or null when the tenant has no such report. */
  update(tenantId: string, reportId: string, patch: ReportPatch): Promise<Report | null>;
  delete(tenantId: string, reportId: string): Promise<boolean>;

  /**
   * Creates the run with a pending delivery per recipient. A scheduled run is unique per
   * (report, scheduledAt): a second claim returns the first run, so a retried invocation finds it.
   */
  claimRun(run: NewRun): Promise<{ readonly run: ReportRun; readonly created: boolean }>;
  findRun(tenantId: string, runId: string): Promise<ReportRun | null>;
  /** Newest first. */
  listRuns(tenantId: string, reportId: string, limit: number): Promise<ReportRun[]>;
  setRunStatus(tenantId: string, runId: string, status: RunStatus, error?: string): Promise<void>;
  /**
   * Moves one delivery from pending (or failed) to sending; false when it is sending or sent
   * already, so two invocations of one run never both send to a recipient.
   */
  claimDelivery(tenantId: string, runId: string, recipient: string): Promise<boolean>;
  recordDelivery(
    tenantId: string,
    runId: string,
    recipient: string,
    outcome: {
      readonly status: Extract<DeliveryStatus, 'sent' | 'failed' | 'suppressed'>;
      readonly messageId?: string;
      /** The failure, or a suppression's reason. */
      readonly error?: string;
    },
  ): Promise<void>;
  /**
   * Counts a finished run: a success resets the failure streak; a failure extends it and, at
   * `disableAfter` in a row, disables the report with `reason`. Says whether this call disabled it.
   */
  recordOutcome(
    tenantId: string,
    reportId: string,
    outcome: { readonly failed: boolean; readonly disableAfter: number; readonly reason: string },
  ): Promise<{ readonly disabled: boolean }>;
  /** The tenant's display name and contact address, for the email header and failure notices. */
  tenantProfile(tenantId: string): Promise<TenantProfile | null>;
}
