/** Port for alert rules, their evaluation progress and their event history (Postgres), per tenant. */
import type { RuleProgress } from '../domain/alerts/alert-evaluation';
import type { AlertRule } from '../domain/alerts/alert-rule';

/** A rule as created: its evaluation state and timestamps come from the store. */
export type NewAlertRule = Omit<AlertRule, 'muted' | 'state' | 'createdAt' | 'updatedAt'>;

export type AlertRuleChanges = {
  readonly [K in 'name' | 'condition' | 'for' | 'cooldown' | 'severity' | 'channels' | 'muted']?:
    | AlertRule[K]
    | undefined;
};

/** One state change of a rule, with the values that caused it. */
export interface AlertEvent {
  readonly alertId: string;
  /** Start (ISO) of the interval that changed the state. */
  readonly t: string;
  readonly state: 'firing' | 'resolved';
  readonly value: number | null;
  readonly expected: number | null;
  readonly band: { readonly level: 80 | 95; readonly lower: number; readonly upper: number } | null;
  /** False when muted or cooling down: recorded, not sent. */
  readonly notified: boolean;
  /** When it was recorded (ISO). */
  readonly at: string;
}

export interface AlertStore {
  create(rule: NewAlertRule): Promise<AlertRule>;
  list(tenantId: string): Promise<AlertRule[]>;
  find(tenantId: string, alertId: string): Promise<AlertRule | null>;
  /** Null when the tenant has no such rule. An edited condition starts the state over. */
  update(tenantId: string, alertId: string, changes: AlertRuleChanges): Promise<AlertRule | null>;
  remove(tenantId: string, alertId: string): Promise<boolean>;
  /** Every rule of every tenant with the tenant's name (the evaluator's work list). */
  listAll(): Promise<(AlertRule & { readonly tenantName: string })[]>;
  /** The tenant's display name, for notifications. */
  tenantName(tenantId: string): Promise<string>;
  progress(tenantId: string, alertId: string): Promise<RuleProgress>;
  /**
   * Stores `next` and `events` atomically, only if the rule's last evaluated interval is still
   * `previous`; false when another evaluator moved it first (nothing is stored then).
   */
  advance(
    tenantId: string,
    alertId: string,
    previous: string | null,
    next: RuleProgress,
    events: readonly AlertEvent[],
  ): Promise<boolean>;
  /** Newest first. */
  events(tenantId: string, alertId: string, limit: number): Promise<AlertEvent[]>;
}
