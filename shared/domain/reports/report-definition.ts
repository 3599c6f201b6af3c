/**
 * A tenant's report subscription: its zod contract (create and patch), the content blocks it
 * may hold, and the entities of its runs with each recipient's delivery status.
 */
import * as z from 'zod';
import { intervals } from '../metrics/time-buckets';

/** A look-back or look-ahead span: `24h`, `7d`, `30d` (hours up to 31 days, days up to 366). */
export const spanSchema = z
  .string()
  .regex(/^[1-9]\d{0,3}[hd]$/, 'expected a span such as 24h, 7d or 30d')
  .refine((s) => spanSeconds(s) <= 366 * 86_400, 'at most 366 days');

/** Seconds of a span accepted by {@link spanSchema}. */
export function spanSeconds(span: string): number {
  const n = Number(span.slice(0, -1));
  return span.endsWith('d') ? n * 86_400 : n * 3_600;
}

const metricBlock = z.strictObject({
  type: z.literal('metric'),
  metricId: z.uuid(),
  range: spanSchema.default('7d'),
  interval: z.enum(intervals).optional(),
  compare: z.literal('previousPeriod').optional(),
  title: z.string().min(1).max(100).optional(),
});

const queryBlock = z.strictObject({
  type: z.literal('query'),
  sql: z.string().min(1).max(20_000),
  /** Rows shown in the email; the CSV attachment holds the whole result. */
  maxRows: z.number().int().min(1).max(50).default(10),
  title: z.string().min(1).max(100).optional(),
});

const anomaliesBlock = z.strictObject({
  type: z.literal('anomalies'),
  since: spanSchema.default('24h'),
  /** Only these metrics; all of the tenant's when absent. */
  metricIds: z.array(z.uuid()).min(1).max(20).optional(),
  title: z.string().min(1).max(100).optional(),
});

const forecastBlock = z.strictObject({
  type: z.literal('forecast'),
  metricId: z.uuid(),
  horizon: spanSchema,
  interval: z.enum(intervals).optional(),
  title: z.string().min(1).max(100).optional(),
});

export const contentBlock = z.discriminatedUnion('type', [
  metricBlock,
  queryBlock,
  anomaliesBlock,
  forecastBlock,
]);
export type ContentBlock = z.infer<typeof contentBlock>;
export type MetricBlock = z.infer<typeof metricBlock>;
export type QueryBlock = z.infer<typeof queryBlock>;
export type AnomaliesBlock = z.infer<typeof anomaliesBlock>;
export type ForecastBlock = z.infer<typeof forecastBlock>;

/** Most recipients of one report (SES sends one message per recipient). */
export const maxRecipients = 50;

export const recipientsSchema = z
  .array(
    z
      .email()
      .max(320)
      .transform((s) => s.toLowerCase()),
  )
  .min(1)
  .max(maxRecipients)
  .refine((list) => new Set(list).size === list.length, 'recipients must be distinct');

export const scheduleSchema = z.strictObject({
  /** Five fields: minute hour day-of-month month day-of-week. */
  cron: z.string().min(9).max(100),
  /** IANA zone the cron is read in. */
  timezone: z.string().min(1).max(64).default('UTC'),
});

export const createReportInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  schedule: scheduleSchema,
  recipients: recipientsSchema,
  contents: z.array(contentBlock).min(1).max(12),
  enabled: z.boolean().default(true),
});
export type CreateReportInput = z.infer<typeof createReportInput>;

export const updateReportInput = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    schedule: scheduleSchema,
    recipients: recipientsSchema,
    contents: z.array(contentBlock).min(1).max(12),
    /** Re-enables a report disabled after failures, or pauses one. */
    enabled: z.boolean(),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to change');
export type UpdateReportInput = z.infer<typeof updateReportInput>;

export const sendReportInput = z.strictObject({
  /** A test send to these addresses instead of the report's recipients. */
  recipients: recipientsSchema.optional(),
});

export interface ReportSchedule {
  readonly cron: string;
  readonly timezone: string;
}

export interface Report {
  readonly reportId: string;
  readonly tenantId: string;
  readonly name: string;
  readonly schedule: ReportSchedule;
  readonly recipients: readonly string[];
  readonly contents: readonly ContentBlock[];
  readonly enabled: boolean;
  /** Why the report was disabled (after failing several runs in a row). */
  readonly disabledReason?: string;
  readonly consecutiveFailures: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type RunKind = 'scheduled' | 'manual';
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed';
/** `suppressed`: not sent, the address unsubscribed from the report or bounced (see `reason`). */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'suppressed';

export interface RecipientDelivery {
  readonly recipient: string;
  readonly status: DeliveryStatus;
  readonly messageId?: string;
  readonly error?: string;
  /** Why a suppressed delivery was skipped: `unsubscribed`, `bounced` or `complained`. */
  readonly reason?: string;
  readonly updatedAt: string;
}

export interface ReportRun {
  readonly runId: string;
  readonly reportId: string;
  readonly tenantId: string;
  readonly kind: RunKind;
  /** The schedule's time for scheduled runs; the request time for a send-now. */
  readonly scheduledAt: string;
  readonly status: RunStatus;
  readonly error?: string;
  readonly recipients: readonly RecipientDelivery[];
  readonly createdAt: string;
  readonly finishedAt?: string;
}
