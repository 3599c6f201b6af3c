import { describe, expect, it } from 'vitest';
import type { ChartSpec } from '../../../../shared/domain/charts/series-chart';
import {
  alertChartContentId,
  sendAlertEmails,
} from '../../../../shared/domain/notifications/send-alert-emails';
import type { ChartImage, ChartRenderer } from '../../../../shared/ports/chart-renderer';
import { firingNotice } from '../../../support/notifications/alert-fixtures';
import { alertChartInput } from '../../../support/notifications/series-fixtures';
import { RecordingMailer } from '../../../support/twins/recording-mailer';

class StubCharts implements ChartRenderer {
  readonly specs: ChartSpec[] = [];
  constructor(private readonly fail = false) {}
  async render(spec: ChartSpec): Promise<ChartImage> {
    if (this.fail) throw new Error('wasm exploded');
    this.specs.push(spec);
    return { png: Uint8Array.from([1, 2, 3]), width: 576, height: 250, widthPx: 1152, heightPx: 500 };
  }
}

const { chart: _chart, unsubscribeUrl: _u, ...notice } = firingNotice();

describe('sendAlertEmails', () => {
  it('renders the chart once and sends each recipient their own message with it inline', async () => {
    const mailer = new RecordingMailer();
    const charts = new StubCharts();

    const result = await sendAlertEmails(
      {
        notice,
        chart: alertChartInput(),
        recipients: ['ana@example.com', 'bo@example.com'],
        unsubscribeUrl: (r) => `https://nexus.example.com/v1/unsubscribe?token=${encodeURIComponent(r)}`,
        tags: { tenant: 'acme' },
      },
      { mailer, charts },
    );

    expect(charts.specs).toHaveLength(1);
    expect(result.recipients.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(mailer.sent.map((m) => m.to)).toEqual(['ana@example.com', 'bo@example.com']);
    const [first, second] = mailer.sent;
    expect(first?.html).toContain(`src="cid:${alertChartContentId}"`);
    // Wider than the email's content: shown at the 560 px content width.
    expect(first?.html).toContain('width="560"');
    expect(first?.attachments).toEqual([
      {
        filename: 'chart-1.png',
        contentType: 'image/png',
        content: Uint8Array.from([1, 2, 3]),
        disposition: 'inline',
        contentId: alertChartContentId,
      },
    ]);
    expect(first?.headers?.[0]?.value).toBe(
      '<https://nexus.example.com/v1/unsubscribe?token=ana%40example.com>',
    );
    expect(second?.html).toContain('token=bo%40example.com');
    expect(first?.tags).toEqual({ tenant: 'acme' });
  });

  it('still sends the values when the chart fails, and reports a failed recipient without stopping', async () => {
    const mailer = new RecordingMailer(new Set(['bounce@example.com']));

    const result = await sendAlertEmails(
      { notice, chart: alertChartInput(), recipients: ['bounce@example.com', 'ana@example.com'] },
      { mailer, charts: new StubCharts(true) },
    );

    expect(result.chartError).toBe('wasm exploded');
    expect(result.recipients).toEqual([
      { recipient: 'bounce@example.com', status: 'failed', error: 'mailbox unavailable: bounce@example.com' },
      { recipient: 'ana@example.com', status: 'sent', messageId: 'msg-1' },
    ]);
    expect(mailer.sent[0]?.html).not.toContain('cid:');
    expect(mailer.sent[0]?.attachments).toBeUndefined();
    expect(mailer.sent[0]?.text).toContain('Value:     846');
  });
});
