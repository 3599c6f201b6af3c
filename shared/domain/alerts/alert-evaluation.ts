/**
 * Pure rule evaluation: whether one closed interval breaches a rule's condition, and how the
 * rule's state moves on it (`ok → firing → resolved`, firing after `for` consecutive breaches,
 * notifying on transitions only, a firing notification at most once per cooldown).
 */
import type { AlertCondition, AlertRule, AlertState } from './alert-rule';

/** What is known about one closed interval when it is judged. */
export interface IntervalFacts {
  /** Interval start, epoch seconds. */
  readonly start: number;
  readonly value: number | null;
  /** The value `window` intervals earlier (change conditions). */
  readonly earlier?: number | null;
  /** The detector's score in [0, 1] and flag for the interval (anomaly conditions). */
  readonly anomaly?: { readonly score: number; readonly flagged: boolean; readonly expected?: number };
  /** The forecast made from the history before the interval (forecastBreach conditions). */
  readonly forecast?: { readonly mean: number; readonly lower: number; readonly upper: number };
  /** The model measure over the rule's window up to the interval (modelDrift conditions); null: nothing to measure. */
  readonly drift?: number | null;
}

export interface Judgement {
  readonly breaching: boolean;
  readonly value: number | null;
  readonly expected: number | null;
  readonly band?: { readonly level: 80 | 95; readonly lower: number; readonly upper: number };
}

function compare(op: 'gt' | 'gte' | 'lt' | 'lte', value: number, limit: number): boolean {
  switch (op) {
    case 'gt':
      return value > limit;
    case 'gte':
      return value >= limit;
    case 'lt':
      return value < limit;
    case 'lte':
      return value <= limit;
  }
}

/** Judges one interval; a missing value (no data, not yet scored) never breaches. */
export function judge(condition: AlertCondition, facts: IntervalFacts): Judgement {
  const value = facts.value;
  const base = { value, expected: null };
  if (value === null) return { ...base, breaching: false };
  switch (condition.type) {
    case 'threshold':
      return { value, expected: condition.value, breaching: compare(condition.op, value, condition.value) };
    case 'change': {
      const earlier = facts.earlier ?? null;
      if (earlier === null) return { ...base, breaching: false };
      const change =
        earlier === 0
          ? value === 0
            ? 0
            : Number.POSITIVE_INFINITY
          : Math.abs(value - earlier) / Math.abs(earlier);
      return { value, expected: earlier, breaching: change * 100 >= condition.percent };
    }
    case 'anomaly': {
      const scored = facts.anomaly;
      if (!scored) return { ...base, breaching: false };
      const breaching =
        condition.sensitivity === undefined ? scored.flagged : scored.score >= 1 - condition.sensitivity;
      return { value, expected: scored.expected ?? null, breaching };
    }
    case 'forecastBreach': {
      const forecast = facts.forecast;
      if (!forecast) return { ...base, breaching: false };
      return {
        value,
        expected: forecast.mean,
        band: { level: condition.level, lower: forecast.lower, upper: forecast.upper },
        breaching: value < forecast.lower || value > forecast.upper,
      };
    }
    case 'modelDrift': {
      // The judged value is the model's measure, not the metric's.
      const drift = facts.drift ?? null;
      if (drift === null) return { value: null, expected: condition.value, breaching: false };
      return {
        value: drift,
        expected: condition.value,
        breaching: compare(condition.op, drift, condition.value),
      };
    }
  }
}

/** A rule's memory between intervals. */
export interface RuleProgress {
  readonly state: AlertState;
  /** Consecutive breaching intervals up to the last evaluated one. */
  readonly streak: number;
  /** Start (ISO) of the last evaluated interval; null before the first evaluation. */
  readonly lastEvaluated: string | null;
  /** Start (ISO) of the interval whose firing was last notified, for the cooldown. */
  readonly lastNotified: string | null;
}

export const initialProgress: RuleProgress = {
  state: 'ok',
  streak: 0,
  lastEvaluated: null,
  lastNotified: null,
};

export interface Step {
  readonly progress: RuleProgress;
  /** Set when the state changed on this interval. */
  readonly transition?: 'firing' | 'resolved';
  /** Whether the transition is sent to the rule's channels. */
  readonly notify: boolean;
}

/** Moves `progress` over one judged interval starting at `start` (epoch seconds). */
export function step(
  rule: Pick<AlertRule, 'for' | 'cooldown' | 'muted'>,
  progress: RuleProgress,
  start: number,
  judgement: Judgement,
): Step {
  const at = new Date(start * 1000).toISOString();
  const streak = judgement.breaching ? progress.streak + 1 : 0;
  const moved = { ...progress, streak, lastEvaluated: at };
  if (progress.state !== 'firing' && streak >= rule.for) {
    const cooling =
      progress.lastNotified !== null && start - Date.parse(progress.lastNotified) / 1000 < rule.cooldown;
    const notify = !rule.muted && !cooling;
    return {
      progress: { ...moved, state: 'firing', lastNotified: notify ? at : progress.lastNotified },
      transition: 'firing',
      notify,
    };
  }
  if (progress.state === 'firing' && !judgement.breaching)
    return { progress: { ...moved, state: 'resolved' }, transition: 'resolved', notify: !rule.muted };
  return { progress: moved, notify: false };
}
