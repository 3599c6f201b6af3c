/**
 * Use case: email one alert state change to each recipient, with the metric's chart around
 * the interval rendered once and attached inline. A failed chart still sends the email (the
 * values are the message); a failed recipient does not stop the others.
 */
import type { ChartRenderer } from '../../ports/chart-renderer';
import type { Mailer } from '../../ports/mailer';
import { type SeriesChartInput, seriesChartDescription, seriesChartSpec } from '../charts/series-chart';
import { definedProps } from '../defined-props';
import { type AlertNotice, alertEmail } from './alert-notice';
import { type InlineImage, outgoingEmail } from './outgoing-email';
import { renderEmail } from './render-email';

export interface SendAlertEmailsDeps {
  readonly mailer: Mailer;
  readonly charts: ChartRenderer;
}

export interface SendAlertEmailsInput {
  readonly notice: Omit<AlertNotice, 'chart' | 'unsubscribeUrl'>;
  /** The series around the alert's interval; no chart when absent. */
  readonly chart?: SeriesChartInput;
  readonly recipients: readonly string[];
  /** Each recipient's own unsubscribe URL, when the channel offers one. */
  readonly unsubscribeUrl?: (recipient: string) => string | undefined;
  readonly tags?: Readonly<Record<string, string>>;
}

export type RecipientResult =
  | { readonly recipient: string; readonly status: 'sent'; readonly messageId: string }
  | { readonly recipient: string; readonly status: 'failed'; readonly error: string };

export interface SendAlertEmailsResult {
  readonly chartError?: string;
  readonly recipients: readonly RecipientResult[];
}

export const alertChartContentId = 'alert-chart@nexus';

export async function sendAlertEmails(
  input: SendAlertEmailsInput,
  deps: SendAlertEmailsDeps,
): Promise<SendAlertEmailsResult> {
  let image: InlineImage | undefined;
  let chart: AlertNotice['chart'];
  let chartError: string | undefined;
  if (input.chart) {
    try {
      const rendered = await deps.charts.render(seriesChartSpec(input.chart));
      image = { contentId: alertChartContentId, png: rendered.png };
      chart = {
        contentId: alertChartContentId,
        alt: seriesChartDescription(input.chart),
        width: rendered.width,
        height: rendered.height,
      };
    } catch (error) {
      chartError = error instanceof Error ? error.message : String(error);
    }
  }
  const recipients: RecipientResult[] = [];
  for (const recipient of input.recipients) {
    const unsubscribeUrl = input.unsubscribeUrl?.(recipient);
    try {
      const rendered = await renderEmail(
        alertEmail({
          ...input.notice,
          ...definedProps({ chart, unsubscribeUrl }),
        }),
      );
      const sent = await deps.mailer.send(
        outgoingEmail(
          recipient,
          rendered,
          definedProps({ images: image && [image], unsubscribeUrl, tags: input.tags }),
        ),
      );
      recipients.push({ recipient, status: 'sent', messageId: sent.messageId });
    } catch (error) {
      recipients.push({
        recipient,
        status: 'failed',
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return definedProps({ chartError, recipients });
}
