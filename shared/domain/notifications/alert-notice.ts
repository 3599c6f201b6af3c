/**
 * What an alert tells people and systems on a state change: the email document (with its
 * chart by content id) and the webhook JSON body, both from one AlertNotice so they agree.
 */

import { definedProps } from '../defined-props';
import { type EmailDocument, type Fact, formatNumber, formatTime } from './email-document';

export type AlertGrain = '1m' | '5m' | '1h' | '1d';

export const grainMs: Readonly<Record<AlertGrain, number>> = {
  '1m': 60_000,
  '5m': 300_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
};

export interface AlertNotice {
  readonly tenantName: string;
  readonly alertId: string;
  readonly alertName: string;
  /** `test` for POST /v1/alerts/{id}/test. */
  readonly state: 'firing' | 'resolved' | 'test';
  readonly severity?: 'info' | 'warning' | 'critical';
  readonly metric: { readonly id: string; readonly name: string; readonly unit?: string };
  /** The evaluated interval: its start (epoch ms) and grain. */
  readonly interval: { readonly start: number; readonly grain: AlertGrain };
  readonly value: number | null;
  /** What the detector or forecast expected for the interval. */
  readonly expected?: number | null;
  readonly band?: { readonly level: 80 | 95; readonly lower: number; readonly upper: number };
  /** The rule in words (`above 200`, `anomaly, sensitivity 0.9`). */
  readonly condition: string;
  /** The series around the interval in the Nexus API or console. */
  readonly seriesUrl: string;
  /** IANA zone the email shows times in. */
  readonly timeZone: string;
  /** The inline chart, when one was rendered. */
  readonly chart?: {
    readonly contentId: string;
    readonly alt: string;
    readonly width: number;
    readonly height: number;
  };
  /** Where the recipient can stop these emails. */
  readonly unsubscribeUrl?: string;
}

function intervalText(notice: AlertNotice): string {
  const start = notice.interval.start;
  const end = start + grainMs[notice.interval.grain];
  const from = formatTime(start, notice.timeZone);
  const to = formatTime(end, notice.timeZone);
  // Same day: show the end as a time only (`2 Dec 2026, 10:50–10:51`).
  const [fromDay] = from.split(', ');
  const [toDay, toClock] = to.split(', ');
  return fromDay === toDay && toClock ? `${from}–${toClock}` : `${from} – ${to}`;
}

function statusText(notice: AlertNotice): string {
  const value = formatNumber(notice.value, notice.metric.unit);
  switch (notice.state) {
    case 'firing':
      return `${notice.metric.name} is ${value}, ${notice.condition}.`;
    case 'resolved':
      return `${notice.metric.name} is back to ${value}.`;
    case 'test':
      return 'A test notification: no alert fired.';
  }
}

export function alertFacts(notice: AlertNotice): Fact[] {
  const unit = notice.metric.unit;
  const facts: Fact[] = [
    { label: 'Metric', value: notice.metric.name },
    { label: 'Interval', value: `${intervalText(notice)} (${notice.interval.grain})` },
    { label: 'Value', value: formatNumber(notice.value, unit) },
  ];
  if (notice.expected !== undefined && notice.expected !== null)
    facts.push({ label: 'Expected', value: formatNumber(notice.expected, unit) });
  if (notice.band)
    facts.push({
      label: `${notice.band.level}% band`,
      value: `${formatNumber(notice.band.lower, unit)} – ${formatNumber(notice.band.upper, unit)}`,
    });
  facts.push({ label: 'Condition', value: notice.condition });
  if (notice.severity) facts.push({ label: 'Severity', value: notice.severity });
  return facts;
}

export function alertEmail(notice: AlertNotice): EmailDocument {
  const verb = { firing: 'firing', resolved: 'resolved', test: 'test' }[notice.state];
  const subject =
    notice.state === 'test'
      ? `[Nexus] Test: ${notice.alertName}`
      : `[Nexus] ${notice.state === 'firing' ? 'Firing' : 'Resolved'}: ${notice.alertName} (${formatNumber(notice.value, notice.metric.unit)})`;
  return {
    subject,
    preheader: `${statusText(notice)} ${intervalText(notice)}`,
    header: {
      tenantName: notice.tenantName,
      title: notice.state === 'test' ? 'Alert test' : `Alert ${verb}`,
      timeZone: notice.timeZone,
    },
    blocks: [
      { type: 'status', state: notice.state, text: statusText(notice) },
      { type: 'heading', text: notice.alertName },
      { type: 'facts', facts: alertFacts(notice) },
      ...(notice.chart
        ? [
            {
              type: 'chart' as const,
              ...notice.chart,
              caption: 'Red dots: flagged intervals. Dashed red line: threshold. Shaded: expected range.',
            },
          ]
        : []),
      { type: 'button', text: 'Open the series', href: notice.seriesUrl },
    ],
    reason: `You receive this because you are a recipient of the alert "${notice.alertName}" in ${notice.tenantName}.`,
    ...definedProps({ unsubscribeUrl: notice.unsubscribeUrl }),
  };
}

/** The JSON body of an alert webhook (Standard Webhooks `type` + `timestamp` + `data`). */
export interface AlertWebhookPayload {
  readonly type: `alert.${AlertNotice['state']}`;
  readonly timestamp: string;
  readonly data: {
    readonly alertId: string;
    readonly alertName: string;
    readonly state: AlertNotice['state'];
    readonly severity: AlertNotice['severity'] | null;
    readonly metric: { readonly id: string; readonly name: string; readonly unit: string | null };
    readonly interval: { readonly start: string; readonly end: string; readonly grain: AlertGrain };
    readonly value: number | null;
    readonly expected: number | null;
    readonly band: AlertNotice['band'] | null;
    readonly condition: string;
    readonly seriesUrl: string;
  };
}

export function alertWebhookPayload(notice: AlertNotice, sentAt: Date): AlertWebhookPayload {
  return {
    type: `alert.${notice.state}`,
    timestamp: sentAt.toISOString(),
    data: {
      alertId: notice.alertId,
      alertName: notice.alertName,
      state: notice.state,
      severity: notice.severity ?? null,
      metric: { id: notice.metric.id, name: notice.metric.name, unit: notice.metric.unit ?? null },
      interval: {
        start: new Date(notice.interval.start).toISOString(),
        end: new Date(notice.interval.start + grainMs[notice.interval.grain]).toISOString(),
        grain: notice.interval.grain,
      },
      value: notice.value,
      expected: notice.expected ?? null,
      band: notice.band ?? null,
      condition: notice.condition,
      seriesUrl: notice.seriesUrl,
    },
  };
}
