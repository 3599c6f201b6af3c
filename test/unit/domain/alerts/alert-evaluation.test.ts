/** Rule evaluation: which intervals breach each condition, and how the state moves on them. */
import { describe, expect, it } from 'vitest';
import {
  initialProgress,
  type Judgement,
  judge,
  type RuleProgress,
  step,
} from '../../../../shared/domain/alerts/alert-evaluation';

const t0 = Date.parse('2026-12-02T10:00:00Z') / 1000;
const rule = { for: 1, cooldown: 0, muted: false };
const breach: Judgement = { breaching: true, value: 60, expected: 30 };
const calm: Judgement = { breaching: false, value: 3, expected: 30 };

/** Steps through judgements one minute apart; returns the transitions and whether each notified. */
function run(judgements: readonly Judgement[], r = rule, from: RuleProgress = initialProgress) {
  let progress = from;
  return judgements.map((j, i) => {
    const moved = step(r, progress, t0 + i * 60, j);
    progress = moved.progress;
    return moved.transition ? `${moved.transition}${moved.notify ? '' : '(silent)'}` : '-';
  });
}

describe('judge', () => {
  it('compares thresholds with the rule operator, at the edge too', () => {
    expect(judge({ type: 'threshold', op: 'gt', value: 30 }, { start: t0, value: 30 }).breaching).toBe(false);
    expect(judge({ type: 'threshold', op: 'gte', value: 30 }, { start: t0, value: 30 }).breaching).toBe(true);
    expect(judge({ type: 'threshold', op: 'lt', value: 1 }, { start: t0, value: 0 }).breaching).toBe(true);
    expect(judge({ type: 'threshold', op: 'lte', value: 1 }, { start: t0, value: 2 }).breaching).toBe(false);
  });

  it('compares a modelDrift measure with the rule value, and never breaches without one', () => {
    const drift = { type: 'modelDrift', measure: 'coverage95', op: 'lt', value: 90, window: 24 } as const;
    expect(judge(drift, { start: t0, value: 120, drift: 80 })).toEqual({
      breaching: true,
      value: 80,
      expected: 90,
    });
    expect(judge(drift, { start: t0, value: 120, drift: 90 }).breaching).toBe(false);
    expect(judge(drift, { start: t0, value: 120, drift: null })).toEqual({
      breaching: false,
      value: null,
      expected: 90,
    });
    expect(judge(drift, { start: t0, value: 120 }).breaching).toBe(false);
  });

  it('never breaches on a missing value', () => {
    expect(judge({ type: 'threshold', op: 'lt', value: 1 }, { start: t0, value: null }).breaching).toBe(
      false,
    );
  });

  it('measures change against the value window intervals earlier, both ways, and from zero', () => {
    const change = { type: 'change', percent: 50, window: 60 } as const;
    expect(judge(change, { start: t0, value: 15, earlier: 10 })).toMatchObject({
      breaching: true,
      expected: 10,
    });
    expect(judge(change, { start: t0, value: 5, earlier: 10 }).breaching).toBe(true);
    expect(judge(change, { start: t0, value: 14, earlier: 10 }).breaching).toBe(false);
    expect(judge(change, { start: t0, value: 1, earlier: 0 }).breaching).toBe(true);
    expect(judge(change, { start: t0, value: 0, earlier: 0 }).breaching).toBe(false);
    expect(judge(change, { start: t0, value: 10, earlier: null }).breaching).toBe(false);
  });

  it("uses the detector's flag, or its score against the sensitivity when one is given", () => {
    const scored = { start: t0, value: 60, anomaly: { score: 0.7, flagged: false } };
    expect(judge({ type: 'anomaly' }, scored).breaching).toBe(false);
    expect(judge({ type: 'anomaly', sensitivity: 0.4 }, scored).breaching).toBe(true);
    expect(judge({ type: 'anomaly', sensitivity: 0.2 }, scored).breaching).toBe(false);
    expect(judge({ type: 'anomaly' }, { start: t0, value: 60 }).breaching).toBe(false);
  });

  it('breaches outside the forecast band and reports the band', () => {
    const forecast = { mean: 10, lower: 8, upper: 12 };
    const condition = { type: 'forecastBreach', level: 95 } as const;
    expect(judge(condition, { start: t0, value: 13, forecast })).toEqual({
      breaching: true,
      value: 13,
      expected: 10,
      band: { level: 95, lower: 8, upper: 12 },
    });
    expect(judge(condition, { start: t0, value: 12, forecast }).breaching).toBe(false);
  });
});

describe('step', () => {
  it('fires on the first breach and resolves on the first calm interval, notifying both', () => {
    expect(run([calm, breach, breach, calm, calm])).toEqual(['-', 'firing', '-', 'resolved', '-']);
  });

  it('waits for `for` consecutive breaches; a calm interval starts the count over', () => {
    expect(run([breach, breach, calm, breach, breach, breach], { ...rule, for: 3 })).toEqual([
      '-',
      '-',
      '-',
      '-',
      '-',
      'firing',
    ]);
  });

  it('fires again after resolving, but not within the cooldown of the last firing notification', () => {
    const flapping = [breach, calm, breach, calm, calm, calm, breach];
    expect(run(flapping, { ...rule, cooldown: 300 })).toEqual([
      'firing',
      'resolved',
      'firing(silent)',
      'resolved',
      '-',
      '-',
      'firing',
    ]);
  });

  it('records transitions of a muted rule without notifying', () => {
    expect(run([breach, calm], { ...rule, muted: true })).toEqual(['firing(silent)', 'resolved(silent)']);
  });

  it('remembers the last evaluated interval', () => {
    const moved = step(rule, initialProgress, t0, calm);
    expect(moved.progress.lastEvaluated).toBe('2026-12-02T10:00:00.000Z');
  });
});
