/** In-memory twins of the AlertStore and AlertChannelStore ports: progress moves only from the expected interval. */

import type { AlertChannel, NewAlertChannel } from '../../../shared/domain/alerts/alert-channel';
import { initialProgress, type RuleProgress } from '../../../shared/domain/alerts/alert-evaluation';
import type { AlertRule } from '../../../shared/domain/alerts/alert-rule';
import type { AlertChannelStore } from '../../../shared/ports/alert-channel-store';
import type {
  AlertEvent,
  AlertRuleChanges,
  AlertStore,
  NewAlertRule,
} from '../../../shared/ports/alert-store';

export class InMemoryAlertStore implements AlertStore {
  private readonly rules = new Map<string, AlertRule>();
  private readonly progresses = new Map<string, RuleProgress>();
  private readonly history: AlertEvent[] = [];

  constructor(private readonly clock: () => Date = () => new Date()) {}

  private owned(tenantId: string, alertId: string): AlertRule | null {
    const rule = this.rules.get(alertId);
    return rule?.tenantId === tenantId
      ? { ...rule, state: this.progresses.get(alertId)?.state ?? 'ok' }
      : null;
  }

  async create(rule: NewAlertRule): Promise<AlertRule> {
    const at = this.clock().toISOString();
    this.rules.set(rule.alertId, { ...rule, muted: false, state: 'ok', createdAt: at, updatedAt: at });
    return this.owned(rule.tenantId, rule.alertId) as AlertRule;
  }

  async list(tenantId: string) {
    return [...this.rules.keys()].flatMap((id) => this.owned(tenantId, id) ?? []);
  }

  async find(tenantId: string, alertId: string) {
    return this.owned(tenantId, alertId);
  }

  async update(tenantId: string, alertId: string, changes: AlertRuleChanges) {
    const rule = this.owned(tenantId, alertId);
    if (!rule) return null;
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    this.rules.set(alertId, { ...rule, ...defined, updatedAt: this.clock().toISOString() });
    if (changes.condition !== undefined || changes.for !== undefined) this.progresses.delete(alertId);
    return this.owned(tenantId, alertId);
  }

  async remove(tenantId: string, alertId: string) {
    return this.owned(tenantId, alertId) ? this.rules.delete(alertId) : false;
  }

  async listAll() {
    return [...this.rules.values()].map((r) => ({
      ...(this.owned(r.tenantId, r.alertId) as AlertRule),
      tenantName: 'Acme',
    }));
  }

  async tenantName() {
    return 'Acme';
  }

  async progress(tenantId: string, alertId: string) {
    return this.owned(tenantId, alertId)
      ? (this.progresses.get(alertId) ?? initialProgress)
      : initialProgress;
  }

  async advance(
    tenantId: string,
    alertId: string,
    previous: string | null,
    next: RuleProgress,
    events: readonly AlertEvent[],
  ) {
    if (!this.owned(tenantId, alertId)) return false;
    if ((this.progresses.get(alertId)?.lastEvaluated ?? null) !== previous) return false;
    this.progresses.set(alertId, next);
    this.history.push(...events);
    return true;
  }

  async events(tenantId: string, alertId: string, limit: number) {
    if (!this.owned(tenantId, alertId)) return [];
    return this.history
      .filter((e) => e.alertId === alertId)
      .sort((a, b) => (a.t < b.t ? 1 : -1))
      .slice(0, limit);
  }
}

export class InMemoryAlertChannelStore implements AlertChannelStore {
  private readonly channels = new Map<string, AlertChannel>();

  async create(channel: NewAlertChannel) {
    const stored = { ...channel, createdAt: new Date().toISOString() } as AlertChannel;
    this.channels.set(channel.channelId, stored);
    return stored;
  }

  async list(tenantId: string) {
    return [...this.channels.values()].filter((c) => c.tenantId === tenantId);
  }

  async find(tenantId: string, channelId: string) {
    const channel = this.channels.get(channelId);
    return channel?.tenantId === tenantId ? channel : null;
  }

  async remove(tenantId: string, channelId: string) {
    return (await this.find(tenantId, channelId)) ? this.channels.delete(channelId) : false;
  }
}
