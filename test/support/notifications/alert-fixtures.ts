/** An anomaly alert on a spiking signups series, as the evaluator would hand it to delivery. */
import type { AlertNotice } from '../../../shared/domain/notifications/alert-notice';
import { seriesStart } from './series-fixtures';

export function firingNotice(overrides: Partial<AlertNotice> = {}): AlertNotice {
  return {
    tenantName: 'Acme Analytics',
    alertId: 'alr_01JDEMO',
    alertName: 'Signups spike',
    state: 'firing',
    severity: 'critical',
    metric: { id: 'met_signups', name: 'Signups per minute' },
    interval: { start: seriesStart + 170 * 60_000, grain: '1m' },
    value: 846,
    expected: 41.2,
    band: { level: 95, lower: 29.5, upper: 52.9 },
    condition: 'anomaly, sensitivity 0.9',
    seriesUrl: 'https://nexus.example.com/v1/metrics/met_signups/series?from=2026-12-02T08:00:00Z',
    timeZone: 'Europe/Berlin',
    chart: {
      contentId: 'chart-signups@nexus',
      alt: 'Line chart of Signups per minute',
      width: 560,
      height: 244,
    },
    unsubscribeUrl: 'https://nexus.example.com/v1/unsubscribe?token=abc',
    ...overrides,
  };
}
