import { describe, expect, it } from 'vitest';
import { alertEmail, alertWebhookPayload } from '../../../../shared/domain/notifications/alert-notice';
import { formatChange, kpiChange } from '../../../../shared/domain/notifications/email-document';
import { firingNotice } from '../../../support/notifications/alert-fixtures';

describe('alertWebhookPayload', () => {
  it('names the alert, state, metric, interval, value, expected value and band, and the series link', () => {
    const payload = alertWebhookPayload(firingNotice(), new Date('2026-12-02T10:51:03Z'));

    expect(payload).toEqual({
      type: 'alert.firing',
      timestamp: '2026-12-02T10:51:03.000Z',
      data: {
        alertId: 'alr_01JDEMO',
        alertName: 'Signups spike',
        state: 'firing',
        severity: 'critical',
        metric: { id: 'met_signups', name: 'Signups per minute', unit: null },
        interval: { start: '2026-12-02T10:50:00.000Z', end: '2026-12-02T10:51:00.000Z', grain: '1m' },
        value: 846,
        expected: 41.2,
        band: { level: 95, lower: 29.5, upper: 52.9 },
        condition: 'anomaly, sensitivity 0.9',
        seriesUrl: 'https://nexus.example.com/v1/metrics/met_signups/series?from=2026-12-02T08:00:00Z',
      },
    });
  });
});

describe('alertEmail', () => {
  it('leaves out the chart block when no chart was rendered, and words a resolution', () => {
    const { chart: _chart, ...withoutChart } = firingNotice({ state: 'resolved', value: 44 });
    const doc = alertEmail(withoutChart);

    expect(doc.subject).toBe('[Nexus] Resolved: Signups spike (44)');
    expect(doc.blocks.map((b) => b.type)).toEqual(['status', 'heading', 'facts', 'button']);
    expect(doc.blocks[0]).toEqual({
      type: 'status',
      state: 'resolved',
      text: 'Signups per minute is back to 44.',
    });
  });

  it('spans days in the interval of a daily alert', () => {
    const doc = alertEmail(firingNotice({ interval: { start: Date.UTC(2026, 11, 1, 23), grain: '1d' } }));

    const facts = doc.blocks.find((b) => b.type === 'facts');
    expect(JSON.stringify(facts)).toContain('2 Dec 2026, 00:00 – 3 Dec 2026, 00:00 (1d)');
  });
});

describe('kpiChange', () => {
  it('is relative to the previous value, and favourable by the direction that is good news', () => {
    const up = kpiChange({ label: 'a', value: 150, previous: 100 });
    const errorsUp = kpiChange({ label: 'b', value: 3, previous: 2, higherIsBetter: false });
    const fromNegative = kpiChange({ label: 'c', value: -50, previous: -100 });

    expect(up).toEqual({ percent: 50, direction: 'up', favourable: true });
    expect(errorsUp?.favourable).toBe(false);
    expect(fromNegative?.percent).toBe(50);
    expect(formatChange({ percent: -3.04, direction: 'down', favourable: false })).toBe('−3.0%');
    expect(kpiChange({ label: 'd', value: 5 })).toBeNull();
    expect(kpiChange({ label: 'e', value: null, previous: 3 })).toBeNull();
  });
});
