/**
 * Use cases: a tenant creates, lists, reads, edits (mute, unmute), deletes alert rules, reads a
 * rule's event history, and sends a test notification to a rule's channels.
 */
import * as z from 'zod';
import type { AlertChannelStore } from '../../ports/alert-channel-store';
import type { AlertEvent, AlertStore } from '../../ports/alert-store';
import type { AuditLog } from '../../ports/audit-log';
import type { MetricCatalog } from '../../ports/metric-catalog';
import { type ErrorDetail, NotFoundError, ValidationError } from '../errors';
import { alertNotice, type NotifyDeps, queueAlertDeliveries } from './alert-notification';
import type { AlertRule, CreateAlertInput, PatchAlertInput } from './alert-rule';
import { type Actor, historyQueryInput } from './manage-channels';

export interface ManageAlertsDeps extends NotifyDeps {
  readonly alerts: AlertStore;
  readonly channels: AlertChannelStore;
  readonly metrics: Pick<MetricCatalog, 'find'>;
  readonly audit: AuditLog;
  readonly newId: () => string;
}

async function checkChannels(
  tenantId: string,
  channelIds: readonly string[],
  deps: Pick<ManageAlertsDeps, 'channels'>,
): Promise<void> {
  const details: ErrorDetail[] = [];
  for (const [i, id] of channelIds.entries())
    if (!(await deps.channels.find(tenantId, id)))
      details.push({ path: `channels[${i}]`, message: 'no such channel' });
  if (details.length > 0) throw new ValidationError('INVALID_ALERT', 'Unknown alert channels', details);
}

export async function createAlert(
  input: CreateAlertInput,
  actor: Actor,
  deps: ManageAlertsDeps,
): Promise<AlertRule> {
  if (!(await deps.metrics.find(actor.tenantId, input.metricId)))
    throw new ValidationError('INVALID_ALERT', `Metric ${input.metricId} does not exist`, [
      { path: 'metricId', message: 'no such metric' },
    ]);
  await checkChannels(actor.tenantId, input.channels, deps);
  const rule = await deps.alerts.create({ ...input, alertId: deps.newId(), tenantId: actor.tenantId });
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: `key:${actor.keyId}`,
    action: 'alert.created',
    target: rule.alertId,
    details: { name: rule.name, metricId: rule.metricId },
  });
  return rule;
}

export async function findAlert(
  tenantId: string,
  alertId: string,
  deps: Pick<ManageAlertsDeps, 'alerts'>,
): Promise<AlertRule> {
  const rule = z.uuid().safeParse(alertId).success ? await deps.alerts.find(tenantId, alertId) : null;
  if (!rule) throw new NotFoundError('ALERT_NOT_FOUND', `Alert ${alertId} does not exist`);
  return rule;
}

export async function patchAlert(
  actor: Actor,
  alertId: string,
  patch: PatchAlertInput,
  deps: ManageAlertsDeps,
): Promise<AlertRule> {
  const rule = await findAlert(actor.tenantId, alertId, deps);
  if (patch.channels) await checkChannels(actor.tenantId, patch.channels, deps);
  if (patch.condition?.type === 'anomaly' && !['1m', '1h', '1d'].includes(rule.interval))
    throw new ValidationError('INVALID_ALERT', 'anomaly alerts use an interval the detector watches', [
      {
        path: 'condition.type',
        message: `the rule's interval ${rule.interval} is not watched by the detector`,
      },
    ]);
  const updated = await deps.alerts.update(actor.tenantId, rule.alertId, patch);
  if (!updated) throw new NotFoundError('ALERT_NOT_FOUND', `Alert ${alertId} does not exist`);
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: `key:${actor.keyId}`,
    action: 'alert.changed',
    target: rule.alertId,
    details: { fields: Object.keys(patch) },
  });
  return updated;
}

export async function deleteAlert(actor: Actor, alertId: string, deps: ManageAlertsDeps): Promise<void> {
  const rule = await findAlert(actor.tenantId, alertId, deps);
  await deps.alerts.remove(actor.tenantId, rule.alertId);
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: `key:${actor.keyId}`,
    action: 'alert.deleted',
    target: rule.alertId,
    details: { name: rule.name },
  });
}

export async function alertEvents(
  tenantId: string,
  alertId: string,
  query: z.infer<typeof historyQueryInput>,
  deps: Pick<ManageAlertsDeps, 'alerts'>,
): Promise<{ alertId: string; items: AlertEvent[] }> {
  const rule = await findAlert(tenantId, alertId, deps);
  return { alertId: rule.alertId, items: await deps.alerts.events(tenantId, rule.alertId, query.limit) };
}

/** Queues a `test` notification to each of the rule's channels; no state changes. */
export async function testAlert(
  tenantId: string,
  alertId: string,
  deps: ManageAlertsDeps,
): Promise<{ alertId: string; deliveries: string[] }> {
  const rule = await findAlert(tenantId, alertId, deps);
  const metric = await deps.metrics.find(tenantId, rule.metricId);
  if (!metric) throw new NotFoundError('METRIC_NOT_FOUND', `Metric ${rule.metricId} does not exist`);
  const now = deps.now();
  const notice = alertNotice(
    rule,
    metric,
    {
      tenantName: await deps.alerts.tenantName(tenantId),
      state: 'test',
      start: Math.floor(now.getTime() / 60_000) * 60,
      judgement: { value: null, expected: null },
    },
    deps,
  );
  const deliveries = await queueAlertDeliveries(rule, { notice }, `test:${now.toISOString()}`, deps);
  return { alertId: rule.alertId, deliveries };
}
