/**
 * The alert stores against real Postgres and DynamoDB (dynalite): every read and write scoped
 * to the tenant, progress moved only from the interval it was at (so two evaluators never both
 * act on one interval), and the delivery log newest first beside the channel's target.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '../../../infra/local/resources';
import { DynamoDeliveryStore } from '../../../shared/adapters/aws/dynamodb-delivery-store';
import { PostgresAlertChannelStore } from '../../../shared/adapters/postgres/postgres-alert-channel-store';
import { PostgresAlertStore } from '../../../shared/adapters/postgres/postgres-alert-store';
import { PostgresMetricCatalog } from '../../../shared/adapters/postgres/postgres-metric-catalog';
import { initialProgress } from '../../../shared/domain/alerts/alert-evaluation';
import type { NewAlertRule } from '../../../shared/ports/alert-store';
import { dynamoDocumentClient } from '../../../shared/runtime/clients/dynamodb-client';
import { tenantDirectory } from '../../../shared/runtime/metadata-stores';
import { type ContractStack, startContractStack } from '../../contract/contract-stand-ins';

let stack: ContractStack;
let alerts: PostgresAlertStore;
let channels: PostgresAlertChannelStore;
let deliveries: DynamoDeliveryStore;

beforeAll(async () => {
  stack = await startContractStack(['postgres', 'dynamodb']);
  alerts = new PostgresAlertStore(stack.runtime.pool);
  channels = new PostgresAlertChannelStore(stack.runtime.pool);
  deliveries = new DynamoDeliveryStore(stack.runtime.client(dynamoDocumentClient), {
    tableName: tables.deliveries.name,
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function tenantWithRule(): Promise<{ tenantId: string; rule: NewAlertRule }> {
  const { tenantId } = await tenantDirectory(stack.runtime).createTenant(`t-${randomUUID()}`);
  const metricId = randomUUID();
  await new PostgresMetricCatalog(stack.runtime.pool).define(tenantId, metricId, 'signups', {
    dataset: 'events',
    aggregation: 'count',
    filter: [],
    dimensions: [],
    timeField: 'timestamp',
  });
  const rule: NewAlertRule = {
    alertId: randomUUID(),
    tenantId,
    name: 'spike',
    metricId,
    condition: { type: 'threshold', op: 'gt', value: 30 },
    interval: '1m',
    for: 1,
    cooldown: 0,
    severity: 'critical',
    channels: [],
  };
  await alerts.create(rule);
  return { tenantId, rule };
}

describe('PostgresAlertStore', () => {
  it('keeps rules to their tenant: another tenant neither sees, edits nor deletes them', async () => {
    const { tenantId, rule } = await tenantWithRule();
    const other = await tenantWithRule();

    expect(await alerts.find(other.tenantId, rule.alertId)).toBeNull();
    expect(await alerts.update(other.tenantId, rule.alertId, { muted: true })).toBeNull();
    expect(await alerts.remove(other.tenantId, rule.alertId)).toBe(false);
    expect((await alerts.list(other.tenantId)).map((r) => r.alertId)).toEqual([other.rule.alertId]);
    expect(await alerts.find(tenantId, rule.alertId)).toMatchObject({ muted: false, state: 'ok', for: 1 });
  });

  it('moves progress only from the interval it was at, storing the events with it', async () => {
    const { tenantId, rule } = await tenantWithRule();
    const at = '2026-12-02T10:00:00.000Z';
    const next = { state: 'firing' as const, streak: 1, lastEvaluated: at, lastNotified: at };
    const event = {
      alertId: rule.alertId,
      t: at,
      state: 'firing' as const,
      value: 60,
      expected: 30,
      band: null,
      notified: true,
      at: '2026-12-02T10:01:30.000Z',
    };

    const first = await alerts.advance(tenantId, rule.alertId, null, next, [event]);
    const raced = await alerts.advance(tenantId, rule.alertId, null, next, [event]);
    const stale = await alerts.advance(tenantId, rule.alertId, '2026-12-02T09:59:00.000Z', next, []);
    const foreign = await alerts.advance(
      randomUUID(),
      rule.alertId,
      at,
      { ...next, lastEvaluated: '2026-12-02T10:01:00.000Z' },
      [],
    );

    expect([first, raced, stale, foreign]).toEqual([true, false, false, false]);
    expect(await alerts.progress(tenantId, rule.alertId)).toEqual(next);
    expect(await alerts.events(tenantId, rule.alertId, 10)).toEqual([event]);
    expect((await alerts.find(tenantId, rule.alertId))?.state).toBe('firing');
  });

  it('starts the state over when the condition changes', async () => {
    const { tenantId, rule } = await tenantWithRule();
    const at = '2026-12-02T10:00:00.000Z';
    await alerts.advance(
      tenantId,
      rule.alertId,
      null,
      { ...initialProgress, state: 'firing', lastEvaluated: at },
      [],
    );

    const updated = await alerts.update(tenantId, rule.alertId, {
      condition: { type: 'threshold', op: 'gt', value: 100 },
    });

    expect(updated?.state).toBe('ok');
    expect(await alerts.progress(tenantId, rule.alertId)).toEqual(initialProgress);
  });
});

describe('PostgresAlertChannelStore and DynamoDeliveryStore', () => {
  it('keeps channels to their tenant and targets beside their delivery log, newest first', async () => {
    const { tenantId } = await tenantWithRule();
    const other = await tenantWithRule();
    const channelId = randomUUID();
    await channels.create({ channelId, tenantId, type: 'webhook', url: 'https://hooks.acme.test/nexus' });
    await deliveries.putTarget(tenantId, channelId, {
      type: 'webhook',
      url: 'https://hooks.acme.test/nexus',
      secret: 'whsec_c2VjcmV0',
    });
    for (const attempt of [1, 2])
      await deliveries.record({
        tenantId,
        channelId,
        deliveryId: 'd1',
        attempt,
        at: `2026-12-02T10:0${attempt}:00.000Z`,
        result: attempt === 1 ? 'retry-scheduled' : 'delivered',
        durationMs: 12,
      });

    expect(await channels.find(other.tenantId, channelId)).toBeNull();
    expect(await channels.remove(other.tenantId, channelId)).toBe(false);
    expect(await deliveries.target(other.tenantId, channelId)).toBeNull();
    expect(await deliveries.attempts(other.tenantId, channelId, 10)).toEqual([]);
    expect((await deliveries.attempts(tenantId, channelId, 10)).map((a) => [a.attempt, a.result])).toEqual([
      [2, 'delivered'],
      [1, 'retry-scheduled'],
    ]);
    expect(await deliveries.target(tenantId, channelId)).toMatchObject({ secret: 'whsec_c2VjcmV0' });

    await deliveries.removeTarget(tenantId, channelId);
    expect(await deliveries.target(tenantId, channelId)).toBeNull();
  });
});
