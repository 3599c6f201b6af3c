/**
 * Alert rules: the zod contracts of what a tenant sends (create, edit) and the stored rule a
 * channel-bound evaluator runs at every closed interval of its metric.
 */
import * as z from 'zod';
import { driftMeasures } from '../metrics/model-accuracy';
import { type Interval, intervals } from '../metrics/time-buckets';

export const thresholdOps = ['gt', 'gte', 'lt', 'lte'] as const;
export type ThresholdOp = (typeof thresholdOps)[number];

export const alertConditionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('threshold'),
    op: z.enum(thresholdOps),
    value: z.number().finite(),
  }),
  z.strictObject({
    type: z.literal('change'),
    /** Breaches when the value moved by at least this many percent (either way)... */
    percent: z.number().positive().max(100_000),
    /** ...against the value this many intervals earlier. */
    window: z.number().int().min(1).max(1_440),
  }),
  z.strictObject({
    type: z.literal('anomaly'),
    /** 0..1: higher flags more. Absent: the detector's own tuned threshold. */
    sensitivity: z.number().min(0).max(1).optional(),
  }),
  z.strictObject({
    type: z.literal('forecastBreach'),
    level: z.union([z.literal(80), z.literal(95)]),
  }),
  z.strictObject({
    type: z.literal('modelDrift'),
    /** MAPE, 95 % band coverage or the detector's alert rate, all in percent... */
    measure: z.enum(driftMeasures),
    op: z.enum(thresholdOps),
    value: z.number().finite().min(0).max(1_000_000),
    /** ...over this many intervals up to the evaluated one. */
    window: z.number().int().min(1).max(1_440),
  }),
]);
export type AlertCondition = z.infer<typeof alertConditionSchema>;

export const severities = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof severities)[number];

/** Intervals the anomaly scorer watches: an anomaly or modelDrift rule can only use one of these. */
export const anomalyIntervals: readonly Interval[] = ['1m', '1h', '1d'];

/** Conditions judged on what the scorer recorded, so they wait for it to score an interval. */
export const scorerConditions: readonly AlertCondition['type'][] = ['anomaly', 'modelDrift'];

const ruleName = z.string().trim().min(1).max(100);
const channelIds = z.array(z.uuid()).max(10);
/** Cooldown and `for` bounds keep a rule's memory within a day of intervals. */
const cooldownSeconds = z
  .number()
  .int()
  .min(0)
  .max(7 * 86_400);

export const createAlertInput = z
  .strictObject({
    name: ruleName,
    metricId: z.uuid(),
    condition: alertConditionSchema,
    interval: z.enum(intervals).default('1m'),
    /** Consecutive breaching intervals before the alert fires. */
    for: z.number().int().min(1).max(1_440).default(1),
    /** After a firing notification, another one waits at least this long (seconds). */
    cooldown: cooldownSeconds.default(0),
    severity: z.enum(severities).default('warning'),
    channels: channelIds.default([]),
  })
  .superRefine((rule, ctx) => {
    if (scorerConditions.includes(rule.condition.type) && !anomalyIntervals.includes(rule.interval))
      ctx.addIssue({
        code: 'custom',
        path: ['interval'],
        message: `${rule.condition.type} alerts use an interval the detector watches: ${anomalyIntervals.join(', ')}`,
      });
  });
export type CreateAlertInput = z.infer<typeof createAlertInput>;

export const patchAlertInput = z
  .strictObject({
    name: ruleName.optional(),
    condition: alertConditionSchema.optional(),
    for: z.number().int().min(1).max(1_440).optional(),
    cooldown: cooldownSeconds.optional(),
    severity: z.enum(severities).optional(),
    channels: channelIds.optional(),
    /** Muted rules keep evaluating and recording events but notify no one. */
    muted: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'nothing to change' });
export type PatchAlertInput = z.infer<typeof patchAlertInput>;

export type AlertState = 'ok' | 'firing' | 'resolved';

/** A stored rule with its evaluation state. */
export interface AlertRule {
  readonly alertId: string;
  readonly tenantId: string;
  readonly name: string;
  readonly metricId: string;
  readonly condition: AlertCondition;
  readonly interval: Interval;
  readonly for: number;
  readonly cooldown: number;
  readonly severity: Severity;
  readonly channels: readonly string[];
  readonly muted: boolean;
  readonly state: AlertState;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const opWords: Readonly<Record<ThresholdOp, string>> = {
  gt: 'above',
  gte: 'at or above',
  lt: 'below',
  lte: 'at or below',
};

/** The rule in words, for notifications (`above 30`, `anomaly, sensitivity 0.9`). */
export function conditionText(condition: AlertCondition): string {
  switch (condition.type) {
    case 'threshold':
      return `${opWords[condition.op]} ${condition.value}`;
    case 'change':
      return `changed by ${condition.percent}% or more over ${condition.window} intervals`;
    case 'anomaly':
      return condition.sensitivity === undefined
        ? 'anomaly'
        : `anomaly, sensitivity ${condition.sensitivity}`;
    case 'forecastBreach':
      return `outside the ${condition.level}% forecast band`;
    case 'modelDrift':
      return `model ${condition.measure} ${opWords[condition.op]} ${condition.value}% over ${condition.window} intervals`;
  }
}
