/**
 * Turns a rule's state change (or a test) into delivery tasks, one per channel of the rule:
 * the notice the email and webhook are built from, and the chart data around the interval.
 * Each task's id is its natural key, so a retried evaluation never notifies twice.
 */
import type { AlertChannelStore } from '../../ports/alert-channel-store';
import type { DeliveryQueue } from '../../ports/delivery-queue';
import type { SeriesChartInput } from '../charts/series-chart';
import { definedProps } from '../defined-props';
import type { MetricDefinition } from '../metrics/metric-definition';
import { type AlertNotice, alertWebhookPayload } from '../notifications/alert-notice';
import type { DeliveryTask } from '../notifications/delivery-task';
import type { Judgement } from './alert-evaluation';
import { type AlertRule, conditionText } from './alert-rule';

/**
 * What a queued alert email carries: no recipient list (read at delivery, so a deleted channel
 * stops), unless a retry is limited to the recipients that failed. A webhook task carries the
 * webhook body itself, signed as sent.
 */
export interface AlertDeliveryPayload {
  readonly notice: Omit<AlertNotice, 'chart' | 'unsubscribeUrl'>;
  readonly chart?: SeriesChartInput;
  readonly onlyRecipients?: readonly string[];
}

export interface NotifyDeps {
  readonly channels: Pick<AlertChannelStore, 'find'>;
  readonly queue: Pick<DeliveryQueue, 'enqueue'>;
  readonly now: () => Date;
  /** Absolute URL of the metric's series around an interval (API or console). */
  readonly seriesLink: (metricId: string, from: Date, to: Date, interval: AlertRule['interval']) => string;
}

export interface NoticeFacts {
  readonly tenantName: string;
  readonly state: AlertNotice['state'];
  /** Interval start, epoch seconds. */
  readonly start: number;
  readonly judgement: Pick<Judgement, 'value' | 'expected' | 'band'>;
}

const grainSeconds = { '1m': 60, '5m': 300, '1h': 3600, '1d': 86400 } as const;

export function alertNotice(
  rule: AlertRule,
  metric: Pick<MetricDefinition, 'metricId' | 'name'>,
  facts: NoticeFacts,
  deps: Pick<NotifyDeps, 'seriesLink'>,
): AlertDeliveryPayload['notice'] {
  const step = grainSeconds[rule.interval];
  const from = new Date((facts.start - 60 * step) * 1000);
  const to = new Date((facts.start + 10 * step) * 1000);
  return {
    tenantName: facts.tenantName,
    alertId: rule.alertId,
    alertName: rule.name,
    state: facts.state,
    severity: rule.severity,
    metric: { id: metric.metricId, name: metric.name },
    interval: { start: facts.start * 1000, grain: rule.interval },
    value: facts.judgement.value,
    expected: facts.judgement.expected,
    ...definedProps({ band: facts.judgement.band }),
    condition: conditionText(rule.condition),
    seriesUrl: deps.seriesLink(metric.metricId, from, to, rule.interval),
    timeZone: 'UTC',
  };
}

/** Queues the notice to every channel of the rule that still exists; returns the delivery ids. */
export async function queueAlertDeliveries(
  rule: AlertRule,
  payload: AlertDeliveryPayload,
  key: string,
  deps: NotifyDeps,
): Promise<string[]> {
  const ids: string[] = [];
  const firstAttemptAt = deps.now().toISOString();
  for (const channelId of rule.channels) {
    const channel = await deps.channels.find(rule.tenantId, channelId);
    if (!channel) continue;
    const task: DeliveryTask = {
      deliveryId: `${rule.alertId}:${key}:${channelId}`,
      tenantId: rule.tenantId,
      channel: { type: channel.type, id: channelId },
      attempt: 1,
      firstAttemptAt,
      payload: JSON.parse(
        JSON.stringify(
          channel.type === 'webhook' ? alertWebhookPayload(payload.notice, deps.now()) : payload,
        ),
      ),
    };
    await deps.queue.enqueue(task);
    ids.push(task.deliveryId);
  }
  return ids;
}
