/**
 * Invoked by EventBridge with SES's bounce and complaint events from the reports' configuration
 * set: hard-bouncing and complaining addresses are suppressed for the tenant the message was sent
 * for. A malformed event is logged and dropped (a retry would not fix it); a database error
 * throws, so EventBridge's retries and the dead-letter queue keep the event.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { mailEvent, recordMailEvent } from '../../../shared/domain/reports/record-mail-events';
import type { SuppressionStore } from '../../../shared/ports/suppression-store';

export interface MailEventsDeps {
  readonly suppressions: Pick<SuppressionStore, 'suppress'>;
  readonly logger: Logger;
}

export function makeMailEventsHandler(deps: MailEventsDeps) {
  return middy(async (event: unknown) => {
    const parsed = mailEvent.safeParse(event);
    if (!parsed.success) {
      deps.logger.warn('not an SES mail event; dropped', { issues: parsed.error.issues.slice(0, 5) });
      return { outcome: 'ignored', reason: 'not an SES mail event' };
    }
    const result = await recordMailEvent(parsed.data, deps);
    // Addresses are personal data: the log names the tenant and the counts, not the addresses.
    deps.logger.info('mail event', {
      detailType: parsed.data['detail-type'],
      messageId: parsed.data.detail.mail.messageId,
      ...result,
    });
    return result;
  }).use(injectLambdaContext(deps.logger, { resetKeys: true }));
}
