/**
 * Port for the addresses a tenant's report emails skip: per report (the recipient unsubscribed)
 * or for the whole tenant (the address hard-bounced or complained).
 */

export type SuppressionReason = 'unsubscribed' | 'bounced' | 'complained';

export interface NewSuppression {
  readonly tenantId: string;
  readonly address: string;
  /** The report unsubscribed from; tenant-wide (every report) when absent. */
  readonly reportId?: string;
  readonly reason: SuppressionReason;
  /** e.g. the bounce's diagnostic code. */
  readonly detail?: string;
}

export interface Suppression {
  readonly reason: SuppressionReason;
  /** Whether it holds for every report of the tenant (a bounce or complaint). */
  readonly tenantWide: boolean;
}

export interface SuppressionStore {
  /**
   * Records the suppression once; false when it existed already, or when the report is not the
   * tenant's (so a suppression can never land on another tenant's report).
   */
  suppress(suppression: NewSuppression): Promise<boolean>;
  /** Why `address` is not to get `reportId` of the tenant, or null when it may. */
  find(tenantId: string, reportId: string, address: string): Promise<Suppression | null>;
}
